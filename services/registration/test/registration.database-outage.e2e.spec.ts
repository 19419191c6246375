import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestHandler } from 'express';
import { MongoClient } from 'mongodb';
import { describeWithServices, freePortPair, PrivateFerretDb } from '@csm/testkit';
import { SqliteEventStore } from '@csm/eventstore-sqlite';
import { EventContracts, InMemorySubjectKeyStore, PersonalDataVault, projectEvent, SubjectIds, type SubscriptionStatus } from '@csm/eventing';
import { eventCatalog } from '@csm/contracts';
import { EmbeddedReadModels, MongoReadModels, type Document } from '@csm/readmodels';
import { createKafka, parseBrokers } from '@csm/bus-kafka';
import type { Principal } from '@csm/identity';
import { startBusRegistration } from '../src/main';
import { REGISTRATION_PROJECTIONS } from '../src/registration-service';
import { aProfile } from './organization-builders';

jest.setTimeout(240_000);

const OUTAGE_MS = 20_000;

/** Who calls is not this test's subject: the principal travels in a header the test trusts. */
const principalFromHeader: RequestHandler = (req, _res, next) => {
  const header = req.get('x-test-principal');
  if (header) req.principal = JSON.parse(header) as Principal;
  next();
};
const ADMIN: Principal = { subject: 'admin-1', username: 'admin', roles: ['nctc-admin'] };
const partnerOf = (organizationId: string): Principal => ({ subject: `p-${organizationId}`, username: `admin-${organizationId}`, roles: ['partner'], organizationId });

/** The driver stores an undefined field as null (BSON has no undefined); the embedded adapter keeps undefined. */
const asStored = (documents: Document[]) => JSON.parse(JSON.stringify(documents, (_key, value: unknown) => (value === undefined ? null : value))) as unknown;

/** The projectors' own bookkeeping (revisions seen, per-partition checkpoints) is not a read model. */
const withoutStreamRevisions = (names: string[]) => names.filter((n) => n !== 'stream_revisions' && n !== 'partitionCheckpoints').sort();

describeWithServices(['kafka'], 'registration read models through a 20 s database outage', ({ kafka: brokers }) => {
  if (!PrivateFerretDb.available()) {
    console.log('SKIPPED: database outage: FerretDB binary not built (run `npm run infra:up`)');
    it.skip('SKIPPED: FerretDB binary not built (run `npm run infra:up`)', () => undefined);
    return;
  }

  it('retries through the outage, dead-letters nothing, and ends equal to a fresh rebuild from the log', async () => {
    const namespace = `outage${randomUUID().slice(0, 8)}.`;
    const database = `csm_${namespace.replace(/\W/g, '')}`;
    const dir = mkdtempSync(join(tmpdir(), 'csm-outage-'));
    const ferret = new PrivateFerretDb(await freePortPair());
    await ferret.start();
    // Fail fast while the database is away, so the subscription's own backoff does the waiting.
    // A socket timeout too: an operation in flight when the server went away must fail and be retried, not wait forever.
    const client = new MongoClient(ferret.uri, { serverSelectionTimeoutMS: 2_000, socketTimeoutMS: 10_000 });
    await client.connect();
    const readModels = MongoReadModels.fromClient(client, database);
    const store = await SqliteEventStore.open({ file: join(dir, 'events.db') });
    const kafka = createKafka({ clientId: 'outage-e2e', brokers: parseBrokers(brokers) });
    const subjectIds = new SubjectIds(randomBytes(32));
    const service = await startBusRegistration({
      store,
      contracts: new EventContracts(eventCatalog(subjectIds)),
      subjectIds,
      readModels,
      vault: new PersonalDataVault(new InMemorySubjectKeyStore()),
      authenticate: principalFromHeader,
      kafka,
      relayCheckpoints: store.checkpoints(),
      namespace,
      log: () => undefined,
    });
    const server = await new Promise<Server>((resolve) => {
      const s = service.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const command = async (path: string, who: Principal, body: unknown, expected: number) => {
      const response = await fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-test-principal': JSON.stringify(who) },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(expected);
    };
    // Partners' requests need the read-model database (membership is checked against it), so
    // during the outage they would be refused, not lost. The stream of commands that goes on
    // through the outage is the NCTC's verifications of organisations submitted beforehand.
    const ORGANIZATIONS = 250;
    const idOf = (n: number) => `outage-org-${n}`;
    for (let n = 0; n < ORGANIZATIONS; n++) {
      await command('/organizations', partnerOf(idOf(n)), aProfile({ name: `Outage Test ${idOf(n)}` }), 201);
      await command(`/organizations/${idOf(n)}/submit`, partnerOf(idOf(n)), {}, 202);
    }
    let next = 0;
    const verifyOne = async () => {
      await command(`/organizations/${idOf(next++)}/verify`, ADMIN, { note: 'Checked' }, 202);
    };
    let pumping = true;
    // A steady stream of commands, paced so a 20 s outage sees about a hundred of them.
    const pump = (async () => {
      while (pumping && next < ORGANIZATIONS) {
        await verifyOne();
        await new Promise((r) => setTimeout(r, 100));
      }
    })();

    try {
      await Promise.all(service.projections.map((p) => p.caughtUp(0n, 30_000)));

      await ferret.stop();
      const stoppedAt = Date.now();
      const verifiedAtStop = next;
      // While the database is away, whatever needs it holds its place and says why: the
      // projectors (their read models) and the relay (its per-partition record of what it
      // published, saved before its checkpoint so reads never answer early).
      const relayStatus = () => (service.relay && 'status' in service.relay ? service.relay.status() : undefined);
      let duringOutage: SubscriptionStatus[] = [];
      let readyzStatus: number | undefined;
      while (Date.now() - stoppedAt < OUTAGE_MS) {
        const statuses = [...service.projections.map((p) => p.status()), relayStatus()].filter((s): s is SubscriptionStatus => s !== undefined);
        const waiting = statuses.filter((s) => s.lastError && s.stalledForMs > 0);
        if (waiting.length > 0) {
          duringOutage = waiting;
          readyzStatus = (await fetch(`${baseUrl}/readyz`)).status;
        }
        await new Promise((r) => setTimeout(r, 250));
      }
      // A partner's request needs the database (membership): refused as retryable, nothing appended.
      const refused = await fetch(`${baseUrl}/organizations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-test-principal': JSON.stringify(partnerOf('outage-latecomer')) },
        body: JSON.stringify(aProfile({ name: 'Outage Latecomer' })),
      });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(((await refused.json()) as { type: string }).type).toBe('https://csm.go.ke/problems/dependency-unavailable');
      expect((await store.readStream('organization-outage-latecomer')).length).toBe(0);
      // Below the stall limit (30 s) /readyz still answers 200.
      expect(readyzStatus).toBe(200);
      expect(duringOutage.length).toBeGreaterThan(0);
      for (const status of duringOutage) {
        expect(status.lastError).toEqual(expect.any(String));
        expect(status.halted).toBeUndefined();
      }
      await ferret.start();
      const verifiedDuringOutage = next - verifiedAtStop;
      // The stream goes on until every organisation is verified.
      await pump;
      expect(next).toBe(ORGANIZATIONS);
      expect(verifiedDuringOutage).toBeGreaterThan(50);
      console.log(`database outage: ${OUTAGE_MS} ms; ${ORGANIZATIONS * 2 + next} commands in all, ${verifiedDuringOutage} of them while the database was down`);

      const head = await store.headPosition();
      const recoveryStarted = Date.now();
      const recovered = Promise.all(service.projections.map((p) => p.caughtUp(head, 180_000)));
      // If recovery does not come, say where it stuck: the relay's and each projector's status.
      await recovered.catch((error: unknown) => {
        console.log(`database outage: not recovered: ${JSON.stringify([relayStatus(), ...service.projections.map((p) => p.status())], (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`);
        throw error;
      });
      console.log(`database outage: projections caught up ${Date.now() - recoveryStarted} ms after the last command`);

      // Nothing was dead-lettered.
      const admin = kafka.admin();
      await admin.connect();
      const dlq = await admin.fetchTopicOffsets(`${namespace}csm.registration.events.dlq`);
      await admin.disconnect();
      expect(dlq.map((p) => p.high)).toEqual(dlq.map(() => '0'));

      // Every read model equals a fresh rebuild from the log.
      const rebuilt = new EmbeddedReadModels();
      for (const event of await store.readAll({ after: -1n, maxCount: 1_000_000 })) {
        for (const projection of REGISTRATION_PROJECTIONS) await projectEvent(projection, event, rebuilt);
      }
      const names = withoutStreamRevisions((await client.db(database).listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
      expect(names).toEqual(['directory', 'organizations']);
      for (const name of names) {
        const live = await readModels.collection<Document>(name).find({}, { sort: { _id: 1 } });
        const fresh = await rebuilt.collection<Document>(name).find({}, { sort: { _id: 1 } });
        expect(live).toHaveLength(ORGANIZATIONS);
        expect(asStored(live)).toEqual(asStored(fresh));
      }
    } finally {
      pumping = false;
      await pump.catch(() => undefined);
      await new Promise((r) => server.close(r));
      await service.stop();
      await client.close();
      await store.close();
      await ferret.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { MongoClient } from 'mongodb';
import { describeWithServices, mongoTextSearchUnavailable, runLibraryPath, serviceUrl, type PathResponse } from '@csm/testkit';
import { startOnTheBus, type OnTheBus } from '@csm/testkit/bus';
import { createEmbeddedIssuer } from '@csm/identity';
import { mongoTextLibrarySearch } from '@csm/resources';
import { startRegistrationOnTheBus, startResourcesOnTheBus } from './support/services-on-the-bus';
import { passwordToken } from '../src';

jest.setTimeout(120_000);

/**
 * The library in production shape: the relay publishes `resource-*` streams to
 * `csm.resources.events`, its projections are consumer groups (the organisations' from
 * registration's topic), read models in the MongoDB-wire server; the whole path
 * (libs/testkit/src/library-path.ts) runs through HTTP with read-your-writes across Kafka.
 * Search: the minisearch index over the MongoDB read models (`CSM_LIBRARY_SEARCH=index`), and the
 * MongoDB text index (`text`, the default) where the server has `$text` — FerretDB has not, and
 * that variant says SKIPPED with the server's answer.
 */
const onTheBus = (title: string, urls: { kafka: string; mongodb: string }, identity: () => Promise<{ issuer: string; close(): Promise<void> }>, search: 'index' | 'text') =>
  describe(title, () => {
    let bus: OnTheBus | undefined;
    let idp: { issuer: string; close(): Promise<void> } | undefined;
    let client: MongoClient | undefined;
    const tokens = new Map<string, string>();
    const base = { registration: '', resources: '' };

    beforeAll(async () => {
      idp = await identity();
      bus = await startOnTheBus({ ...urls, issuer: idp.issuer, prefix: 'libe2e', clientId: 'resources-e2e' });
      base.registration = (await startRegistrationOnTheBus(bus)).url;
      if (search === 'text') {
        client = await new MongoClient(urls.mongodb).connect();
        base.resources = (await startResourcesOnTheBus(bus, await mongoTextLibrarySearch(client.db(bus.database('resources'))))).url;
      } else {
        base.resources = (await startResourcesOnTheBus(bus)).url;
      }
    });

    afterAll(async () => {
      await bus?.stop();
      await client?.close();
      await idp?.close();
    });

    it('submits, reviews, publishes, finds in English and Kiswahili, feeds, versions and retires an item, reading its writes through Kafka', async () => {
      const to =
        (service: keyof typeof base) =>
        async (user: string | undefined, method: string, path: string, body?: unknown): Promise<PathResponse> => {
          if (user && !tokens.has(user)) tokens.set(user, await passwordToken(idp!.issuer, user));
          const response = await fetch(`${base[service]}${path}`, {
            method,
            headers: { ...(user ? { authorization: `Bearer ${tokens.get(user)}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
            ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          });
          const text = await response.text();
          const json = (response.headers.get('content-type') ?? '').includes('json');
          return { status: response.status, headers: response.headers, body: text && json ? JSON.parse(text) : text || undefined };
        };
      await runLibraryPath({ request: to('resources'), registration: to('registration') });
    });
  });

const embeddedIssuer = async () => {
  const app = express();
  const keyDir = mkdtempSync(join(tmpdir(), 'csm-resources-idp-'));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const idp = await createEmbeddedIssuer({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, keyFile: join(keyDir, 'signing-key.json') });
  app.use(idp.router);
  return {
    issuer: idp.issuer,
    close: async () => {
      await new Promise((r) => server.close(r));
      rmSync(keyDir, { recursive: true, force: true });
    },
  };
};

const mongodb = serviceUrl('mongodb');
const noText = mongodb ? mongoTextSearchUnavailable(mongodb) : 'no MongoDB-wire server';

describeWithServices(['kafka', 'mongodb'], 'the library on Kafka and MongoDB wire', ({ kafka, mongodb: uri }) => {
  onTheBus('with the embedded issuer’s tokens, minisearch over the read models', { kafka, mongodb: uri }, embeddedIssuer, 'index');
  if (noText) {
    describe('with the embedded issuer’s tokens, the MongoDB text index', () => {
      console.log(`SKIPPED: the library on the MongoDB text index: the server at MONGODB_URI has no text search ($text): ${noText}`);
      it.skip(`SKIPPED: the server has no text search ($text): ${noText}`, () => undefined);
    });
  } else {
    onTheBus('with the embedded issuer’s tokens, the MongoDB text index', { kafka, mongodb: uri }, embeddedIssuer, 'text');
  }
});

describeWithServices(['kafka', 'mongodb', 'keycloak'], 'the library on Kafka, MongoDB wire and Keycloak', ({ kafka, mongodb: uri, keycloak }) => {
  onTheBus('with Keycloak tokens, minisearch over the read models', { kafka, mongodb: uri }, async () => ({ issuer: `${keycloak}/realms/csm`, close: async () => undefined }), 'index');
});

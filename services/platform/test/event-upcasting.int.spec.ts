import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { handleCommand, PersonalDataVault, SubjectIds, SubjectKeyWrapping, type Decider, type DomainEvent } from '@csm/eventing';
import { SqliteEventStore, SqliteSubjectKeyStore } from '@csm/eventstore-sqlite';
import { anOrganizationProfile } from '@csm/testkit';
import { callApi, passwordToken, startEmbeddedPlatform, type EmbeddedPlatform } from '../src';

jest.setTimeout(60_000);

/**
 * A log written by an earlier release, when registration events carried usernames in clear
 * (`OrganizationRegistered` / `MemberInvited` v1), is read as v2 everywhere: by the decider that
 * decides the next command, by the projections, and by the auditors' history. Nothing stored is
 * rewritten, and the hash chain still verifies.
 */
let dataDir: string;
let platform: EmbeddedPlatform;
const keyEncryptionKey = randomBytes(32);
const contact = { name: 'Programme Lead', email: 'programmes@amani.example' };

/** What the earlier release appended: its own decider's v1 events, hash-chained by the handler. */
const appendAsEarlierRelease = async (dir: string) => {
  // Its contact was sealed under the key id of the time, a bare sha256 of the address.
  const keys = new SqliteSubjectKeyStore(join(dir, 'keys', 'subject-keys.db'), new SubjectKeyWrapping(keyEncryptionKey));
  const sealedContact = await new PersonalDataVault(keys).seal(new SubjectIds(randomBytes(32)).legacyForEmail(contact.email), contact);
  keys.close();
  const store = await SqliteEventStore.open({ file: join(dir, 'events.db') });
  const legacyEvents: DomainEvent[] = [
    {
      type: 'OrganizationRegistered',
      version: 1,
      data: { organizationId: 'amani-youth', profile: { ...anOrganizationProfile(), contacts: [sealedContact] }, registeredBy: 'partner' },
    },
    { type: 'MemberInvited', version: 1, data: { organizationId: 'amani-youth', username: 'partner-member', role: 'member' } },
  ];
  const earlierRelease: Decider<any, DomainEvent, null> = { initialState: () => null, decide: () => legacyEvents, evolve: (s) => s };
  await handleCommand(store, earlierRelease, 'organization-amani-youth', {
    type: 'RegisterOrganization',
    data: {},
    metadata: { commandId: 'legacy-1', correlationId: 'legacy-1', actor: { subject: 'legacy', roles: ['partner'] }, now: '2026-01-10T09:00:00.000Z' },
  });
  await store.close();
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'csm-upcast-'));
  await appendAsEarlierRelease(dataDir);
  platform = await startEmbeddedPlatform({ dataDir, keyEncryptionKey, identityPort: 0, registrationPort: 0, proposalsPort: 0, log: () => undefined });
  await platform.caughtUp(await platform.store.headPosition());
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const api = async (method: string, path: string, user: string, body?: unknown) =>
  callApi(platform.urls.registration, method, path, { token: await passwordToken(platform.urls.issuer, user), ...(body !== undefined ? { body } : {}) });

describe('a v1 log read as v2', () => {
  it('is what the projections build from: members by member id, no username anywhere', async () => {
    const view = await api('GET', '/organizations/amani-youth', 'admin');
    expect(view.status).toBe(200);
    expect(view.body.members).toEqual([
      { memberId: platform.subjectIds.forUsername('partner'), role: 'admin' },
      { memberId: platform.subjectIds.forUsername('partner-member'), role: 'member' },
    ]);
    const proposalsCopy = await platform.readModels.proposals.collection('verifiedOrganizations').findOne({ _id: 'amani-youth' });
    expect(proposalsCopy?.members).toEqual([platform.subjectIds.forUsername('partner'), platform.subjectIds.forUsername('partner-member')]);
  });

  it('is what the decider decides on: the v1 registrant is admin, the v1 member is not', async () => {
    const byMember = await api('POST', '/organizations/amani-youth/members', 'partner-member', { username: 'someone', role: 'admin' });
    expect(byMember.status).toBe(403);
    expect(byMember.body.type).toBe('https://csm.go.ke/problems/organization.not-an-admin');
    const removed = await api('DELETE', '/organizations/amani-youth/members/partner-member', 'partner');
    expect(removed.status).toBe(202);
    const stored = await platform.store.readStream('organization-amani-youth');
    expect(stored.map((e) => [e.type, e.version])).toEqual([
      ['OrganizationRegistered', 1],
      ['MemberInvited', 1],
      ['MemberRemoved', 2],
    ]);
    expect(stored[2]!.data).toEqual({ organizationId: 'amani-youth', memberId: platform.subjectIds.forUsername('partner-member') });
  });

  it('is what auditors read, at v2 with the stored version named, over an intact chain', async () => {
    const history = await api('GET', '/organizations/amani-youth/history', 'auditor');
    expect(history.status).toBe(200);
    expect(history.body.chain).toMatchObject({ intact: true, length: 3 });
    expect(history.body.events[1]).toMatchObject({ type: 'MemberInvited', version: 2, storedVersion: 1 });
    expect(JSON.stringify(history.body.events.map((e: { data: unknown }) => e.data))).not.toContain('partner-member');
  });

  it('still erases a contact sealed under the key id of the time', async () => {
    expect((await api('GET', '/organizations/amani-youth', 'admin')).body.profile.contacts).toEqual([expect.objectContaining(contact)]);
    const erased = await api('POST', '/personal-data/erasures', 'admin', { email: contact.email, reason: 'The person asked to be forgotten' });
    expect(erased.status).toBe(202);
    const after = await callApi(platform.urls.registration, 'GET', `/organizations/amani-youth?minPosition=${erased.body.position}`, { token: await passwordToken(platform.urls.issuer, 'admin') });
    expect(after.body.profile.contacts).toEqual([{ erased: true }]);
  });
});

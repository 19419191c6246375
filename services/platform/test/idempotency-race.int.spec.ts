import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callApi, passwordToken, startEmbeddedPlatform, type EmbeddedPlatform } from '../src';
import { anOrganizationProfile as aProfile } from '@csm/testkit';

/**
 * Concurrent requests sharing one Idempotency-Key on an existing stream, through HTTP: nothing
 * a caller is told was accepted may be missing from the log. Bounded: 20 rounds of a pair with
 * different bodies, 20 rounds of three identical requests.
 */
jest.setTimeout(60_000);

const ROUNDS = 20;
const STREAM = 'organization-amani-youth';
let dataDir: string;
let platform: EmbeddedPlatform;
let token: string;

const invite = (username: string, key: string) =>
  callApi(platform.urls.registration, 'POST', '/organizations/amani-youth/members', {
    token,
    body: { username, role: 'member' },
    headers: { 'idempotency-key': key },
  });

/** Members invited so far, by member id (events name members by id, never by username). */
const recordedInvites = async (): Promise<string[]> =>
  (await platform.store.readStream(STREAM)).filter((e) => e.type === 'MemberInvited').map((e) => String(e.data.memberId));
const memberId = (username: string) => platform.subjectIds.forUsername(username);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'csm-idempotency-'));
  platform = await startEmbeddedPlatform({ dataDir, identityPort: 0, registrationPort: 0, proposalsPort: 0, log: () => undefined });
  token = await passwordToken(platform.urls.issuer, 'partner');
  expect((await callApi(platform.urls.registration, 'POST', '/organizations', { token, body: aProfile() })).status).toBe(201);
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('one Idempotency-Key, concurrent requests', () => {
  it('accepts one of two different requests and refuses the other with 422 idempotency-key-reused; only the accepted one is recorded', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const key = `race-different-${round}-${dataDir.slice(-6)}`;
      const usernames = [`first-${round}`, `second-${round}`];
      const before = await recordedInvites();
      const responses = await Promise.all(usernames.map((username) => invite(username, key)));

      expect(responses.map((r) => r.status).sort()).toEqual([202, 422]);
      const accepted = responses.findIndex((r) => r.status === 202);
      const refused = responses[1 - accepted]!;
      expect(responses[accepted]!.body).toMatchObject({ streamId: STREAM, replayed: false });
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ type: 'https://csm.go.ke/problems/command.idempotency-key-reused', status: 422 });
      expect(await recordedInvites()).toEqual([...before, memberId(usernames[accepted]!)]);
    }
  });

  it('answers exactly one of identical requests as new (202) and the others as replays (200) at the same position, recording it once', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const key = `race-same-${round}-${dataDir.slice(-6)}`;
      const before = await recordedInvites();
      const responses = await Promise.all([1, 2, 3].map(() => invite(`same-${round}`, key)));

      expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 202]);
      expect(responses.map((r) => r.body.replayed).sort()).toEqual([false, true, true]);
      expect(new Set(responses.map((r) => r.body.position)).size).toBe(1);
      expect(await recordedInvites()).toEqual([...before, memberId(`same-${round}`)]);
    }
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callApi, passwordToken, startEmbeddedPlatform, type EmbeddedPlatform } from '../src';
import { runProposalPath } from '@csm/testkit';

jest.setTimeout(120_000);

/** Issue 4's whole path through HTTP on the embedded default (SQLite, in-process read models, local issuer). */
let dataDir: string;
let platform: EmbeddedPlatform;
let clockOffsetMs = 0;
const tokens = new Map<string, string>();

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'csm-proposal-path-'));
  platform = await startEmbeddedPlatform({ dataDir, identityPort: 0, registrationPort: 0, proposalsPort: 0, clock: () => new Date(Date.now() + clockOffsetMs), log: () => undefined });
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('runs publish → clarification → concept → shortlist → full proposal → screening → conflicts → scores → legal & ethical → recommendation → pack → decision → feedback → appeal', async () => {
  const token = async (user: string) => {
    if (!tokens.has(user)) tokens.set(user, await passwordToken(platform.urls.issuer, user));
    return tokens.get(user)!;
  };
  await runProposalPath({
    callId: 'path-embedded',
    memberIdOf: (username) => platform.subjectIds.forUsername(username),
    moveClock: (days) => {
      clockOffsetMs = days * 86_400_000;
    },
    request: async (service, user, method, path, body) =>
      callApi(platform.urls[service], method, path, { ...(user ? { token: await token(user) } : {}), ...(body !== undefined ? { body } : {}) }),
  });
});

it('leaves no username in clear in any event of the path: reviewers, checkers and members go by member id', async () => {
  const log = await platform.store.readAll({ maxCount: 1_000_000 });
  expect(log.map((e) => e.type)).toEqual(expect.arrayContaining(['CallDrafted', 'MemberInvited', 'ConflictOfInterestDeclared', 'ScoreSheetLocked', 'LegalEthicalCheckRecorded', 'AppealDecided']));
  const data = JSON.stringify(log.map((e) => e.data));
  // As a JSON value (followed by `,`, `]` or `}`), not as a key such as "reviewer":
  for (const username of ['reviewer', 'reviewer2', 'reviewer3', 'partner', 'partner3']) expect(data).not.toMatch(new RegExp(`"${username}"[,\\]}]`));
  expect(data).toContain(`"${platform.subjectIds.forUsername('reviewer3')}"`);
});

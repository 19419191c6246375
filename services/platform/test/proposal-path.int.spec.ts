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
    moveClock: (days) => {
      clockOffsetMs = days * 86_400_000;
    },
    request: async (service, user, method, path, body) =>
      callApi(platform.urls[service], method, path, { ...(user ? { token: await token(user) } : {}), ...(body !== undefined ? { body } : {}) }),
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedProjector, InMemoryCheckpointStore } from '@csm/eventing';
import { EmbeddedReadModels, type ReadModels } from '@csm/readmodels';
import { PROPOSALS_COLLECTIONS, PROPOSALS_PROJECTIONS } from '@csm/proposals';
import { callApi, passwordToken, startEmbeddedPlatform, type EmbeddedPlatform } from '../src';
import { aFullProposal, runProposalPath } from '@csm/testkit';

jest.setTimeout(120_000);

/**
 * Replaying the log rebuilds every proposals read model identically: after the whole path and
 * a direct partnership, fresh projections over the same events must produce the same documents
 * (including the per-stream revisions they track) as the ones built live.
 */
let dataDir: string;
let platform: EmbeddedPlatform;
let clockOffsetMs = 0;
const tokens = new Map<string, string>();
const request = async (service: 'registration' | 'proposals', user: string | undefined, method: string, path: string, body?: unknown) => {
  if (user && !tokens.has(user)) tokens.set(user, await passwordToken(platform.urls.issuer, user));
  return callApi(platform.urls[service], method, path, { ...(user ? { token: tokens.get(user)! } : {}), ...(body !== undefined ? { body } : {}) });
};
const dump = async (models: ReadModels) =>
  Object.fromEntries(await Promise.all(PROPOSALS_COLLECTIONS.map(async (name) => [name, await models.collection(name).find({}, { sort: { _id: 1 } })] as const)));

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'csm-proposals-replay-'));
  platform = await startEmbeddedPlatform({ dataDir, identityPort: 0, registrationPort: 0, proposalsPort: 0, clock: () => new Date(Date.now() + clockOffsetMs), log: () => undefined });
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('rebuilds every proposals read model identically from the log', async () => {
  await runProposalPath({ callId: 'replayed-call', memberIdOf: (username) => platform.subjectIds.forUsername(username), moveClock: (days) => (clockOffsetMs = days * 86_400_000), request });
  clockOffsetMs = 0;
  // A direct partnership too: solution presented, converted with a justification, full proposal in.
  const solution = { title: 'Families first', description: 'Support circles for families of young people drawn into violent extremist groups.', counties: ['001'], pillars: ['psychosocial'], estimatedBudget: { currency: 'KES', amount: 2_000_000 } };
  expect((await request('proposals', 'partner', 'POST', '/solutions', { solutionId: 'families-first', solution })).status).toBe(201);
  const listed = await request('proposals', 'partner', 'GET', '/solutions?minPosition=' + (await platform.store.headPosition()).toString());
  expect(listed.body.items).toEqual([expect.objectContaining({ solutionId: 'families-first', status: 'presented' })]);
  const converted = await request('proposals', 'admin', 'POST', '/solutions/amani-youth/families-first/convert', {
    justification: 'No open call covers family support; the approach fills a gap in the County Action Plan.',
    fullProposalDeadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    reviewers: ['reviewer', 'reviewer2'],
  });
  expect(converted.status).toBe(201);
  expect(converted.headers.get('location')).toBe('/proposals/direct-families-first/amani-youth');
  await platform.caughtUp(BigInt(converted.body.position));
  expect((await request('proposals', 'partner', 'POST', '/proposals/direct-families-first/amani-youth/full-proposal', aFullProposal({ title: 'Families first' }))).status).toBe(201);
  const again = await request('proposals', 'admin', 'POST', '/solutions/amani-youth/families-first/convert', {
    justification: 'Converting the same solution a second time must be refused.',
    fullProposalDeadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    reviewers: ['reviewer'],
  });
  expect(again.status).toBe(409);

  const head = await platform.store.headPosition();
  await platform.caughtUp(head);
  const live = await dump(platform.readModels.proposals);
  expect(live.proposals.length).toBe(3);
  expect(live.scoreSheets.length).toBe(4);
  expect(live.solutions).toEqual([expect.objectContaining({ status: 'converted', conversion: expect.objectContaining({ proposalId: 'direct-families-first.amani-youth' }) })]);

  const rebuilt = new EmbeddedReadModels();
  const projectors = PROPOSALS_PROJECTIONS.map((projection) => embeddedProjector(projection, { store: platform.store, contracts: platform.contracts, checkpoints: new InMemoryCheckpointStore(), readModels: rebuilt }));
  await Promise.all(projectors.map((p) => p.start()));
  await Promise.all(projectors.map((p) => p.caughtUp(head)));
  await Promise.all(projectors.map((p) => p.stop()));
  expect(await dump(rebuilt)).toEqual(live);
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedProjector, InMemoryCheckpointStore } from '@csm/eventing';
import { EmbeddedReadModels, type ReadModels } from '@csm/readmodels';
import { RESOURCES_COLLECTIONS, RESOURCES_PROJECTIONS } from '@csm/resources';
import { callApi, passwordToken, startEmbeddedPlatform, type EmbeddedPlatform } from '../src';
import { registerLibraryOrganizations } from './support/library-organizations';

jest.setTimeout(120_000);

/**
 * Replaying the log rebuilds every resources read model identically: after items through every
 * editorial state (in review, sent back and answered, published, versioned, rejected — before
 * and after a publication — and retired) and the organisations learnt from registration's
 * events, fresh projections over the same events produce the same documents, per-stream
 * revisions included, as the ones built live.
 */
let dataDir: string;
let platform: EmbeddedPlatform;
const tokens = new Map<string, string>();
const step = async (user: string, method: string, path: string, body: unknown = {}) => {
  if (!tokens.has(user)) tokens.set(user, await passwordToken(platform.urls.issuer, user));
  const response = await callApi(platform.urls.resources, method, path, { token: tokens.get(user)!, body });
  if (response.status >= 300) throw new Error(`${user} ${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
};
const anItem = (title: string, language = 'en') => ({
  type: 'research',
  title,
  summary: 'A study of what helps young people leave violent groups in coastal Kenya.',
  body: 'Findings from interviews with families, teachers and religious leaders.',
  language,
  pillars: ['psychosocial', 'education'],
  counties: ['001', '002'],
  audiences: ['practitioners', 'religious-leaders'],
  source: 'Kisumu Interfaith Dialogue',
  licence: 'CC BY-NC 4.0',
});

const rebuild = async (target: EmbeddedPlatform) => {
  const head = await target.store.headPosition();
  const rebuilt = new EmbeddedReadModels();
  const projectors = RESOURCES_PROJECTIONS.map((projection) => embeddedProjector(projection, { store: target.store, contracts: target.contracts, checkpoints: new InMemoryCheckpointStore(), readModels: rebuilt }));
  await Promise.all(projectors.map((p) => p.start()));
  await Promise.all(projectors.map((p) => p.caughtUp(head)));
  await Promise.all(projectors.map((p) => p.stop()));
  return rebuilt;
};
const dump = async (models: ReadModels) =>
  Object.fromEntries(await Promise.all(RESOURCES_COLLECTIONS.map(async (name) => [name, await models.collection(name).find({}, { sort: { _id: 1 } })] as const)));

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'csm-resources-replay-'));
  platform = await startEmbeddedPlatform({ dataDir, log: () => undefined });
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('rebuilds every resources read model identically from the log', async () => {
  await registerLibraryOrganizations(platform);
  await step('partner3', 'POST', '/resources/waiting', anItem('A study waiting for review'));
  await step('partner3', 'POST', '/resources/answered', anItem('A study sent back and answered'));
  await step('admin', 'POST', '/resources/answered/changes-requested', { reason: 'Say how many were interviewed.' });
  await step('partner3', 'PUT', '/resources/answered', anItem('A study sent back and answered, with numbers'));
  await step('partner', 'POST', '/resources/versioned', anItem('Utafiti kuhusu vijana wa pwani', 'sw'));
  await step('admin', 'POST', '/resources/versioned/publish');
  await step('partner', 'PUT', '/resources/versioned', anItem('Utafiti kuhusu vijana wa pwani, toleo la pili', 'sw'));
  await step('admin', 'POST', '/resources/versioned/publish');
  await step('partner', 'PUT', '/resources/versioned', anItem('A third version refused', 'sw'));
  await step('admin', 'POST', '/resources/versioned/reject', { reason: 'The second edition stands.' });
  await step('county', 'POST', '/resources/refused', anItem('An item refused before publication'));
  await step('admin', 'POST', '/resources/refused/reject', { reason: 'Out of scope.' });
  await step('admin', 'POST', '/resources/retired', anItem('An NCTC policy brief, retired'));
  await step('admin', 'POST', '/resources/retired/publish');
  await step('admin', 'POST', '/resources/retired/retire', { reason: 'Superseded.' });
  const head = await platform.store.headPosition();
  await platform.caughtUp(head);

  const live = await dump(platform.readModels.resources);
  expect((live.libraryItems as unknown as { resourceId: string; status: string }[]).map((i) => [i.resourceId, i.status])).toEqual([
    ['answered', 'in-review'],
    ['refused', 'rejected'],
    ['retired', 'retired'],
    ['versioned', 'published'],
    ['waiting', 'in-review'],
  ]);
  expect(live.organizations).toHaveLength(3);
  expect(await dump(await rebuild(platform))).toEqual(live);
});

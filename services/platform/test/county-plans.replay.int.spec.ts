import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedProjector, InMemoryCheckpointStore } from '@csm/eventing';
import { EmbeddedReadModels, type ReadModels } from '@csm/readmodels';
import { COUNTY_PLANS_COLLECTIONS, COUNTY_PLANS_PROJECTIONS } from '@csm/county-plans';
import { awardAPartnership, runCountyPlanPath, runInitiativePath, runMapPath, type MapPathService } from '@csm/testkit';
import { callApi, passwordToken, startEmbeddedPlatform, type EmbeddedPlatform } from '../src';

jest.setTimeout(120_000);

/**
 * Replaying the log rebuilds every county-plans read model identically: after the whole path
 * (versions, returns, publication, a superseding draft, reports through every level, a late
 * one, a revision; initiatives declared, sent back, amended, featured and closed, and the
 * organisations learnt from registration's events; calls naming plan actions and awards learnt
 * from proposals' events, one accepted, one only approved), fresh projections over the same events must
 * produce the same documents —
 * including the per-stream revisions they track — as the ones built live.
 */
let dataDir: string;
let platform: EmbeddedPlatform;
const tokens = new Map<string, string>();
const request = async (user: string | undefined, method: string, path: string, body?: unknown, headers?: Record<string, string>) => {
  if (user && !tokens.has(user)) tokens.set(user, await passwordToken(platform.urls.issuer, user));
  return callApi(platform.urls.countyPlans, method, path, { ...(user ? { token: tokens.get(user)! } : {}), ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
};
const registration = async (user: string | undefined, method: string, path: string, body?: unknown) => {
  if (user && !tokens.has(user)) tokens.set(user, await passwordToken(platform.urls.issuer, user));
  return callApi(platform.urls.registration, method, path, { ...(user ? { token: tokens.get(user)! } : {}), ...(body !== undefined ? { body } : {}) });
};
let clockOffsetMs = 0;
const proposalsRequest = async (service: 'registration' | 'proposals', user: string | undefined, method: string, path: string, body?: unknown) => {
  if (user && !tokens.has(user)) tokens.set(user, await passwordToken(platform.urls.issuer, user));
  return callApi(platform.urls[service], method, path, { ...(user ? { token: tokens.get(user)! } : {}), ...(body !== undefined ? { body } : {}) });
};
const rebuild = async (target: EmbeddedPlatform) => {
  const head = await target.store.headPosition();
  const rebuilt = new EmbeddedReadModels();
  const projectors = COUNTY_PLANS_PROJECTIONS.map((projection) => embeddedProjector(projection, { store: target.store, contracts: target.contracts, checkpoints: new InMemoryCheckpointStore(), readModels: rebuilt }));
  await Promise.all(projectors.map((p) => p.start()));
  await Promise.all(projectors.map((p) => p.caughtUp(head)));
  await Promise.all(projectors.map((p) => p.stop()));
  return rebuilt;
};
const dump = async (models: ReadModels) =>
  Object.fromEntries(await Promise.all(COUNTY_PLANS_COLLECTIONS.map(async (name) => [name, await models.collection(name).find({}, { sort: { _id: 1 } })] as const)));

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'csm-county-plans-replay-'));
  platform = await startEmbeddedPlatform({ dataDir, clock: () => new Date(Date.now() + clockOffsetMs), log: () => undefined });
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('rebuilds every county-plans read model identically from the log', async () => {
  await runCountyPlanPath({ request });
  await runInitiativePath({ request, registration });
  const moveClock = (days: number) => {
    clockOffsetMs = days * 86_400_000;
  };
  await awardAPartnership({ request: proposalsRequest, moveClock }, { callId: 'replay-mentoring', callDetails: { planActions: [{ countyCode: '001', actionId: 'mentorship-likoni' }] } });
  await awardAPartnership({ request: proposalsRequest, moveClock }, { callId: 'replay-fisheries', callDetails: { planActions: [{ countyCode: '001', actionId: 'fisheries-cooperatives' }] }, accept: false });
  const head = await platform.store.headPosition();
  await platform.caughtUp(head);
  const live = await dump(platform.readModels.countyPlans);
  expect(live.countyPlans).toHaveLength(1);
  expect(live.countyReports).toHaveLength(2);
  expect(live.countyProgress).toHaveLength(1);
  expect(live.countyProgressFacts).toHaveLength(1);
  expect(live.countyRollup).toHaveLength(1);
  // The roll-up's own copy of each county's facts, and what each published report adds to its quarter.
  expect(live.countyRollupCounties).toHaveLength(1);
  expect(live.countyRollupFigures).toHaveLength(1);
  expect(live.countyRollupPeriods).toHaveLength(1);
  expect((live.countyProgress![0] as { progress?: { periods: unknown[] } }).progress?.periods).toHaveLength(1);
  expect(live.initiatives).toHaveLength(5);
  expect(live.organizations).toHaveLength(2);
  expect(live.partnershipCalls).toHaveLength(2);
  expect(live.partnershipProposals).toHaveLength(2);
  expect(live.mapInitiatives).toHaveLength(5);
  expect(live.mapPlanActions).toHaveLength(1);
  expect(live.mapOrganizations).toHaveLength(2);

  const rebuilt = new EmbeddedReadModels();
  const projectors = COUNTY_PLANS_PROJECTIONS.map((projection) => embeddedProjector(projection, { store: platform.store, contracts: platform.contracts, checkpoints: new InMemoryCheckpointStore(), readModels: rebuilt }));
  await Promise.all(projectors.map((p) => p.start()));
  await Promise.all(projectors.map((p) => p.caughtUp(head)));
  await Promise.all(projectors.map((p) => p.stop()));
  expect(await dump(rebuilt)).toEqual(live);
});

it('rebuilds the map of who does what where identically: organisations, awarded partnerships (one sensitive), initiatives and the published plan', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'csm-county-plans-map-replay-'));
  let clockOffsetMs = 0;
  const mapPlatform = await startEmbeddedPlatform({ dataDir: dir, log: () => undefined, clock: () => new Date(Date.now() + clockOffsetMs) });
  try {
    const own = new Map<string, string>();
    const base: Record<MapPathService, string> = { registration: mapPlatform.urls.registration, proposals: mapPlatform.urls.proposals, countyPlans: mapPlatform.urls.countyPlans };
    await runMapPath({
      request: async (service, user, method, path, body) => {
        if (user && !own.has(user)) own.set(user, await passwordToken(mapPlatform.urls.issuer, user));
        return callApi(base[service], method, path, { ...(user ? { token: own.get(user)! } : {}), ...(body !== undefined ? { body } : {}) });
      },
      moveClock: (days) => {
        clockOffsetMs += days * 86_400_000;
      },
    });
    await mapPlatform.caughtUp(await mapPlatform.store.headPosition());
    const live = await dump(mapPlatform.readModels.countyPlans);
    expect(live.mapPartnerships).toHaveLength(2);
    expect(live.mapOrganizations).toHaveLength(3);
    expect(live.mapInitiatives).toHaveLength(3);
    expect(live.mapPlanActions).toHaveLength(1);
    expect(live.mapPlanActionRows).toHaveLength(1);
    expect(await dump(await rebuild(mapPlatform))).toEqual(live);
  } finally {
    await mapPlatform.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

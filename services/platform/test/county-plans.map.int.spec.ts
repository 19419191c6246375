import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApiConformance, runMapPath, type MapPathService } from '@csm/testkit';
import { callApi, passwordToken, startEmbeddedPlatform, type EmbeddedPlatform } from '../src';

jest.setTimeout(180_000);

/**
 * The map of who does what where through HTTP on the embedded platform, with real tokens from
 * the embedded issuer: organisations registered and verified through registration's API,
 * partnerships awarded through proposals' API, a plan and a report published and initiatives
 * declared through county plans' (libs/testkit/src/map-path.ts). County plans' answers are
 * checked against its OpenAPI document.
 */
let dataDir: string;
let platform: EmbeddedPlatform;
let conformance: ReturnType<typeof openApiConformance>;
let clockOffsetMs = 0;
const tokens = new Map<string, string>();

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'csm-county-plans-map-'));
  platform = await startEmbeddedPlatform({ dataDir, log: () => undefined, clock: () => new Date(Date.now() + clockOffsetMs) });
  conformance = openApiConformance((await callApi(platform.urls.countyPlans, 'GET', '/openapi.json')).body);
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the map of who does what where on the embedded platform', () => {
  it('shows verified organisations, their initiatives and awarded partnerships and the published plan’s actions per county, sensitive work only as a masked count, as JSON and HXL CSV', async () => {
    const base: Record<MapPathService, string> = { registration: platform.urls.registration, proposals: platform.urls.proposals, countyPlans: platform.urls.countyPlans };
    await runMapPath({
      request: async (service, user, method, path, body) => {
        if (user && !tokens.has(user)) tokens.set(user, await passwordToken(platform.urls.issuer, user));
        const answer = await callApi(base[service], method, path, { ...(user ? { token: tokens.get(user)! } : {}), ...(body !== undefined ? { body } : {}) });
        if (service === 'countyPlans') conformance.check(method, path, answer);
        return answer;
      },
      moveClock: (days) => {
        clockOffsetMs += days * 86_400_000;
      },
    });
    expect(conformance.violations).toEqual([]);
    expect([...conformance.checked].filter((c) => c.includes('/map') || c.includes('/open-data')).sort()).toEqual([
      'GET /map → 200',
      'GET /map → 400',
      'GET /open-data/partnerships.iati.xml → 200',
      'GET /open-data/who-does-what-where.csv → 200',
      'GET /open-data/who-does-what-where.csv → 400',
    ]);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callApi, startEmbeddedPlatform, type EmbeddedPlatform } from '../src';
import { exposedRoutes, readMatrix } from './support/readme-matrix';
import { registerLibraryOrganizations } from './support/library-organizations';

jest.setTimeout(180_000);

/**
 * The resources authorisation matrix is the table in services/resources/README.md: this test
 * reads it and sends every request in it as every persona, with real tokens from the embedded
 * issuer. Refused requests go to an item the `partner` persona's organisation submitted and the
 * NCTC published; each allowed write gets a fresh item brought to the stage it needs, so a 404 or
 * 409 never passes for "allowed".
 */
const README = join(__dirname, '../../resources/README.md');
const matrix = readMatrix(README);
const PROBLEM = 'https://csm.go.ke/problems/';
const PERSONAS = ['admin', 'officer', 'partner', 'other partner', 'unverified partner', 'auditor', 'anonymous'];
/** The refusals a `–` cell may be (the access check's, or the decider's for ownership and verification). */
const REFUSALS_403 = ['forbidden', 'resource.not-owner', 'resource.organization-not-verified'].map((t) => `${PROBLEM}${t}`);

let dataDir: string;
let platform: EmbeddedPlatform;
const tokens = new Map<string, string>();

const USERS: Record<string, { roles: string[]; organizationId?: string; countyCode?: string }> = {
  admin: { roles: ['nctc-admin'] },
  officer: { roles: ['county-officer'], countyCode: '001' },
  partner: { roles: ['partner'], organizationId: 'amani-youth' },
  'other partner': { roles: ['partner'], organizationId: 'kisumu-dialogue' },
  'unverified partner': { roles: ['partner'], organizationId: 'pwani-peace' },
  auditor: { roles: ['auditor'] },
};
const tokenOf = async (persona: string): Promise<string | undefined> => {
  if (persona === 'anonymous') return undefined;
  if (!tokens.has(persona)) tokens.set(persona, await platform.signUserToken({ username: `authz-${persona.replace(/ /g, '-')}`, ...USERS[persona]! }));
  return tokens.get(persona);
};
const send = async (persona: string, method: string, path: string, body?: unknown) => {
  const token = await tokenOf(persona);
  return callApi(platform.urls.resources, method, path, { ...(token ? { token } : {}), ...(body !== undefined ? { body } : {}) });
};
const step = async (persona: string, method: string, path: string, body: unknown, status: number) => {
  const response = await send(persona, method, path, body);
  if (response.status !== status) throw new Error(`fixture ${persona} ${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
  if (response.body?.position) await platform.caughtUp(BigInt(response.body.position));
  return response;
};

const anItem = (overrides: Record<string, unknown> = {}) => ({
  type: 'guide',
  title: 'A guide for the authorisation matrix',
  summary: 'Used by the authorisation test to reach every route of the library.',
  body: 'Nothing to read here: the test sends it as every persona.',
  language: 'en',
  pillars: ['psychosocial'],
  counties: [],
  audiences: ['practitioners'],
  source: 'Amani Youth Initiative',
  licence: 'CC BY 4.0',
  ...overrides,
});

type Stage = 'none' | 'in-review' | 'changes-requested' | 'published';
let nextItem = 1;
const anItemAt = async (stage: Stage) => {
  const resourceId = `authz-item-${nextItem++}`;
  if (stage !== 'none') await step('partner', 'POST', `/resources/${resourceId}`, anItem(), 201);
  if (stage === 'changes-requested') await step('admin', 'POST', `/resources/${resourceId}/changes-requested`, { reason: 'Name the source.' }, 202);
  if (stage === 'published') await step('admin', 'POST', `/resources/${resourceId}/publish`, {}, 202);
  return { resourceId };
};

const BODIES: Record<string, unknown> = {
  'POST /resources/:resourceId': anItem(),
  'PUT /resources/:resourceId': anItem({ title: 'A guide for the authorisation matrix, revised' }),
  'POST /resources/:resourceId/changes-requested': { reason: 'Name the source.' },
  'POST /resources/:resourceId/reject': { reason: 'Out of scope.' },
  'POST /resources/:resourceId/retire': { reason: 'Superseded.' },
};
const PREPARE: Record<string, () => Promise<Record<string, string>>> = {
  'POST /resources/:resourceId': () => anItemAt('none'),
  'PUT /resources/:resourceId': () => anItemAt('changes-requested'),
  'POST /resources/:resourceId/changes-requested': () => anItemAt('in-review'),
  'POST /resources/:resourceId/publish': () => anItemAt('in-review'),
  'POST /resources/:resourceId/reject': () => anItemAt('in-review'),
  'POST /resources/:resourceId/retire': () => anItemAt('published'),
};

let shared: Record<string, string>;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'csm-resources-authz-'));
  platform = await startEmbeddedPlatform({ dataDir, log: () => undefined });
  await registerLibraryOrganizations(platform);
  shared = await anItemAt('published');
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const fill = (route: string, params: Record<string, string>) => route.replace(/:(\w+)/g, (_, name: string) => params[name] ?? `:${name}`);

describe('the resources authorisation matrix (services/resources/README.md)', () => {
  it('names every route the service exposes, and only those', async () => {
    const openapi = (await callApi(platform.urls.resources, 'GET', '/openapi.json')).body;
    const exposed = exposedRoutes(openapi).filter((r) => !/ \/(healthz|readyz|metrics|openapi\.json)$/.test(r));
    expect(matrix.rows.map((r) => r.route).sort()).toEqual(exposed.sort());
    expect(matrix.personas).toEqual(PERSONAS);
  });

  for (const row of matrix.rows) {
    const [method, route] = row.route.split(' ') as [string, string];
    for (const persona of PERSONAS) {
      const expected = row.expected[persona]!;
      it(`${row.route} as ${persona} → ${expected === 'refused' ? (persona === 'anonymous' ? 401 : 403) : expected}`, async () => {
        const body = BODIES[row.route] ?? (method === 'GET' ? undefined : {});
        if (expected === 'refused') {
          // A submission is refused on a fresh id: the shared one exists (that would be a 409 for anyone allowed).
          const params = row.route === 'POST /resources/:resourceId' ? await anItemAt('none') : shared;
          const response = await send(persona, method, fill(route, params), body);
          if (persona === 'anonymous') {
            expect({ status: response.status, type: response.body?.type }).toEqual({ status: 401, type: `${PROBLEM}unauthorized` });
          } else {
            expect({ status: response.status, refusal: REFUSALS_403.includes(response.body?.type) ? 'a refusal' : response.body }).toEqual({ status: 403, refusal: 'a refusal' });
          }
          // Refused: nothing changed on the shared item.
          if (method !== 'GET') expect((await send('admin', 'GET', `/resources/${params.resourceId}/editorial`)).body?.revision ?? 'absent').toEqual(params === shared ? 1 : 'absent');
          return;
        }
        const params = method === 'GET' ? shared : await PREPARE[row.route]!();
        const response = await send(persona, method, fill(route, params), body);
        expect({ status: response.status, body: response.status === expected ? 'as expected' : response.body }).toEqual({ status: expected, body: 'as expected' });
      });
    }
  }
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callApi, passwordToken, startEmbeddedPlatform, type EmbeddedPlatform } from '../src';
import { anOrganizationProfile, openApiConformance, runProposalPath, type OpenApiDocument } from '@csm/testkit';

/**
 * The OpenAPI documents say what the API does: every route declares every status it can answer
 * and the schema of its success bodies, and real answers — the whole proposal path plus the
 * registration routes it does not reach — are checked against those declarations.
 */
jest.setTimeout(120_000);

type Service = 'registration' | 'proposals' | 'countyPlans' | 'resources';
const SERVICES: Service[] = ['registration', 'proposals', 'countyPlans', 'resources'];
let dataDir: string;
let platform: EmbeddedPlatform;
let clockOffsetMs = 0;
const documents = new Map<Service, OpenApiDocument & { paths: Record<string, Record<string, any>> }>();
const tokens = new Map<string, string>();
const token = async (user: string) => {
  if (!tokens.has(user)) tokens.set(user, await passwordToken(platform.urls.issuer, user));
  return tokens.get(user)!;
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'csm-openapi-'));
  platform = await startEmbeddedPlatform({
    dataDir,
    identityPort: 0,
    registrationPort: 0,
    proposalsPort: 0,
    clock: () => new Date(Date.now() + clockOffsetMs),
    log: () => undefined,
  });
  for (const service of SERVICES) documents.set(service, (await callApi(platform.urls[service], 'GET', '/openapi.json')).body);
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const operations = (service: Service) =>
  Object.entries(documents.get(service)!.paths).flatMap(([path, byMethod]) => Object.entries(byMethod).map(([method, operation]) => ({ path, method, operation })));

describe.each(SERVICES)('the %s OpenAPI document', (service) => {
  it('declares, per route, every status the framework can answer', () => {
    const missing: string[] = [];
    for (const { path, method, operation } of operations(service)) {
      const statuses = Object.keys(operation.responses);
      const command = method !== 'get';
      const expected = [
        '400',
        '401',
        ...(operation.security?.length ? ['403'] : []),
        ...(path.includes('{') ? ['404'] : []),
        ...(command ? ['200', '409', '412', '413', '415', '422'] : ['200']),
        ...(operation.parameters.some((p: { name: string }) => p.name === 'minPosition') ? ['503'] : []),
      ];
      for (const status of expected) if (!statuses.includes(status)) missing.push(`${method.toUpperCase()} ${path}: ${status}`);
      if (command && !statuses.some((s) => s === '201' || s === '202')) missing.push(`${method.toUpperCase()} ${path}: 201 or 202`);
    }
    expect(missing).toEqual([]);
    expect(operations(service).length).toBeGreaterThanOrEqual({ registration: 17, proposals: 30, countyPlans: 20, resources: 13 }[service]);
  });

  it('gives every success answer a body schema', () => {
    const withoutSchema: string[] = [];
    for (const { path, method, operation } of operations(service)) {
      for (const [status, response] of Object.entries<any>(operation.responses)) {
        if (!status.startsWith('2')) continue;
        const media = Object.values<any>(response.content ?? {});
        if (media.length === 0 || media.some((m) => !m.schema || Object.keys(m.schema).length === 0)) withoutSchema.push(`${method.toUpperCase()} ${path} ${status}`);
      }
    }
    expect(withoutSchema).toEqual([]);
  });
});

describe('real answers match the declared schemas', () => {
  it('on the whole proposal path and the registration routes, successes and refusals alike', async () => {
    const conformance = new Map(SERVICES.map((s) => [s, openApiConformance(documents.get(s)!)]));
    const request = async (service: Service, user: string | undefined, method: string, path: string, body?: unknown, headers?: Record<string, string>) => {
      const answer = await callApi(platform.urls[service], method, path, { ...(user ? { token: await token(user) } : {}), ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
      conformance.get(service)!.check(method, path, answer);
      return answer;
    };

    await runProposalPath({
      callId: 'openapi-path',
      memberIdOf: (username) => platform.subjectIds.forUsername(username),
      moveClock: (days) => {
        clockOffsetMs = days * 86_400_000;
      },
      request: (service, user, method, path, body) => request(service, user, method, path, body),
    });

    // Registration beyond the path: lists, the directory, history, replays and refusals.
    const key = { 'idempotency-key': 'openapi-invite-0001' };
    const invited = await request('registration', 'partner', 'POST', '/organizations/amani-youth/members', { username: 'member-x', role: 'member' }, key);
    expect(invited.status).toBe(202);
    expect((await request('registration', 'partner', 'POST', '/organizations/amani-youth/members', { username: 'member-x', role: 'member' }, key)).status).toBe(200);
    expect((await request('registration', 'partner', 'POST', '/organizations/amani-youth/members', { username: 'member-y', role: 'member' }, key)).status).toBe(422);
    expect((await request('registration', 'partner', 'POST', '/organizations/amani-youth/members', { username: 'member-z', role: 'member' }, { 'if-match': '"0"' })).status).toBe(412);
    expect((await request('registration', 'partner', 'DELETE', '/organizations/amani-youth/members/nobody')).status).toBe(404);
    expect((await request('registration', 'partner', 'POST', '/organizations/amani-youth/members', 'username=x', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await request('registration', 'partner', 'POST', '/organizations/amani-youth/members', { username: 'x'.repeat(70_000) })).status).toBe(413);
    expect((await request('registration', 'partner2', 'POST', '/organizations/amani-youth/members', { username: 'member-w', role: 'member' })).status).toBe(403);
    expect((await request('registration', undefined, 'GET', '/organizations')).status).toBe(401);
    expect((await request('registration', 'admin', 'GET', `/organizations?status=verified&minPosition=${invited.body.position}`)).status).toBe(200);
    expect((await request('registration', 'partner', 'GET', '/organizations/amani-youth')).status).toBe(200);
    expect((await request('registration', 'auditor', 'GET', '/organizations/amani-youth/history')).status).toBe(200);
    expect((await request('registration', undefined, 'GET', '/directory?county=001')).status).toBe(200);
    expect((await request('registration', undefined, 'GET', '/directory/amani-youth')).status).toBe(200);
    expect((await request('registration', undefined, 'GET', '/directory/nobody-here')).status).toBe(404);
    expect((await request('registration', 'partner2', 'POST', '/organizations', anOrganizationProfile({ name: 'Pwani Peace Network', website: 'https://pwani.example' }))).status).toBe(201);
    expect((await request('registration', 'admin', 'POST', '/personal-data/erasures', { email: 'programmes@amani.example', reason: 'The person asked to be forgotten' })).status).toBe(202);
    expect((await request('registration', 'admin', 'GET', `/organizations/amani-youth?minPosition=${(await platform.store.headPosition()).toString()}`)).status).toBe(200);

    const checked = SERVICES.flatMap((s) => [...conformance.get(s)!.checked]);
    expect(SERVICES.flatMap((s) => conformance.get(s)!.violations)).toEqual([]);
    // Most routes of both services answered at least once, successes and refusals.
    expect(checked.filter((c) => / → 2\d\d$/.test(c)).length).toBeGreaterThanOrEqual(40);
    expect(checked.filter((c) => / → [45]\d\d$/.test(c)).length).toBeGreaterThanOrEqual(10);
  });
});

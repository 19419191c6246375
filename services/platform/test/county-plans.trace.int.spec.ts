import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CountyTraceRead } from '@csm/contracts';
import { awardAPartnership, itWithXmllint, runCountyPlanPath, validateIati, type AwardPathContext } from '@csm/testkit';
import { callApi, passwordToken, startEmbeddedPlatform, type EmbeddedPlatform } from '../src';

jest.setTimeout(180_000);

/**
 * Issue 10's trace and the IATI export, through HTTP with real tokens from the embedded issuer:
 * Mombasa's plan published (the county-plan path), then real calls and awards through the
 * proposals API — one call funding Mombasa's mentorship action (awarded to Amani Youth, offer
 * accepted), one funding its sensitive fisheries action (awarded too: never shown), one naming
 * an action that is not in the plan. County plans learn all of it from proposals' events.
 */
let dataDir: string;
let platform: EmbeddedPlatform;
let clockOffsetMs = 0;
const tokens = new Map<string, string>();
const tokenOf = async (user: string) => {
  if (!tokens.has(user)) tokens.set(user, await passwordToken(platform.urls.issuer, user));
  return tokens.get(user)!;
};
const request = (service: 'registration' | 'proposals' | 'countyPlans') => async (user: string | undefined, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  callApi(platform.urls[service], method, path, { ...(user ? { token: await tokenOf(user) } : {}), ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
const countyPlans = request('countyPlans');
const awards: AwardPathContext = {
  request: (service, user, method, path, body) => request(service)(user, method, path, body),
  moveClock: (days) => {
    clockOffsetMs = days * 86_400_000;
  },
};
const PROBLEM = 'https://csm.go.ke/problems/';

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'csm-county-plans-trace-'));
  platform = await startEmbeddedPlatform({ dataDir, identityPort: 0, registrationPort: 0, proposalsPort: 0, countyPlansPort: 0, clock: () => new Date(Date.now() + clockOffsetMs), log: () => undefined });
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('calls name the plan actions they fund', () => {
  it('refuses a plan action listed twice (400, field error) or outside the targeted counties (422), and keeps none', async () => {
    const proposals = request('proposals');
    const { aCallDetails } = await import('@csm/testkit');
    const twice = await proposals('admin', 'POST', '/calls', { callId: 'trace-refused', details: aCallDetails({ planActions: [{ countyCode: '001', actionId: 'a1' }, { countyCode: '001', actionId: 'a1' }] }) });
    expect(twice.status).toBe(400);
    expect(twice.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(twice.body.errors).toEqual([expect.objectContaining({ path: 'details.planActions.1', message: '001/a1 is listed twice' })]);
    const outside = await proposals('admin', 'POST', '/calls', { callId: 'trace-refused', details: aCallDetails({ planActions: [{ countyCode: '030', actionId: 'a1' }] }) });
    expect({ status: outside.status, type: outside.body.type }).toEqual({ status: 422, type: `${PROBLEM}call.plan-actions-outside-counties` });
    expect((await proposals('admin', 'GET', '/calls/trace-refused')).status).toBe(404);
  });

  it('answers 404 for the IATI file while nothing is awarded, as problem+json', async () => {
    const none = await countyPlans(undefined, 'GET', '/open-data/partnerships.iati.xml');
    expect({ status: none.status, type: none.body.type }).toEqual({ status: 404, type: `${PROBLEM}not-found` });
  });
});

describe('the trace: pillar → action → call → award → indicator', () => {
  let head: string;
  beforeAll(async () => {
    await runCountyPlanPath({ request: countyPlans });
    await awardAPartnership(awards, {
      callId: 'trace-mentoring',
      callDetails: { title: 'Mentorship for young people in Mombasa', planActions: [{ countyCode: '001', actionId: 'mentorship-likoni' }, { countyCode: '001', actionId: 'not-in-the-plan' }, { countyCode: '042', actionId: 'kisumu-forums' }] },
      amount: 3_200_000,
    });
    // Sensitive: the call funds the fisheries cooperatives (work with returnees, say). Not accepted yet.
    const last = await awardAPartnership(awards, {
      callId: 'trace-fisheries',
      callDetails: { title: 'Fisheries cooperatives for returnees', planActions: [{ countyCode: '001', actionId: 'fisheries-cooperatives' }, { countyCode: '001', actionId: 'mentorship-likoni' }] },
      title: 'Cooperatives for returnees in Kisauni',
      accept: false,
    });
    head = last.position;
  });

  it('answers the published plan with the calls naming each action and the awards under them in the county', async () => {
    const trace = await countyPlans(undefined, 'GET', `/counties/001/trace?minPosition=${head}`);
    expect(trace.status).toBe(200);
    expect(CountyTraceRead.safeParse(trace.body).success).toBe(true);
    const progress = (await countyPlans(undefined, 'GET', '/counties/001/progress')).body;
    const latest = (indicatorId: string) => {
      const values = progress.indicators.find((i: { indicatorId: string }) => i.indicatorId === indicatorId)?.values ?? [];
      return values.length ? { latest: values.at(-1) } : {};
    };
    expect(trace.body).toEqual({
      countyCode: '001',
      countyName: 'Mombasa',
      planVersion: 1,
      taxonomy: 'nscve-2016',
      pillars: [
        {
          pillarId: 'psychosocial',
          actions: [
            {
              actionId: 'mentorship-likoni',
              title: expect.any(String),
              priorityId: 'youth-mentorship',
              priorityTitle: expect.any(String),
              calls: [
                // The fisheries call names this action too: listed (calls are public), its award (sensitive) is not.
                { callId: 'trace-fisheries', title: 'Fisheries cooperatives for returnees', awards: [] },
                {
                  callId: 'trace-mentoring',
                  title: 'Mentorship for young people in Mombasa',
                  awards: [{ organizationId: 'amani-youth', organizationName: 'Amani Youth Initiative', title: 'Mentors for Likoni', amount: 3_200_000, currency: 'KES', status: 'accepted' }],
                },
              ],
              indicators: [
                { indicatorId: 'youth-mentored', name: 'Young people completing mentorship', unit: 'count', baseline: 0, target: 1600, ...latest('youth-mentored') },
                { indicatorId: 'mentees-in-work', name: 'Mentees in work or training a year later', unit: 'percent', baseline: 10, target: 40, ...latest('mentees-in-work') },
              ],
            },
          ],
          sensitiveActions: 0,
        },
        expect.objectContaining({ pillarId: expect.any(String), sensitiveActions: 0 }),
        { pillarId: expect.any(String), actions: [], sensitiveActions: { fewerThan: 3 } },
      ],
    });
    expect(trace.body.pillars[0].actions[0].indicators[0].latest).toEqual({ period: expect.stringMatching(/^\d{4}-Q[1-4]$/), value: expect.any(Number) });
    // The call keeps what it names, as the proposals API reads it back.
    const call = await request('proposals')(undefined, 'GET', '/calls/trace-mentoring');
    expect(call.body.details.planActions).toEqual([{ countyCode: '001', actionId: 'mentorship-likoni' }, { countyCode: '001', actionId: 'not-in-the-plan' }, { countyCode: '042', actionId: 'kisumu-forums' }]);
    const text = JSON.stringify(trace.body);
    for (const hidden of ['fisheries-cooperatives', 'Cooperatives for returnees in Kisauni', 'not-in-the-plan', 'kisumu-forums']) expect(text).not.toContain(hidden);
  });

  it('answers 404 without a published plan or for a code that is no county', async () => {
    for (const code of ['042', '048', 'abc']) {
      const response = await countyPlans(undefined, 'GET', `/counties/${code}/trace`);
      expect({ code, status: response.status, type: response.body.type }).toEqual({ code, status: 404, type: `${PROBLEM}not-found` });
    }
  });

  itWithXmllint('publishes the awards as IATI 2.03 XML valid against the official schema, without the sensitive one', async () => {
    const iati = await countyPlans(undefined, 'GET', `/open-data/partnerships.iati.xml?minPosition=${head}`);
    expect(iati.status).toBe(200);
    expect(iati.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    const xml = String(iati.body);
    expect(xml.match(/<iati-activity /g)).toHaveLength(1);
    expect(xml).toContain('<iati-identifier>XX-NCTC-PLACEHOLDER-trace-mentoring.amani-youth</iati-identifier>');
    expect(xml).toContain('<value currency="KES" value-date=');
    expect(xml).toContain('>3200000</value>');
    expect(xml).not.toContain('trace-fisheries');
    expect(xml).not.toContain('returnees');
    const result = validateIati(xml);
    expect(result.output).toContain('validates');
    expect(result.valid).toBe(true);
  });
});

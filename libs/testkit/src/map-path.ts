import { parse } from 'csv-parse/sync';
import { aCallDetails, inDays } from './call-builders';
import { aCountyPlan, aCountyReport, anNctcApproval, thisYear } from './county-plan-builders';
import { anInitiative } from './initiative-path';
import { anOrganizationProfile } from './organization-builders';
import { aFullProposal, type PathResponse } from './proposal-path';

export type MapPathService = 'registration' | 'proposals' | 'countyPlans';

export interface MapPathContext {
  /** A request to one service as `user` (a demo user of the issuer), JSON or text as the answer is. */
  request(service: MapPathService, user: string | undefined, method: string, path: string, body?: unknown): Promise<PathResponse>;
  /** Moves the services' clock this many days ahead of real time (past a call's deadlines). */
  moveClock(days: number): void;
}

const PROBLEM = 'https://csm.go.ke/problems/';
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const CALL = 'map-call';

/**
 * The map of who does what where (issue 10) through HTTP, on a platform with no data yet:
 * organisations registered and verified (one left unverified: never on the map), a call whose two
 * proposals are recommended and approved — one marked sensitive by the NCTC's recommendation —
 * with one offer accepted; Mombasa's plan published (a sensitive action among three) and a
 * quarter's report published; initiatives declared (one sensitive, one planned, one whose title
 * would be a spreadsheet formula). Then `GET /map` with and without filters, exact rows and county
 * figures, sensitive work only as `{ fewerThan: 3 }`, refusals of bad filters, and the HXL CSV read back.
 *
 * Users: `partner` (amani-youth), `partner2` (pwani-peace), `partner3` (kisumu-dialogue), `reviewer`,
 * `county`, `secretariat`, `cochair` (Mombasa, 001), `admin` (the NCTC).
 */
export const runMapPath = async (ctx: MapPathContext): Promise<void> => {
  let last = '0';
  /** A write that must answer `status`; later reads wait for it in every service (read-your-writes). */
  const write = async (status: number, service: MapPathService, user: string, method: string, path: string, body: unknown = {}) => {
    const answer = await ctx.request(service, user, method, path, body);
    if (answer.status !== status) throw new Error(`${user} ${method} ${path}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
    if (typeof answer.body?.position === 'string') {
      last = answer.body.position;
      await ctx.request('proposals', 'admin', 'GET', `/calls?minPosition=${last}`);
      await ctx.request('registration', undefined, 'GET', `/directory?minPosition=${last}`);
      await ctx.request('countyPlans', undefined, 'GET', `/county-plans?minPosition=${last}`);
    }
    return answer;
  };
  const map = async (query = '') => ctx.request('countyPlans', undefined, 'GET', `/map?minPosition=${last}${query}`);

  // --- Organisations: two verified, one submitted but not verified ---------------------------
  const organisations = [
    { user: 'partner', org: 'amani-youth', profile: anOrganizationProfile({ name: 'Amani Youth Initiative', counties: ['001', '002'], pillars: ['psychosocial', 'education'] }), verify: true },
    { user: 'partner3', org: 'kisumu-dialogue', profile: anOrganizationProfile({ name: 'Kisumu Interfaith Dialogue', type: 'faith-based', counties: ['042'], pillars: ['faith-based-ideological'] }), verify: true },
    { user: 'partner2', org: 'pwani-peace', profile: anOrganizationProfile({ name: 'Pwani Peace Network', counties: ['001'], pillars: ['political'] }), verify: false },
  ];
  for (const { user, org, profile, verify } of organisations) {
    await write(201, 'registration', user, 'POST', '/organizations', profile);
    await write(202, 'registration', user, 'POST', `/organizations/${org}/submit`);
    if (verify) await write(202, 'registration', 'admin', 'POST', `/organizations/${org}/verify`);
  }

  // --- Awarded partnerships, through the proposals API ---------------------------------------
  const applicants = [
    { user: 'partner', org: 'amani-youth', title: 'Mentors for Likoni', counties: ['001'], pillars: ['psychosocial'], amount: 3_000_000, sensitive: false, accept: true },
    { user: 'partner3', org: 'kisumu-dialogue', title: 'Dialogue circles for returnees', counties: ['042'], pillars: ['faith-based-ideological'], amount: 2_000_000, sensitive: true, accept: false },
  ];
  await write(201, 'proposals', 'admin', 'POST', '/calls', { callId: CALL, details: aCallDetails({ pillars: ['psychosocial', 'education', 'faith-based-ideological'] }) });
  await write(202, 'proposals', 'admin', 'POST', `/calls/${CALL}/publish`);
  for (const a of applicants) {
    const note = { title: a.title, summary: `${a.title}: mentorship and dialogue for young people at risk of recruitment.`, counties: a.counties, pillars: a.pillars, requestedBudget: { currency: 'KES', amount: 3_500_000 }, durationMonths: 18 };
    await write(201, 'proposals', a.user, 'POST', `/calls/${CALL}/concept-notes`, note);
  }
  ctx.moveClock(25); // past the submission deadline
  await write(202, 'proposals', 'admin', 'POST', `/calls/${CALL}/close`);
  for (const a of applicants) await write(202, 'proposals', 'admin', 'POST', `/calls/${CALL}/concept-notes/${a.org}/shortlist`, { fullProposalDeadline: inDays(35) });
  for (const a of applicants) await write(201, 'proposals', a.user, 'POST', `/proposals/${CALL}/${a.org}/full-proposal`, aFullProposal({ title: a.title, counties: a.counties, pillars: a.pillars, durationMonths: 12 }));
  ctx.moveClock(40); // past the full proposal deadline
  for (const a of applicants) {
    const proposal = `/proposals/${CALL}/${a.org}`;
    await write(202, 'proposals', 'admin', 'POST', `${proposal}/screening`);
    await write(202, 'proposals', 'reviewer', 'POST', `${proposal}/conflict-declaration`, { conflict: false });
    await write(202, 'proposals', 'reviewer', 'POST', `${proposal}/score-sheet/lock`, {
      scores: [
        { criterionId: 'relevance', score: 9, comment: 'Fits the County Action Plan' },
        { criterionId: 'feasibility', score: 8, comment: 'Costed and staffed' },
      ],
    });
    const items = ['do-no-harm', 'human-rights-legality', 'data-protection', 'child-safeguarding', 'gender-inclusion'].map((item) => ({ item, score: 3, passed: true, note: 'No concerns' }));
    await write(202, 'proposals', 'admin', 'POST', `${proposal}/legal-ethical-check`, { items });
    await write(202, 'proposals', 'admin', 'POST', `${proposal}/recommendation`, {
      outcome: 'recommend',
      body: { kind: 'government', name: 'Ministry of Interior and National Administration' },
      rationale: 'Strong, well-costed and low risk for the people it serves.',
      ...(a.sensitive ? { sensitive: true } : {}),
    });
    // The NCTC reads back what it marked.
    const recommended = await ctx.request('proposals', 'admin', 'GET', `${proposal}?minPosition=${last}`);
    expect({ status: recommended.status, sensitive: recommended.body?.recommendation?.sensitive }).toEqual({ status: 200, sensitive: a.sensitive ? true : undefined });
    await write(202, 'proposals', 'admin', 'POST', `${proposal}/decision`, { decision: 'approved', amount: a.amount, note: 'Approved by the Ministry' });
    if (a.accept) await write(202, 'proposals', a.user, 'POST', `${proposal}/offer-response`, { response: 'accept' });
  }

  // --- Mombasa's plan published, and a quarter's report -------------------------------------
  await write(201, 'countyPlans', 'county', 'POST', '/county-plans/001/versions', aCountyPlan());
  await write(202, 'countyPlans', 'county', 'POST', '/county-plans/001/versions/1/submit');
  await write(202, 'countyPlans', 'secretariat', 'POST', '/county-plans/001/versions/1/secretariat-review', { decision: 'endorse' });
  await write(202, 'countyPlans', 'admin', 'POST', '/county-plans/001/versions/1/nctc-decision', anNctcApproval());
  const period = `${thisYear() - 1}-Q4`;
  const report = aCountyReport({
    actions: [
      { actionId: 'mentorship-likoni', status: 'on-track' },
      { actionId: 'imam-pastor-forums', status: 'completed' },
      { actionId: 'fisheries-cooperatives', status: 'on-track' },
    ],
  });
  await write(201, 'countyPlans', 'county', 'POST', `/county-reports/001/${period}`, report);
  await write(202, 'countyPlans', 'county', 'POST', `/county-reports/001/${period}/submit`);
  await write(202, 'countyPlans', 'secretariat', 'POST', `/county-reports/001/${period}/secretariat-decision`, { decision: 'approve' });
  await write(202, 'countyPlans', 'cochair', 'POST', `/county-reports/001/${period}/co-chairs-decision`, { decision: 'approve' });
  await write(202, 'countyPlans', 'admin', 'POST', `/county-reports/001/${period}/nctc-decision`, anNctcApproval());

  // --- Initiatives: ongoing, sensitive, planned (with a title a spreadsheet would run) ---------
  const ongoingEnd = `${thisYear() + 3}-12-31`;
  const plannedStart = `${thisYear() + 5}-01-01`;
  const formula = '=HYPERLINK("https://evil.example","Lake forums")';
  await write(201, 'countyPlans', 'partner', 'POST', '/organizations/amani-youth/initiatives/likoni-mentoring', anInitiative({ counties: ['001', '002'], startsOn: '2026-01-01', endsOn: ongoingEnd }));
  await write(201, 'countyPlans', 'partner', 'POST', '/organizations/amani-youth/initiatives/returnee-support', anInitiative({ title: 'Support circles for returnees', counties: ['001'], pillars: ['psychosocial'], startsOn: '2026-01-01', sensitive: true }));
  await write(201, 'countyPlans', 'partner3', 'POST', '/organizations/kisumu-dialogue/initiatives/lake-forums', anInitiative({ title: formula, counties: ['042'], pillars: ['faith-based-ideological'], startsOn: plannedStart, endsOn: undefined, budgetBand: 'under-1m' }));

  // --- The whole map --------------------------------------------------------------------------
  const amani = { organizationId: 'amani-youth', organizationName: 'Amani Youth Initiative', organizationType: 'community-based' };
  const kisumu = { organizationId: 'kisumu-dialogue', organizationName: 'Kisumu Interfaith Dialogue', organizationType: 'faith-based' };
  const mombasa = { countyCode: '001', countyName: 'Mombasa' };
  const kwale = { countyCode: '002', countyName: 'Kwale' };
  const kisumuCounty = { countyCode: '042', countyName: 'Kisumu' };
  const likoni = { kind: 'initiative', id: 'amani-youth.likoni-mentoring', ...amani, activity: 'Likoni youth mentoring circles', pillars: ['psychosocial', 'education'], status: 'ongoing', startsOn: '2026-01-01', endsOn: ongoingEnd, budget: { currency: 'KES', amount: 1_000_000, band: '1m-to-10m' } };
  const rows = {
    amani001: { kind: 'organisation', id: 'amani-youth', ...mombasa, ...amani, pillars: ['psychosocial', 'education'], status: 'ongoing' },
    likoni001: { ...likoni, ...mombasa },
    partnership: { kind: 'partnership', id: `${CALL}.amani-youth`, ...mombasa, ...amani, activity: 'Mentors for Likoni', pillars: ['psychosocial'], status: 'ongoing', startsOn: expect.stringMatching(DAY), endsOn: expect.stringMatching(DAY), budget: { currency: 'KES', amount: 3_000_000 } },
    mentorship: { kind: 'plan-action', id: '001/mentorship-likoni', ...mombasa, ...amani, activity: 'Peer mentorship circles in Likoni and Kisauni', pillars: ['psychosocial'], status: 'ongoing', startsOn: `${thisYear() - 2}-01-01`, endsOn: `${thisYear() + 1}-12-31`, budget: { currency: 'KES', amount: 4_500_000 } },
    forums: { kind: 'plan-action', id: '001/imam-pastor-forums', ...mombasa, organizationName: 'Coast Interfaith Council of Clerics', activity: 'Quarterly forums of imams and pastors', pillars: ['faith-based-ideological'], status: 'ended', startsOn: `${thisYear() - 2}-01-01`, endsOn: `${thisYear() - 1}-12-31`, budget: { currency: 'KES', amount: 1_200_000 } },
    amani002: { kind: 'organisation', id: 'amani-youth', ...kwale, ...amani, pillars: ['psychosocial', 'education'], status: 'ongoing' },
    likoni002: { ...likoni, ...kwale },
    kisumu042: { kind: 'organisation', id: 'kisumu-dialogue', ...kisumuCounty, ...kisumu, pillars: ['faith-based-ideological'], status: 'ongoing' },
    lake: { kind: 'initiative', id: 'kisumu-dialogue.lake-forums', ...kisumuCounty, ...kisumu, activity: formula, pillars: ['faith-based-ideological'], status: 'planned', startsOn: plannedStart, budget: { currency: 'KES', amount: 0, band: 'under-1m' } },
  };
  type County = { countyCode: string; actors: number; activities: number; sensitiveActivities: number | { fewerThan: 3 }; value: number };
  const figures = (body: { counties: County[] }) => body.counties.filter((c) => c.actors + c.activities > 0 || c.sensitiveActivities !== 0).map(({ countyCode, actors, activities, sensitiveActivities, value }) => ({ countyCode, actors, activities, sensitiveActivities, value }));
  const FEW = { fewerThan: 3 };

  const whole = await map();
  expect(whole.status).toBe(200);
  expect(whole.body.filters).toEqual({ measure: 'actors' });
  expect(whole.body.counties).toHaveLength(47);
  expect(whole.body.rows).toEqual([rows.amani001, rows.likoni001, rows.partnership, rows.mentorship, rows.forums, rows.amani002, rows.likoni002, rows.kisumu042, rows.lake]);
  expect(figures(whole.body)).toEqual([
    { countyCode: '001', actors: 2, activities: 4, sensitiveActivities: FEW, value: 2 },
    { countyCode: '002', actors: 1, activities: 1, sensitiveActivities: 0, value: 1 },
    { countyCode: '042', actors: 1, activities: 1, sensitiveActivities: FEW, value: 1 },
  ]);
  expect(whole.body.totals).toEqual({ actors: 3, activities: 5 });
  // Sensitive work is never named, nor is an organisation that is not verified.
  const published = JSON.stringify(whole.body);
  for (const hidden of ['returnee', 'Returnee', 'fisheries', 'Fisheries', 'Dialogue circles', `${CALL}.kisumu-dialogue`, 'pwani', 'Pwani']) expect(published).not.toContain(hidden);
  // The partnership runs from the offer's acceptance for the proposal's twelve months.
  const { startsOn, endsOn } = whole.body.rows[2];
  const end = new Date(`${startsOn}T00:00:00Z`);
  end.setUTCMonth(end.getUTCMonth() + 12);
  end.setUTCDate(end.getUTCDate() - 1);
  expect(endsOn).toBe(end.toISOString().slice(0, 10));

  // --- Filters ----------------------------------------------------------------------------------
  const partnerships = await map('&kind=partnership&measure=activities');
  expect(partnerships.body.rows).toEqual([rows.partnership]);
  expect(figures(partnerships.body)).toEqual([
    { countyCode: '001', actors: 1, activities: 1, sensitiveActivities: 0, value: 1 },
    { countyCode: '042', actors: 0, activities: 0, sensitiveActivities: FEW, value: 0 },
  ]);
  const planned = await map('&status=planned');
  expect(planned.body.rows).toEqual([rows.lake]);
  expect(figures(planned.body)).toEqual([{ countyCode: '042', actors: 1, activities: 1, sensitiveActivities: FEW, value: 1 }]);
  const faith = await map('&pillar=faith-based-ideological');
  expect(faith.body.rows).toEqual([rows.forums, rows.kisumu042, rows.lake]);
  const faithBased = await map('&orgType=faith-based');
  expect(faithBased.body.rows).toEqual([rows.kisumu042, rows.lake]);
  const earlier = await map(`&period=${thisYear() - 1}-Q2`);
  expect(earlier.body.filters).toEqual({ period: `${thisYear() - 1}-Q2`, measure: 'actors' });
  expect(earlier.body.rows).toEqual([rows.amani001, rows.mentorship, rows.forums, rows.amani002, rows.kisumu042]);
  expect(figures(earlier.body)).toEqual([
    { countyCode: '001', actors: 2, activities: 2, sensitiveActivities: FEW, value: 2 },
    { countyCode: '002', actors: 1, activities: 0, sensitiveActivities: 0, value: 1 },
    { countyCode: '042', actors: 1, activities: 0, sensitiveActivities: 0, value: 1 },
  ]);

  // --- A page of the rows: counties and totals over every matching row --------------------------
  const paged = await map('&limit=3&offset=2');
  expect(paged.status).toBe(200);
  expect(paged.body.rows).toEqual([rows.partnership, rows.mentorship, rows.forums]);
  expect(paged.body.page).toEqual({ offset: 2, limit: 3, total: 9 });
  expect(paged.body.counties).toEqual(whole.body.counties);
  expect(paged.body.totals).toEqual(whole.body.totals);
  expect(whole.body.page).toBeUndefined();

  // --- Bad filters: problem+json naming the field ------------------------------------------------
  for (const [query, field] of [
    ['&pillar=digital-media', 'pillar'],
    ['&status=finished', 'status'],
    ['&period=2026-Q5', 'period'],
    ['&orgType=club', 'orgType'],
    ['&kind=person', 'kind'],
    ['&measure=budget', 'measure'],
    ['&limit=0', 'limit'],
    ['&offset=-1', 'offset'],
    ['&county=001', ''],
  ] as const) {
    const refused = await map(query);
    expect({ status: refused.status, type: refused.body?.type, contentType: refused.headers.get('content-type') }).toEqual({
      status: 400,
      type: `${PROBLEM}validation`,
      contentType: expect.stringContaining('application/problem+json'),
    });
    if (field) expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual([field]);
  }

  // --- The same rows as HXL CSV ---------------------------------------------------------------------
  const csv = await ctx.request('countyPlans', undefined, 'GET', `/open-data/who-does-what-where.csv?minPosition=${last}`);
  expect({ status: csv.status, type: csv.headers.get('content-type'), disposition: csv.headers.get('content-disposition') }).toEqual({
    status: 200,
    type: 'text/csv; charset=utf-8',
    disposition: 'attachment; filename=who-does-what-where.csv',
  });
  expect(csv.body).toMatch(/\r\n$/);
  const records: string[][] = parse(csv.body as string);
  expect(records[1]).toEqual(['#org', '#org+type', '#sector', '#adm1+name', '#adm1+code', '#activity', '#status', '#date+start', '#date+end', '#value+budget', '#currency', '#value+band', '#meta+kind', '#meta+id']);
  expect(records).toHaveLength(2 + whole.body.rows.length);
  expect(records.slice(2).map((r) => `${r[12]}:${r[13]}:${r[4]}`)).toEqual(whole.body.rows.map((r: { kind: string; id: string; countyCode: string }) => `${r.kind}:${r.id}:${r.countyCode}`));
  expect(records.at(-1)).toEqual(['Kisumu Interfaith Dialogue', 'faith-based', 'faith-based-ideological', 'Kisumu', '042', `'${formula}`, 'planned', plannedStart, '', '0', 'KES', 'under-1m', 'initiative', 'kisumu-dialogue.lake-forums']);
  expect(records[3]).toEqual(['Amani Youth Initiative', 'community-based', 'psychosocial; education', 'Mombasa', '001', 'Likoni youth mentoring circles', 'ongoing', '2026-01-01', ongoingEnd, '1000000', 'KES', '1m-to-10m', 'initiative', 'amani-youth.likoni-mentoring']);
  for (const hidden of ['returnee', 'Returnee', 'fisheries', 'Fisheries', 'Dialogue circles', 'Pwani']) expect(csv.body).not.toContain(hidden);
  const filtered: string[][] = parse((await ctx.request('countyPlans', undefined, 'GET', '/open-data/who-does-what-where.csv?kind=plan-action')).body as string);
  expect(filtered.slice(2).map((r) => r[13])).toEqual(['001/mentorship-likoni', '001/imam-pastor-forums']);
  const badCsv = await ctx.request('countyPlans', undefined, 'GET', '/open-data/who-does-what-where.csv?pillar=nope');
  expect({ status: badCsv.status, type: badCsv.body?.type }).toEqual({ status: 400, type: `${PROBLEM}validation` });

  // --- The award the NCTC marked sensitive stays out of the IATI file too (one rule for all exports) ---
  const iati = await ctx.request('countyPlans', undefined, 'GET', '/open-data/partnerships.iati.xml');
  expect({ status: iati.status, type: iati.headers.get('content-type') }).toEqual({ status: 200, type: expect.stringContaining('xml') });
  expect(iati.body).toContain('Mentors for Likoni');
  expect(iati.body).not.toContain('Dialogue circles');
};

import { MapQuery, type CountyPlanEvent, type CountyReportEvent } from '@csm/contracts';
import { evolveFacts, type CountyFacts } from '../src/projections/county-progress.projection';
import { planActionRowsOf, type MapCountyPlan, type MapInitiative, type MapOrganization, type MapPartnership } from '../src/projections/who-does-what-where.projection';
import { mapRead, type MapSources } from '../src/http/map-read';
import { plan, report } from './builders';

/** The map's rows from the projections' facts: statuses by today, verified organisations only, sensitive work only counted. */
const TODAY = '2026-06-15';
const query = (q: Record<string, string> = {}) => MapQuery.parse(q);

const anOrganization = (id: string, overrides: Partial<MapOrganization> = {}): MapOrganization => ({ _id: id, name: `Org ${id}`, type: 'community-based', counties: ['001'], pillars: ['psychosocial'], verified: true, ...overrides });
const anInitiative = (id: string, overrides: Partial<MapInitiative> = {}): MapInitiative => ({
  _id: `amani.${id}`,
  organizationId: 'amani',
  organizationType: 'community-based',
  title: `Initiative ${id}`,
  counties: ['001'],
  pillars: ['education'],
  startsOn: '2026-01-01',
  budgetBand: '1m-to-10m',
  sensitive: false,
  ...overrides,
});
const aPartnership = (id: string, overrides: Partial<MapPartnership> = {}): MapPartnership => ({
  _id: id,
  organizationId: 'amani',
  conceptNote: { title: 'From the concept note', counties: ['001'], pillars: ['psychosocial'], currency: 'KES', durationMonths: 12 },
  sensitive: false,
  decision: { decision: 'approved', amount: 2_000_000, on: '2026-02-01' },
  ...overrides,
});
const planFacts = (countyCode: string, events: (CountyPlanEvent | CountyReportEvent)[]): MapCountyPlan => ({
  _id: countyCode,
  facts: events.reduce((facts, event) => evolveFacts(facts, event, '2026-05-01T00:00:00.000Z'), { countyCode, versions: {}, reports: {} } as CountyFacts),
});
const published = (countyCode: string, content = plan()) =>
  [
    { type: 'CountyPlanDrafted', version: 1, data: { countyCode, version: 1, plan: content } },
    { type: 'CountyPlanPublished', version: 1, data: { countyCode, version: 1 } },
  ] as CountyPlanEvent[];
const reported = (countyCode: string, period: string, statuses: Record<string, string>) =>
  [
    {
      type: 'CountyReportDrafted',
      version: 1,
      data: { countyCode, period, revision: 1, planVersion: 1, dueOn: '2026-04-30', report: report({ actions: Object.entries(statuses).map(([actionId, status]) => ({ actionId, status, ...(status === 'delayed' || status === 'dropped' ? { reason: 'Funds came late.' } : {}) })) }) },
    },
    { type: 'CountyReportPublished', version: 1, data: { countyCode, period, revision: 1 } },
  ] as CountyReportEvent[];
const sources = (s: Partial<MapSources> = {}): MapSources => ({ organizations: [anOrganization('amani')], partnerships: [], initiatives: [], plans: [], sensitiveAwards: new Set(), ...s });
const county = (read: ReturnType<typeof mapRead>, code: string) => read.counties.find((c) => c.countyCode === code)!;

describe('who does what where', () => {
  it('dates a partnership from the accepted offer for its duration: planned until accepted, ongoing, then ended; a declined offer is no row', () => {
    const partnership = (p: MapPartnership) => mapRead(sources({ partnerships: [p] }), query({ kind: 'partnership' }), TODAY).rows;
    expect(partnership(aPartnership('p1'))).toEqual([expect.objectContaining({ status: 'planned', startsOn: '2026-02-01', endsOn: '2027-01-31', activity: 'From the concept note', budget: { currency: 'KES', amount: 2_000_000 } })]);
    expect(partnership(aPartnership('p1', { offer: { response: 'accepted', on: '2026-03-10' } }))).toEqual([expect.objectContaining({ status: 'ongoing', startsOn: '2026-03-10', endsOn: '2027-03-09' })]);
    expect(partnership(aPartnership('p1', { offer: { response: 'accepted', on: '2025-01-01' } }))).toEqual([expect.objectContaining({ status: 'ended', endsOn: '2025-12-31' })]);
    expect(partnership(aPartnership('p1', { offer: { response: 'declined', on: '2026-03-10' } }))).toEqual([]);
    expect(partnership(aPartnership('p1', { decision: { decision: 'rejected', on: '2026-02-01' } }))).toEqual([]);
    // The full proposal, once there is one, is what was decided on.
    const full = aPartnership('p1', { fullProposal: { title: 'From the full proposal', counties: ['001', '002'], pillars: ['education'], currency: 'USD', durationMonths: 6 } });
    expect(partnership(full).map((r) => [r.countyCode, r.activity, r.pillars, r.budget])).toEqual([
      ['001', 'From the full proposal', ['education'], { currency: 'USD', amount: 2_000_000 }],
      ['002', 'From the full proposal', ['education'], { currency: 'USD', amount: 2_000_000 }],
    ]);
  });

  it('leaves out everything of an organisation that is not verified now', () => {
    const read = mapRead(
      sources({ organizations: [anOrganization('amani', { verified: false })], initiatives: [anInitiative('a')], partnerships: [aPartnership('p1')] }),
      query(),
      TODAY,
    );
    expect(read.rows).toEqual([]);
    expect(county(read, '001')).toEqual({ countyCode: '001', countyName: 'Mombasa', actors: 0, activities: 0, sensitiveActivities: 0, value: 0 });
  });

  it('says an initiative is planned before it starts, ended when closed or past its end, and ongoing between', () => {
    const statuses = mapRead(
      sources({
        initiatives: [
          anInitiative('later', { startsOn: '2027-01-01' }),
          anInitiative('closed', { closedOn: '2026-03-01', endsOn: '2026-12-31' }),
          anInitiative('over', { startsOn: '2025-01-01', endsOn: '2025-12-31' }),
          anInitiative('now', { endsOn: '2026-12-31' }),
        ],
      }),
      query({ kind: 'initiative' }),
      TODAY,
    ).rows.map((r) => [r.id, r.status, r.endsOn]);
    expect(statuses).toEqual([
      ['amani.closed', 'ended', '2026-03-01'],
      ['amani.later', 'planned', undefined],
      ['amani.now', 'ongoing', '2026-12-31'],
      ['amani.over', 'ended', '2025-12-31'],
    ]);
  });

  it('counts an award the plan makes sensitive (its call names a sensitive action) like one the NCTC marked: never a row', () => {
    const read = mapRead(sources({ partnerships: [aPartnership('p1')], sensitiveAwards: new Set(['p1']) }), query(), TODAY);
    expect(read.rows.filter((r) => r.kind === 'partnership')).toEqual([]);
    expect(county(read, '001').sensitiveActivities).toEqual({ fewerThan: 3 });
  });

  it('counts sensitive work per county only: fewer than 3 below 3, the number from 3, never a row', () => {
    const sensitive = (id: string) => anInitiative(id, { sensitive: true, title: `Returnees ${id}` });
    const two = mapRead(sources({ initiatives: [sensitive('a'), sensitive('b')] }), query(), TODAY);
    expect(county(two, '001').sensitiveActivities).toEqual({ fewerThan: 3 });
    expect(JSON.stringify(two.rows)).not.toContain('Returnees');
    const three = mapRead(sources({ initiatives: [sensitive('a'), sensitive('b')], partnerships: [aPartnership('p1', { sensitive: true })] }), query(), TODAY);
    expect(county(three, '001').sensitiveActivities).toBe(3);
    expect(three.rows.map((r) => r.kind)).toEqual(['organisation']);
    // Filters apply to what is counted too.
    expect(county(mapRead(sources({ initiatives: [sensitive('a'), sensitive('b')], partnerships: [aPartnership('p1', { sensitive: true })] }), query({ kind: 'partnership' }), TODAY), '001').sensitiveActivities).toEqual({ fewerThan: 3 });
  });

  it('shows the published plan’s actions with the latest published report’s status, pillars in the 2016 taxonomy, sensitive ones only counted', () => {
    const mombasa = planFacts('001', [...published('001'), ...reported('001', '2025-Q4', { 'mentorship-likoni': 'on-track', 'imam-pastor-forums': 'completed', 'fisheries-cooperatives': 'on-track' }), ...reported('001', '2026-Q1', { 'mentorship-likoni': 'delayed', 'imam-pastor-forums': 'completed', 'fisheries-cooperatives': 'dropped' })]);
    const read = mapRead(sources({ plans: [mombasa] }), query({ kind: 'plan-action' }), TODAY);
    expect(read.rows.map((r) => [r.id, r.organizationName, r.organizationType, r.pillars, r.status, r.startsOn, r.endsOn])).toEqual([
      ['001/mentorship-likoni', 'Amani Youth Network', undefined, ['psychosocial'], 'ongoing', '2024-01-01', '2027-12-31'],
      ['001/imam-pastor-forums', 'Coast Interfaith Council of Clerics', undefined, ['faith-based-ideological'], 'ended', '2024-01-01', '2025-12-31'],
    ]);
    expect(county(read, '001')).toEqual({ countyCode: '001', countyName: 'Mombasa', actors: 2, activities: 2, sensitiveActivities: { fewerThan: 3 }, value: 2 });
    // A registered lead reads by its registered name and type.
    const withLead = mapRead(sources({ organizations: [anOrganization('amani-youth', { name: 'Amani Youth Initiative' })], plans: [mombasa] }), query({ kind: 'plan-action', orgType: 'community-based' }), TODAY);
    expect(withLead.rows.map((r) => [r.id, r.organizationName, r.organizationType])).toEqual([['001/mentorship-likoni', 'Amani Youth Initiative', 'community-based']]);
    // Not reported yet: planned. A 2024 plan's pillars read in the 2016 taxonomy.
    const kwale = planFacts('002', published('002', plan({ taxonomy: 'nscve-2024', countyPillars: [], pillars: [{ ...plan().pillars[0], pillarId: 'rehabilitation-reintegration' }] })));
    expect(mapRead(sources({ plans: [kwale] }), query({ kind: 'plan-action' }), TODAY).rows.map((r) => [r.id, r.pillars, r.status])).toEqual([['002/mentorship-likoni', ['psychosocial'], 'planned']]);
  });

  it('answers the same from the plan actions’ rows the projection precomputes as from the plans’ facts', () => {
    const mombasa = planFacts('001', [...published('001'), ...reported('001', '2026-Q1', { 'mentorship-likoni': 'delayed', 'imam-pastor-forums': 'completed', 'fisheries-cooperatives': 'dropped' })]);
    const organizations = [anOrganization('amani-youth', { name: 'Amani Youth Initiative' })];
    for (const q of [query(), query({ kind: 'plan-action' }), query({ period: '2024-Q2', status: 'ongoing' })]) {
      expect(mapRead(sources({ organizations, planActions: planActionRowsOf(mombasa.facts) }), q, TODAY)).toEqual(mapRead(sources({ organizations, plans: [mombasa] }), q, TODAY));
    }
  });

  it('answers a page of the rows when asked (limit, offset), counties and totals still over every matching row', () => {
    const initiatives = ['a', 'b', 'c', 'd'].map((id) => anInitiative(id));
    const all = mapRead(sources({ initiatives }), query(), TODAY);
    expect(all.page).toBeUndefined();
    const page = mapRead(sources({ initiatives }), MapQuery.parse({ limit: '2', offset: '1' }), TODAY);
    expect(page.rows).toEqual(all.rows.slice(1, 3));
    expect(page.page).toEqual({ offset: 1, limit: 2, total: 5 });
    expect(page.counties).toEqual(all.counties);
    expect(page.totals).toEqual(all.totals);
    expect(mapRead(sources({ initiatives }), MapQuery.parse({ offset: '4' }), TODAY).rows).toEqual(all.rows.slice(4));
    expect(MapQuery.safeParse({ limit: '0' }).success).toBe(false);
    expect(MapQuery.safeParse({ offset: '-1' }).success).toBe(false);
  });

  it('keeps rows active during a quarter, and organisations always', () => {
    const read = mapRead(sources({ initiatives: [anInitiative('over', { startsOn: '2025-01-01', endsOn: '2025-12-31' }), anInitiative('now')] }), query({ period: '2025-Q3' }), TODAY);
    expect(read.rows.map((r) => r.id)).toEqual(['amani', 'amani.over']);
    expect(read.totals).toEqual({ actors: 1, activities: 1 });
  });

  it('colours by actors or by activities, and counts an activity once nationally however many counties it spans', () => {
    const spread = anInitiative('wide', { counties: ['001', '002', '003'] });
    const byActivities = mapRead(sources({ initiatives: [spread, anInitiative('b')] }), query({ measure: 'activities' }), TODAY);
    expect(byActivities.counties.slice(0, 3).map((c) => [c.countyCode, c.actors, c.activities, c.value])).toEqual([
      ['001', 1, 2, 2],
      ['002', 1, 1, 1],
      ['003', 1, 1, 1],
    ]);
    expect(byActivities.totals).toEqual({ actors: 1, activities: 2 });
    expect(byActivities.counties).toHaveLength(47);
  });
});

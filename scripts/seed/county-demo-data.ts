import { periodAt, periodIndex, periodOf, planActions, type CountyPlanContent } from '@csm/contracts';
import { callApi } from '@csm/platform';
import { aCountyPlan, anInitiative, anNctcApproval, thisYear } from '@csm/testkit';

/**
 * The counties of `npm start`'s demo (issue 10: "a few counties with published plans and two
 * quarters of reports, so `npm start` shows a living map and roll-up"), written through the
 * public HTTP API with real tokens, as the county officers, their forums and the NCTC would:
 * Mombasa (001, whose plan the base demo publishes), Kwale (002), Garissa (007) and Nairobi (047)
 * publish plans; each reports on the two quarters before the current one, approved through all
 * three levels, Mombasa's first one returned once by the co-chairs and corrected; the verified
 * organisations declare initiatives (one sensitive, counted but never shown to the public).
 * The current quarter is left for people to report on in the portal.
 */
export interface CountySeedTokens {
  /** A token of one of the demo users (`county`, `secretariat`, `cochair`, `admin`, `partner`, `partner3`). */
  demo(username: string): Promise<string>;
  /** A token for a county's forum people the demo users do not cover (the embedded issuer's `signUserToken`). */
  countyPerson(role: 'county-officer' | 'county-secretariat' | 'county-co-chair', countyCode: string): Promise<string>;
}

type Step = [string, () => Promise<string | undefined>];
type Must = (what: string, call: Promise<{ status: number; body: unknown }>) => Promise<string | undefined>;

const y = thisYear();
/** The two quarters before the current one: what the demo counties have reported on. */
export const seededQuarters = (now = new Date()): [string, string] => {
  const current = periodIndex(periodOf(now.toISOString()));
  return [periodAt(current - 2), periodAt(current - 1)];
};

interface ActionSketch {
  id: string;
  title: string;
  lead: string;
  pillarId: string;
  budgetKes: number;
  indicator: { id: string; name: string; target: number };
  sensitive?: boolean;
}

/** A county's plan from a few actions: one priority per pillar, four years from last year, quarterly count indicators. */
const planOf = (county: string, actions: ActionSketch[]): CountyPlanContent => {
  const timeframe = { from: `${y - 1}-Q1`, to: `${y + 2}-Q4` };
  const pillars = [...new Set(actions.map((a) => a.pillarId))];
  return {
    title: `${county} County Action Plan on Preventing and Countering Violent Extremism`,
    taxonomy: 'nscve-2016',
    countyPillars: [],
    timeframe,
    pillars: pillars.map((pillarId) => ({
      pillarId,
      priorities: [
        {
          id: `${pillarId}-priority`,
          title: `${county}: priorities under this pillar`,
          actions: actions
            .filter((a) => a.pillarId === pillarId)
            .map((a) => ({
              id: a.id,
              title: a.title,
              lead: { name: a.lead },
              partners: [],
              timeframe,
              budgetKes: a.budgetKes,
              sensitive: a.sensitive ?? false,
              indicators: [{ id: a.indicator.id, name: a.indicator.name, unit: 'count' as const, baseline: 0, target: a.indicator.target, frequency: 'quarterly' as const }],
            })),
        },
      ],
    })),
  };
};

const COUNTIES: { code: string; name: string; plan: () => CountyPlanContent; delayed?: string }[] = [
  { code: '001', name: 'Mombasa', plan: () => aCountyPlan() as CountyPlanContent },
  {
    code: '002',
    name: 'Kwale',
    delayed: 'kwale-sports-leagues',
    plan: () =>
      planOf('Kwale', [
        { id: 'kwale-sports-leagues', title: 'Ward football leagues for out-of-school youth', lead: 'Kwale Youth Sports Association', pillarId: 'arts-culture', budgetKes: 1_800_000, indicator: { id: 'kwale-players', name: 'Young people playing in the leagues', target: 1200 } },
        { id: 'kwale-chiefs-barazas', title: 'Chiefs’ barazas on early warning signs', lead: 'County Commissioner’s Office, Kwale', pillarId: 'security', budgetKes: 900_000, indicator: { id: 'kwale-barazas', name: 'Barazas held', target: 64 } },
      ]),
  },
  {
    code: '007',
    name: 'Garissa',
    plan: () =>
      planOf('Garissa', [
        { id: 'garissa-madrassa-teachers', title: 'Training madrassa and duksi teachers in critical thinking', lead: 'Garissa Council of Imams', pillarId: 'education', budgetKes: 2_400_000, indicator: { id: 'garissa-teachers', name: 'Teachers trained', target: 400 } },
        { id: 'garissa-women-mediators', title: 'Women mediators in border villages', lead: 'Garissa Women for Peace', pillarId: 'psychosocial', budgetKes: 1_500_000, indicator: { id: 'garissa-mediators', name: 'Mediators active', target: 80 } },
        { id: 'garissa-returnee-support', title: 'Reintegration support for returnees and their families', lead: 'County Department of Social Services, Garissa', pillarId: 'psychosocial', budgetKes: 3_200_000, sensitive: true, indicator: { id: 'garissa-families', name: 'Families supported', target: 60 } },
      ]),
  },
  {
    code: '047',
    name: 'Nairobi',
    delayed: 'nairobi-online-counter-messaging',
    plan: () =>
      planOf('Nairobi', [
        { id: 'nairobi-online-counter-messaging', title: 'Youth-made counter-messaging on social media', lead: 'Kisumu Interfaith Dialogue', pillarId: 'media-online', budgetKes: 2_000_000, indicator: { id: 'nairobi-campaigns', name: 'Campaigns run', target: 32 } },
        { id: 'nairobi-eastleigh-dialogues', title: 'Police and community dialogues in Eastleigh and Majengo', lead: 'Nairobi County Policing Authority', pillarId: 'security', budgetKes: 1_100_000, indicator: { id: 'nairobi-dialogues', name: 'Dialogues held', target: 96 } },
      ]),
  },
];

const dueIn = (frequency: string, period: string) => {
  const quarter = Number(period.slice(-1));
  return frequency === 'quarterly' || (frequency === 'semi-annual' && quarter % 2 === 0) || (frequency === 'annual' && quarter === 4);
};

/**
 * A report on `period` that passes the service's rules: every action's status (completed once its
 * timeframe has ended, on track, or delayed with its reason), every due indicator of a begun
 * action at the straight line from its baseline to its target (so on track, no narrative needed).
 */
const reportOf = (plan: CountyPlanContent, period: string, delayed: string | undefined, summary: string) => {
  const at = periodIndex(period);
  const actions = planActions(plan).map(({ action }) => action);
  const begun = actions.filter((a) => periodIndex(a.timeframe.from) <= at);
  return {
    summary,
    actions: actions.map((a) =>
      a.id === delayed
        ? { actionId: a.id, status: 'delayed', reason: 'Funds for the second half of the year came late.' }
        : { actionId: a.id, status: periodIndex(a.timeframe.to) < at ? 'completed' : periodIndex(a.timeframe.from) > at ? 'not-started' : 'on-track' },
    ),
    indicators: begun.flatMap((a) =>
      a.indicators
        .filter((i) => dueIn(i.frequency, period))
        .map((i) => {
          const share = Math.min(1, (at - periodIndex(a.timeframe.from) + 1) / (periodIndex(a.timeframe.to) - periodIndex(a.timeframe.from) + 1));
          const line = i.baseline + (i.target - i.baseline) * share;
          return { indicatorId: i.id, value: i.unit === 'yes-no' ? i.target : i.unit === 'percent' ? Math.min(100, Math.ceil(line)) : Math.ceil(line) };
        }),
    ),
    evidence: [{ title: 'Minutes of the County Engagement Forum', documentRef: `CEF/${period}` }],
  };
};

/** The steps that seed the demo counties, for `seedDemoData` to run after its own (Mombasa's plan is already published). */
export const countySeedSteps = (countyPlans: string, tokens: CountySeedTokens, must: Must): Step[] => {
  const steps: Step[] = [];
  const as = (token: Promise<string>, method: string, path: string, body: unknown) => token.then((t) => callApi(countyPlans, method, path, { token: t, body }));
  const person = (code: string, role: 'county-officer' | 'county-secretariat' | 'county-co-chair') =>
    code === '001' ? tokens.demo({ 'county-officer': 'county', 'county-secretariat': 'secretariat', 'county-co-chair': 'cochair' }[role]) : tokens.countyPerson(role, code);
  const admin = () => tokens.demo('admin');
  const quarters = seededQuarters();

  for (const county of COUNTIES) {
    const { code, name } = county;
    const plan = county.plan();
    if (code !== '001') {
      steps.push([
        `${name} (${code}) publishes its County Action Plan: drafted, submitted, endorsed by its forum, approved by the NCTC with its sensitivity review`,
        async () => {
          await must(`${name} drafts`, as(person(code, 'county-officer'), 'POST', `/county-plans/${code}/versions`, plan));
          await must(`${name} submits`, as(person(code, 'county-officer'), 'POST', `/county-plans/${code}/versions/1/submit`, {}));
          await must(`${name} forum endorses`, as(person(code, 'county-secretariat'), 'POST', `/county-plans/${code}/versions/1/secretariat-review`, { decision: 'endorse' }));
          return must(`NCTC publishes ${name}'s plan`, as(admin(), 'POST', `/county-plans/${code}/versions/1/nctc-decision`, anNctcApproval()));
        },
      ]);
    }
    for (const [index, period] of quarters.entries()) {
      const returnedOnce = code === '001' && index === 0;
      const path = `/county-reports/${code}/${period}`;
      const summary = `${name}: the forum met; work went on as planned${county.delayed ? ', one action delayed' : ''}.`;
      steps.push([
        `${name} reports on ${period}${returnedOnce ? ', is returned by the co-chairs, corrects it,' : ''} and is approved by its secretariat, its co-chairs and the NCTC`,
        async () => {
          await must(`${name} drafts ${period}`, as(person(code, 'county-officer'), 'POST', path, reportOf(plan, period, county.delayed, summary)));
          await must(`${name} submits ${period}`, as(person(code, 'county-officer'), 'POST', `${path}/submit`, {}));
          await must(`${name} secretariat approves ${period}`, as(person(code, 'county-secretariat'), 'POST', `${path}/secretariat-decision`, { decision: 'approve' }));
          if (returnedOnce) {
            await must(`${name} co-chairs return ${period}`, as(person(code, 'county-co-chair'), 'POST', `${path}/co-chairs-decision`, { decision: 'return', reason: 'The forum count disagrees with the minutes: check it.' }));
            await must(`${name} corrects ${period}`, as(person(code, 'county-officer'), 'PUT', path, reportOf(plan, period, county.delayed, `Corrected: ${summary}`)));
            await must(`${name} resubmits ${period}`, as(person(code, 'county-officer'), 'POST', `${path}/submit`, {}));
            await must(`${name} secretariat approves ${period} again`, as(person(code, 'county-secretariat'), 'POST', `${path}/secretariat-decision`, { decision: 'approve' }));
          }
          await must(`${name} co-chairs approve ${period}`, as(person(code, 'county-co-chair'), 'POST', `${path}/co-chairs-decision`, { decision: 'approve' }));
          return must(`NCTC publishes ${name}'s ${period}`, as(admin(), 'POST', `${path}/nctc-decision`, anNctcApproval()));
        },
      ]);
    }
  }

  const since = `${y - 1}-01-01`;
  const until = `${y + 1}-12-31`;
  const initiatives: [string, string, string, Record<string, unknown>][] = [
    [
      'partner',
      'amani-youth',
      'coast-youth-mentoring',
      { title: 'Coast youth mentoring circles', description: 'Weekly mentoring circles with ward peace committees in Mombasa and Kwale.', counties: ['001', '002'], pillars: ['psychosocial'], planActions: [{ countyCode: '001', actionId: 'mentorship-likoni' }], partners: ['kisumu-dialogue'] },
    ],
    [
      'partner',
      'amani-youth',
      'coast-returnee-families',
      { title: 'Support to returnees’ families', description: 'Home visits and counselling for the families of returnees.', counties: ['001'], pillars: ['psychosocial'], sensitive: true },
    ],
    [
      'partner3',
      'kisumu-dialogue',
      'interfaith-youth-voices',
      { title: 'Interfaith youth voices', description: 'Young people of different faiths make counter-messages together, online and on local radio.', counties: ['047', '007'], pillars: ['faith-based-ideological', 'media-online'], budgetBand: 'under-1m', planActions: [{ countyCode: '047', actionId: 'nairobi-online-counter-messaging' }] },
    ],
  ];
  steps.push([
    `Verified organisations declare ${initiatives.length} initiatives (one sensitive: the public sees it only as "fewer than 3")`,
    async () => {
      let position: string | undefined;
      for (const [user, org, id, overrides] of initiatives) {
        position = await must(`initiative ${id}`, as(tokens.demo(user), 'POST', `/organizations/${org}/initiatives/${id}`, anInitiative({ startsOn: since, endsOn: until, ...overrides })));
      }
      return position;
    },
  ]);
  return steps;
};

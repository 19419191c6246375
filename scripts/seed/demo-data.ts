import type { OrganizationProfile } from '@csm/contracts';
import { callApi, passwordToken } from '@csm/platform';
import { aCountyPlan, aFullProposal, anNctcApproval } from '@csm/testkit';
import { countySeedSteps } from './county-demo-data';
import { librarySeedSteps } from './library-demo-data';

interface SeedTarget {
  /** Without county-plans (a platform of registration and proposals only), its demo plan is left out. */
  urls: { issuer: string; registration: string; proposals: string; countyPlans?: string; resources?: string };
  store: { headPosition(): Promise<bigint> };
  /** The embedded issuer's tokens for people the demo users do not cover (the demo counties' forums); without it, `counties` is skipped. */
  signUserToken?(user: { username: string; roles: string[]; countyCode?: string }): Promise<string>;
}

const profile = (name: string, type: OrganizationProfile['type'], counties: string[], pillars: string[], mandate: string): OrganizationProfile =>
  ({
    name,
    type,
    registration: { authority: 'ngo-board', number: `OP.218/051/${name.length}/2020`, registeredOn: '2020-06-01', country: 'KE' },
    mandate,
    contacts: [{ name: 'Programme Office', email: `office@${name.split(' ')[0]!.toLowerCase()}.example` }],
    pillars,
    counties,
  }) as OrganizationProfile;

/** A write that must succeed; its log position, for the next step to wait on. */
const must = async (what: string, call: Promise<{ status: number; body: unknown }>): Promise<string | undefined> => {
  const response = await call;
  if (response.status >= 300) throw new Error(`Seeding failed at "${what}": ${response.status} ${JSON.stringify(response.body)}`);
  const position = (response.body as { position?: unknown } | undefined)?.position;
  return position === undefined ? undefined : String(position);
};

export interface SeedOptions {
  /**
   * Also bring a direct partnership to the panel, so the `reviewer` accounts have a proposal to
   * assess on the first visit. Screening waits for its full-proposal deadline to pass, which
   * costs a few seconds of real time: `npm start` asks for it, tests that do not need it do not.
   */
  reviewStage?: boolean;
  /**
   * Also publish plans of Kwale, Garissa and Nairobi beside Mombasa's, two quarters of reports of
   * each through the three approval levels (one returned and corrected) and a few initiatives
   * (scripts/seed/county-demo-data.ts), so the roll-up and the map have something to show.
   * `npm start` asks for it; tests that do not need it do not.
   */
  counties?: boolean;
}

/** Seconds between the demo partnership's conversion and its full-proposal deadline (the seed waits them out). */
const DEMO_DEADLINE_SECONDS = 4;

/**
 * Demo data, written through the public HTTP API with real tokens, exactly as people would.
 * Runs only on an empty store, so a restart keeps what was there.
 */
export const seedDemoData = async (platform: SeedTarget, progress: (line: string) => void, options: SeedOptions = {}): Promise<void> => {
  if ((await platform.store.headPosition()) >= 0n) {
    progress('store already has data; not seeding');
    return;
  }
  const { issuer, registration, proposals, countyPlans, resources } = platform.urls;
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
  const [admin, partner, partner2, partner3] = await Promise.all(['admin', 'partner', 'partner2', 'partner3'].map((u) => passwordToken(issuer, u)));
  const steps: [string, () => Promise<string | undefined>][] = [
    [
      'Amani Youth Initiative registers',
      () =>
        must('register amani', callApi(registration, 'POST', '/organizations', {
          token: partner,
          body: profile('Amani Youth Initiative', 'community-based', ['001', '002', '003'], ['psychosocial', 'education'], 'Mentorship, counselling and livelihoods for young people at risk of recruitment on the coast.'),
        })),
    ],
    ['Amani invites a member', () => must('invite', callApi(registration, 'POST', '/organizations/amani-youth/members', { token: partner, body: { username: 'partner-member', role: 'member' } }))],
    ['Amani submits for verification', () => must('submit amani', callApi(registration, 'POST', '/organizations/amani-youth/submit', { token: partner, body: {} }))],
    ['NCTC verifies Amani', () => must('verify amani', callApi(registration, 'POST', '/organizations/amani-youth/verify', { token: admin, body: { note: 'Certificate checked' } }))],
    [
      'Kisumu Interfaith Dialogue registers',
      () =>
        must('register kisumu', callApi(registration, 'POST', '/organizations', {
          token: partner3,
          body: profile('Kisumu Interfaith Dialogue', 'faith-based', ['042', '047'], ['faith-based-ideological', 'arts-culture'], 'Interfaith dialogue forums and counter-narratives with religious leaders and youth.'),
        })),
    ],
    ['Kisumu submits', () => must('submit kisumu', callApi(registration, 'POST', '/organizations/kisumu-dialogue/submit', { token: partner3, body: {} }))],
    ['NCTC verifies Kisumu', () => must('verify kisumu', callApi(registration, 'POST', '/organizations/kisumu-dialogue/verify', { token: admin, body: {} }))],
    [
      'Pwani Peace Network registers (left awaiting verification)',
      () =>
        must('register pwani', callApi(registration, 'POST', '/organizations', {
          token: partner2,
          body: profile('Pwani Peace Network', 'national-ngo', ['001', '005'], ['security', 'media-online'], 'Community policing dialogues and online counter-messaging along the coast.'),
        })),
    ],
    ['Pwani submits', () => must('submit pwani', callApi(registration, 'POST', '/organizations/pwani-peace/submit', { token: partner2, body: {} }))],
    [
      'NCTC drafts a call for proposals',
      () =>
        must('draft call', callApi(proposals, 'POST', '/calls', {
          token: admin,
          body: {
            callId: 'coastal-youth-resilience',
            details: {
              title: 'Youth resilience in coastal counties',
              background: 'Young people in Mombasa, Kwale and Kilifi face recruitment by violent extremist groups, online and offline.',
              expectedResults: 'Mentorship, psychosocial support and livelihood pathways for at-risk youth.',
              targetCounties: ['001', '002', '003'],
              pillars: ['psychosocial', 'education'],
              eligibleTypes: ['community-based', 'national-ngo', 'faith-based'],
              budget: { currency: 'KES', min: 1_000_000, max: 10_000_000 },
              timeline: { clarificationDeadline: inDays(21), submissionDeadline: inDays(42), resultsDate: inDays(70).slice(0, 10) },
              criteria: [
                { id: 'relevance', name: 'Relevance to the County Action Plans', weight: 40 },
                { id: 'feasibility', name: 'Feasibility and value for money', weight: 35 },
                { id: 'do-no-harm', name: 'Do no harm and safeguarding', weight: 25 },
              ],
              reviewers: ['reviewer', 'reviewer2', 'reviewer3'],
            },
          },
        })),
    ],
    ['NCTC publishes the call', () => must('publish call', callApi(proposals, 'POST', '/calls/coastal-youth-resilience/publish', { token: admin, body: {} }))],
    [
      'Amani submits a concept note',
      () =>
        must('concept note', callApi(proposals, 'POST', '/calls/coastal-youth-resilience/concept-notes', {
          token: partner,
          body: {
            title: 'Mentors for Likoni',
            summary: 'Peer mentorship, counselling and vocational training for 300 young people at risk of recruitment in Likoni and Kisauni.',
            counties: ['001'],
            pillars: ['psychosocial'],
            requestedBudget: { currency: 'KES', amount: 4_000_000 },
            durationMonths: 18,
          },
        })),
    ],
    [
      'Kisumu presents an unsolicited solution',
      () =>
        must('solution', callApi(proposals, 'POST', '/solutions', {
          token: partner3,
          body: {
            solutionId: 'interfaith-families',
            solution: {
              title: 'Interfaith family circles',
              description: 'Religious leaders and counsellors meet families of young people being drawn into violent extremism, with referral to county services.',
              counties: ['042'],
              pillars: ['faith-based-ideological'],
              estimatedBudget: { currency: 'KES', amount: 2_500_000 },
            },
          },
        })),
    ],
  ];
  if (countyPlans !== undefined) {
    const plans = countyPlans;
    const [county, secretariat] = await Promise.all(['county', 'secretariat'].map((u) => passwordToken(issuer, u)));
    steps.push(
      // Mombasa's County Action Plan, through its whole approval: the county officer drafts and
      // submits, the forum secretariat endorses, the NCTC approves and publishes.
      ['Mombasa drafts its County Action Plan', () => must('draft plan', callApi(plans, 'POST', '/county-plans/001/versions', { token: county, body: aCountyPlan() }))],
      ['Mombasa submits its plan', () => must('submit plan', callApi(plans, 'POST', '/county-plans/001/versions/1/submit', { token: county, body: {} }))],
      ['The Mombasa forum secretariat endorses it', () => must('endorse plan', callApi(plans, 'POST', '/county-plans/001/versions/1/secretariat-review', { token: secretariat, body: { decision: 'endorse' } }))],
      ['NCTC approves and publishes it', () => must('publish plan', callApi(plans, 'POST', '/county-plans/001/versions/1/nctc-decision', { token: admin, body: anNctcApproval() }))]
    );
  }
  if (resources !== undefined) {
    // The library: items in English and Kiswahili published by the NCTC, one waiting for review.
    const libraryTokens = new Map<string, Promise<string>>();
    const demoToken = (username: string) => libraryTokens.get(username) ?? libraryTokens.set(username, passwordToken(issuer, username)).get(username)!;
    steps.push(...librarySeedSteps(resources, demoToken, must));
  }
  if (options.reviewStage) {
    const deadline = new Date(Date.now() + DEMO_DEADLINE_SECONDS * 1000).toISOString();
    const direct = '/proposals/direct-interfaith-youth-forums/kisumu-dialogue';
    steps.push(
      [
        'Kisumu presents a second solution (the first stays with the NCTC to convert)',
        () =>
          must('present solution', callApi(proposals, 'POST', '/solutions', {
            token: partner3,
            body: {
              solutionId: 'interfaith-youth-forums',
              solution: {
                title: 'Interfaith youth forums',
                description: 'Monthly forums where young people and religious leaders of different faiths answer extremist recruiters together.',
                counties: ['042'],
                pillars: ['faith-based-ideological'],
                estimatedBudget: { currency: 'KES', amount: 2_500_000 },
              },
            },
          })),
      ],
      [
        'NCTC converts it into a direct partnership proposal with a panel',
        () =>
          must('convert solution', callApi(proposals, 'POST', '/solutions/kisumu-dialogue/interfaith-youth-forums/convert', {
            token: admin,
            body: {
              justification: 'No open call covers interfaith work in Kisumu; the approach fills a gap in the County Action Plan.',
              fullProposalDeadline: deadline,
              reviewers: ['reviewer', 'reviewer2', 'reviewer3'],
            },
          })),
      ],
      [
        'Kisumu submits its full proposal',
        () => must('full proposal', callApi(proposals, 'POST', `${direct}/full-proposal`, { token: partner3, body: aFullProposal({ title: 'Interfaith youth forums', counties: ['042'] }) })),
      ],
      [
        `NCTC screens it once its deadline has passed (waiting up to ${DEMO_DEADLINE_SECONDS} s)`,
        async () => {
          const wait = Date.parse(deadline) - Date.now() + 200;
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          return must('screening', callApi(proposals, 'POST', `${direct}/screening`, { token: admin, body: {} }));
        },
      ],
    );
  }
  if (options.counties && countyPlans !== undefined && platform.signUserToken) {
    const sign = platform.signUserToken.bind(platform);
    const tokens = new Map<string, Promise<string>>();
    const once = (key: string, get: () => Promise<string>) => tokens.get(key) ?? tokens.set(key, get()).get(key)!;
    const counties = countySeedSteps(
      countyPlans,
      {
        demo: (username) => once(username, () => passwordToken(issuer, username)),
        countyPerson: (role, countyCode) => once(`${role}@${countyCode}`, () => sign({ username: `demo-${role}-${countyCode}`, roles: [role], countyCode })),
      },
      must,
    );
    // With the review stage, the counties are seeded while its full-proposal deadline runs out
    // (before the screening step that waits for it), so they add little to the start.
    const screening = options.reviewStage ? steps.length - 1 : steps.length;
    steps.splice(screening, 0, ...counties);
  } else if (options.counties) {
    progress('the demo counties need county-plans and the embedded issuer: not seeded');
  }
  // Each step reads what the one before wrote (a published call, a verified organisation): on
  // Kafka the read models follow a moment later, so wait for both services' reads to reach it.
  const settled = async (position: string) => {
    const reads = [`${registration}/directory?minPosition=${position}`, `${proposals}/calls?minPosition=${position}`];
    if (countyPlans !== undefined) reads.push(`${countyPlans}/county-plans?minPosition=${position}`);
    if (resources !== undefined) reads.push(`${resources}/resources?minPosition=${position}`);
    for (const url of reads) {
      const response = await fetch(url);
      if (response.status !== 200) throw new Error(`Seeding could not read its own write at ${url}: ${response.status}`);
    }
  };
  for (const [index, [label, step]] of steps.entries()) {
    const position = await step();
    if (position !== undefined) await settled(position);
    progress(`${index + 1}/${steps.length} ${label}`);
  }
};

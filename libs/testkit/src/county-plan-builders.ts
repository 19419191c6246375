/** The calendar year now: plans are timed from it so tests never go stale. */
export const thisYear = (): number => new Date().getUTCFullYear();

/**
 * A valid County Action Plan as the HTTP API takes it (Mombasa's, in outline): written against
 * the NSCVE 2016 pillars plus one pillar the county added, four years from `startYear` (two
 * years before this one unless told), three actions: mentorship over the whole plan, interfaith
 * forums in its first two years, fisheries cooperatives (sensitive) from its second year.
 * Override only what the test is about.
 */
export const aCountyPlan = (overrides: Record<string, unknown> = {}, startYear = thisYear() - 2) => {
  const y = (offset: number, quarter: number) => `${startYear + offset}-Q${quarter}`;
  return {
  title: 'Mombasa County Action Plan on Preventing and Countering Violent Extremism',
  taxonomy: 'nscve-2016',
  countyPillars: [{ id: 'county-blue-economy', name: 'Blue economy livelihoods', mapsTo: 'psychosocial' }],
  timeframe: { from: y(0, 1), to: y(3, 4) },
  pillars: [
    {
      pillarId: 'psychosocial',
      priorities: [
        {
          id: 'youth-mentorship',
          title: 'Mentorship for young people at risk of recruitment',
          actions: [
            {
              id: 'mentorship-likoni',
              title: 'Peer mentorship circles in Likoni and Kisauni',
              lead: { name: 'Amani Youth Network', organizationId: 'amani-youth' },
              partners: [{ name: 'County Department of Youth and Gender' }],
              timeframe: { from: y(0, 1), to: y(3, 4) },
              budgetKes: 4_500_000,
              indicators: [
                { id: 'youth-mentored', name: 'Young people completing mentorship', unit: 'count', baseline: 0, target: 1600, frequency: 'quarterly' },
                { id: 'mentees-in-work', name: 'Mentees in work or training a year later', unit: 'percent', baseline: 10, target: 40, frequency: 'annual' },
              ],
            },
          ],
        },
      ],
    },
    {
      pillarId: 'faith-based-ideological',
      priorities: [
        {
          id: 'interfaith-dialogue',
          title: 'Interfaith dialogue against extremist narratives',
          actions: [
            {
              id: 'imam-pastor-forums',
              title: 'Quarterly forums of imams and pastors',
              lead: { name: 'Coast Interfaith Council of Clerics' },
              timeframe: { from: y(0, 1), to: y(1, 4) },
              budgetKes: 1_200_000,
              indicators: [{ id: 'forums-held', name: 'Forums held', unit: 'count', baseline: 0, target: 8, frequency: 'quarterly' }],
            },
          ],
        },
      ],
    },
    {
      pillarId: 'county-blue-economy',
      priorities: [
        {
          id: 'fisheries-livelihoods',
          title: 'Livelihoods in fisheries for returnees and at-risk youth',
          actions: [
            {
              id: 'fisheries-cooperatives',
              title: 'Youth fisheries cooperatives',
              lead: { name: 'County Department of Blue Economy' },
              timeframe: { from: y(1, 1), to: y(3, 4) },
              budgetKes: 3_000_000,
              sensitive: true,
              indicators: [{ id: 'cooperative-members', name: 'Cooperative members', unit: 'count', baseline: 0, target: 300, frequency: 'semi-annual' }],
            },
          ],
        },
      ],
    },
  ],
  ...overrides,
  };
};

/**
 * A valid progress report on `aCountyPlan()`: every action on track, every indicator at its
 * target (never off track, whatever the quarter), one evidence link.
 */
export const aCountyReport = (overrides: Record<string, unknown> = {}) => ({
  summary: 'Mentorship circles met in both wards; the interfaith forum met once.',
  actions: [
    { actionId: 'mentorship-likoni', status: 'on-track' },
    { actionId: 'imam-pastor-forums', status: 'on-track' },
    { actionId: 'fisheries-cooperatives', status: 'on-track' },
  ],
  indicators: [
    { indicatorId: 'youth-mentored', value: 1600 },
    { indicatorId: 'mentees-in-work', value: 40 },
    { indicatorId: 'forums-held', value: 8 },
    { indicatorId: 'cooperative-members', value: 300 },
  ],
  evidence: [{ title: 'Forum minutes', url: 'https://mombasa.example/cve/forum-minutes.pdf' }],
  ...overrides,
});

/** The NCTC's sensitivity review with every item confirmed, as an approval that publishes sends it. */
export const aSensitivityReview = (overrides: Record<string, unknown> = {}) => ({
  noIndividuals: true,
  sensitiveMarked: true,
  smallCountsSuppressed: true,
  noStigma: true,
  ...overrides,
});

/** The NCTC's approval of a plan version or a report: it publishes, so it carries the review. */
export const anNctcApproval = () => ({ decision: 'approve', sensitivityReview: aSensitivityReview() });

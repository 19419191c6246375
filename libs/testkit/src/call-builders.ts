/** Days from now, as ISO-8601 (call timelines are relative so tests never go stale). */
export const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString();

/**
 * A valid call for proposals as the HTTP API takes it: clarifications close in 10 days,
 * submissions in 20; two criteria, relevance 60 and feasibility 40, scored 0–10; a panel of
 * `reviewer`. Override only what the test is about.
 */
export const aCallDetails = (overrides: Record<string, unknown> = {}) => ({
  title: 'Youth resilience in coastal and lake counties',
  background: 'Young people face recruitment by violent extremist groups online and offline in these counties.',
  expectedResults: 'Mentorship and livelihood pathways for at-risk youth.',
  targetCounties: ['001', '042'],
  pillars: ['psychosocial', 'education'],
  eligibleTypes: ['community-based', 'faith-based'],
  budget: { currency: 'KES', min: 1_000_000, max: 5_000_000 },
  timeline: { clarificationDeadline: inDays(10), submissionDeadline: inDays(20), resultsDate: inDays(60).slice(0, 10) },
  criteria: [
    { id: 'relevance', name: 'Relevance', weight: 60 },
    { id: 'feasibility', name: 'Feasibility', weight: 40 },
  ],
  reviewers: ['reviewer'],
  ...overrides,
});

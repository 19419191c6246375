import type { CallDetails } from '@csm/contracts';
import type { CommandMetadata } from '@csm/eventing';

/** A valid call; override what the test is about. Deadlines are in 2027 unless told otherwise. */
export const aCall = (overrides: Partial<CallDetails> = {}): CallDetails => ({
  title: 'Youth resilience in coastal counties',
  background: 'Young people in coastal counties face recruitment by violent extremist groups online and offline.',
  expectedResults: 'Mentorship and livelihood pathways for at-risk youth.',
  targetCounties: ['001', '002', '003'],
  pillars: ['psychosocial', 'education'],
  eligibleTypes: ['community-based', 'national-ngo', 'faith-based'],
  budget: { currency: 'KES', min: 1_000_000, max: 10_000_000 },
  timeline: { clarificationDeadline: '2027-01-15T12:00:00.000Z', submissionDeadline: '2027-02-01T12:00:00.000Z', resultsDate: '2027-03-01' },
  criteria: [
    { id: 'relevance', name: 'Relevance to the County Action Plan', weight: 40 },
    { id: 'feasibility', name: 'Feasibility and value for money', weight: 35 },
    { id: 'do-no-harm', name: 'Do no harm and safeguarding', weight: 25 },
  ],
  scoreScale: 10,
  reviewers: ['reviewer', 'reviewer2', 'reviewer3'],
  appealWindowDays: 7,
  ...overrides,
});

export const at = (now: string, overrides: Partial<CommandMetadata> = {}): CommandMetadata => ({
  commandId: `cmd-${now}`,
  correlationId: 'corr',
  actor: { subject: 'admin-1', roles: ['nctc-admin'] },
  now,
  ...overrides,
});

import { z } from 'zod';
import { multiLineText, singleLineText } from '../text';
import { COUNTY_CODES } from '../reference/counties';
import { PILLAR_IDS } from '../reference/pillars';
import { Username } from '../registration/events';
import { CallId, Criterion } from './call';

/** A solution a verified organisation presents outside any call (unsolicited). */
export const Solution = z
  .object({
    title: singleLineText(5, 200),
    description: multiLineText(50, 8000),
    counties: z.array(z.enum(COUNTY_CODES)).min(1),
    pillars: z.array(z.enum(PILLAR_IDS)).min(1),
    estimatedBudget: z.object({ currency: z.enum(['KES', 'USD']), amount: z.number().int().min(1) }).strict(),
  })
  .strict();
export type Solution = z.infer<typeof Solution>;

export const SolutionId = CallId;
export const solutionKey = (organizationId: string, solutionId: string): string => `${organizationId}.${solutionId}`;
export const solutionStreamId = (organizationId: string, solutionId: string): string => `solution-${solutionKey(organizationId, solutionId)}`;
/** A direct partnership is a proposal whose "call" is `direct-<solutionId>`. */
export const directPartnershipRef = (solutionId: string): string => `direct-${solutionId}`;

export const SolutionPresentedV1 = z.object({
  type: z.literal('SolutionPresented'),
  version: z.literal(1),
  data: z.object({ solutionId: z.string(), organizationId: z.string(), solution: Solution }),
});
export const SolutionEvent = z.discriminatedUnion('type', [SolutionPresentedV1]);
export type SolutionEvent = z.infer<typeof SolutionEvent>;

export const PresentSolutionBody = z.object({ solutionId: SolutionId, solution: Solution }).strict();
/** The standard frame for direct partnerships: no call sets one. */
export const DEFAULT_DIRECT_CRITERIA: z.infer<typeof Criterion>[] = [
  { id: 'relevance', name: 'Relevance to the NSCVE and local needs', weight: 40 },
  { id: 'feasibility', name: 'Feasibility and capacity', weight: 30 },
  { id: 'value-for-money', name: 'Value for money', weight: 30 },
];
export const ConvertSolutionBody = z
  .object({
    justification: multiLineText(20, 4000),
    fullProposalDeadline: z.iso.datetime(),
    reviewers: z.array(Username).min(1).max(30),
  })
  .strict();

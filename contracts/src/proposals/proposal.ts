import { z } from 'zod';
import { COUNTY_CODES } from '../reference/counties';
import { PILLAR_IDS } from '../reference/pillars';

/** Stage one of a proposal: the concept note an organisation submits to a call. */
export const ConceptNote = z
  .object({
    title: z.string().trim().min(5).max(200),
    summary: z.string().trim().min(50).max(4000),
    counties: z.array(z.enum(COUNTY_CODES)).min(1),
    pillars: z.array(z.enum(PILLAR_IDS)).min(1),
    requestedBudget: z.object({ currency: z.enum(['KES', 'USD']), amount: z.number().int().min(1) }),
    durationMonths: z.number().int().min(1).max(60),
  })
  .strict();
export type ConceptNote = z.infer<typeof ConceptNote>;

/** One proposal per organisation and call: `<callId>.<organizationId>`. */
export const proposalIdOf = (callId: string, organizationId: string): string => `${callId}.${organizationId}`;
export const proposalStreamId = (proposalId: string): string => `proposal-${proposalId}`;

const proposalEvent = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), version: z.literal(1), data: z.object({ proposalId: z.string(), ...shape }) });

export const ConceptNoteSubmittedV1 = proposalEvent('ConceptNoteSubmitted', { callId: z.string(), organizationId: z.string(), conceptNote: ConceptNote });
export const ConceptNoteAmendedV1 = proposalEvent('ConceptNoteAmended', { conceptNote: ConceptNote });

export const ConceptNoteShortlistedV1 = proposalEvent('ConceptNoteShortlisted', { note: z.string().optional() });
/** Every applicant not taken forward is told why (issue 4: feedback to every applicant). */
export const ConceptNoteDeclinedV1 = proposalEvent('ConceptNoteDeclined', { reason: z.string() });

export const ProposalEvent = z.discriminatedUnion('type', [ConceptNoteSubmittedV1, ConceptNoteAmendedV1, ConceptNoteShortlistedV1, ConceptNoteDeclinedV1]);
export type ProposalEvent = z.infer<typeof ProposalEvent>;

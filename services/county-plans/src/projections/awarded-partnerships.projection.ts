import { applyOnce, type Projection, type RecordedEvent, type Tracked } from '@csm/eventing';
import type { Collection } from '@csm/readmodels';
import type { CallEvent, ProposalEvent } from '@csm/contracts';

/**
 * The county-plans context's own copy of proposals' awarded partnerships (issue 10: the trace on
 * the county page and the IATI export), fed from proposals' events (`csm.proposals.events` in
 * production, the one log embedded); the service never calls proposals. Two read models, because
 * a call's and a proposal's streams are not ordered with each other (they may sit on different
 * partitions): `partnershipCalls` (a call's title, budget currency and the plan actions it names)
 * and `partnershipProposals` (the concept note, the decision and the offer), joined on read.
 * Direct partnerships (no call, no concept note) are left out: they name no county.
 */
export interface PartnershipCall extends Tracked {
  _id: string;
  title: string;
  currency: string;
  planActions: { countyCode: string; actionId: string }[];
}

export interface PartnershipProposal extends Tracked {
  _id: string;
  callId: string;
  organizationId: string;
  title: string;
  summary: string;
  counties: string[];
  pillars: string[];
  requested: { currency: string; amount: number };
  durationMonths: number;
  submittedAt: string;
  /** The NCTC's recommendation marked the work sensitive. */
  markedSensitive?: true;
  decision?: { decision: 'approved' | 'rejected'; amount?: number; at: string };
  offer?: { response: 'accepted' | 'declined'; at: string };
}

export const PARTNERSHIP_CALLS = 'partnershipCalls';
export const PARTNERSHIP_PROPOSALS = 'partnershipProposals';

const CALL_TYPES = ['CallDrafted', 'CallDraftAmended'];
const PROPOSAL_TYPES = ['ConceptNoteSubmitted', 'ConceptNoteAmended', 'RecommendationRecorded', 'DecisionRecorded', 'OfferAccepted', 'OfferDeclined'];

const applyCall = async (recorded: RecordedEvent, collection: Collection<PartnershipCall>) => {
  const event = { type: recorded.type, version: recorded.version, data: recorded.data } as CallEvent;
  if (event.type !== 'CallDrafted' && event.type !== 'CallDraftAmended') return;
  const { details } = event.data;
  await applyOnce(collection, event.data.callId, recorded, () => ({ _id: event.data.callId, title: details.title, currency: details.budget.currency, planActions: details.planActions ?? [] }));
};

const applyProposal = async (recorded: RecordedEvent, collection: Collection<PartnershipProposal>) => {
  const event = { type: recorded.type, version: recorded.version, data: recorded.data } as ProposalEvent;
  const at = recorded.metadata.occurredAt;
  await applyOnce(collection, event.data.proposalId, recorded, (current) => {
    switch (event.type) {
      case 'ConceptNoteSubmitted': {
        const note = event.data.conceptNote;
        return {
          _id: event.data.proposalId,
          callId: event.data.callId,
          organizationId: event.data.organizationId,
          title: note.title,
          summary: note.summary,
          counties: note.counties,
          pillars: note.pillars,
          requested: { currency: note.requestedBudget.currency, amount: note.requestedBudget.amount },
          durationMonths: note.durationMonths,
          submittedAt: at,
        };
      }
      case 'ConceptNoteAmended': {
        const note = event.data.conceptNote;
        return (
          current && {
            ...current,
            title: note.title,
            summary: note.summary,
            counties: note.counties,
            pillars: note.pillars,
            requested: { currency: note.requestedBudget.currency, amount: note.requestedBudget.amount },
            durationMonths: note.durationMonths,
          }
        );
      }
      case 'RecommendationRecorded': {
        if (!current) return current;
        const { markedSensitive: _previous, ...rest } = current;
        return event.data.sensitive === true ? { ...rest, markedSensitive: true as const } : rest;
      }
      case 'DecisionRecorded':
        return current && { ...current, decision: { decision: event.data.decision, ...(event.data.amount !== undefined ? { amount: event.data.amount } : {}), at } };
      case 'OfferAccepted':
        return current && { ...current, offer: { response: 'accepted' as const, at } };
      case 'OfferDeclined':
        return current && { ...current, offer: { response: 'declined' as const, at } };
      default:
        return current;
    }
  });
};

export const awardedPartnershipsProjection: Projection = {
  name: 'county-plans.awarded-partnerships',
  eventTypes: [...CALL_TYPES, ...PROPOSAL_TYPES],
  apply: async (recorded, readModels) => {
    if (CALL_TYPES.includes(recorded.type)) return applyCall(recorded, readModels.collection(PARTNERSHIP_CALLS));
    return applyProposal(recorded, readModels.collection(PARTNERSHIP_PROPOSALS));
  },
};

import { ORGANIZATION_EVENT_SCHEMAS_SUPERSEDED, OrganizationEvent, SubjectDataErasedV1 } from './registration/events';
import { registrationUpcasters, type UsernamePseudonyms } from './registration/upcasters';
import { CALL_EVENT_SCHEMAS_SUPERSEDED, CallEvent } from './proposals/call';
import { PROPOSAL_EVENT_SCHEMAS_SUPERSEDED, ProposalEvent } from './proposals/proposal';
import { proposalsUpcasters } from './proposals/upcasters';
import { SolutionEvent } from './proposals/solution';
import { CountyPlanEvent } from './county-plans/plan';
import { CountyReportEvent } from './county-plans/report';
import { InitiativeEvent } from './county-plans/initiative';
import { ResourceEvent } from './resources/library';

/**
 * Turns the data of an event type at `fromVersion` into its data at `toVersion`. Structurally
 * the same as `Upcaster` in @csm/eventing, which runs them on every read path.
 */
export interface EventUpcaster {
  type: string;
  fromVersion: number;
  toVersion: number;
  upcast(data: Record<string, unknown>): Record<string, unknown>;
}

/**
 * Every published event schema, each version of each type, and the upcasters between versions:
 * what `new EventContracts(eventCatalog(subjectIds))` checks appends and reads against. Upcasters
 * that pseudonymise usernames need the platform's `SubjectIds` (its secret comes from configuration).
 */
export const eventCatalog = (pseudonyms: UsernamePseudonyms) => ({
  schemas: [
    ...OrganizationEvent.options,
    ...ORGANIZATION_EVENT_SCHEMAS_SUPERSEDED,
    SubjectDataErasedV1,
    ...CallEvent.options,
    ...CALL_EVENT_SCHEMAS_SUPERSEDED,
    ...ProposalEvent.options,
    ...PROPOSAL_EVENT_SCHEMAS_SUPERSEDED,
    ...SolutionEvent.options,
    ...CountyPlanEvent.options,
    ...CountyReportEvent.options,
    ...InitiativeEvent.options,
    ...ResourceEvent.options,
  ],
  upcasters: [...registrationUpcasters(pseudonyms), ...proposalsUpcasters(pseudonyms)] as EventUpcaster[],
});

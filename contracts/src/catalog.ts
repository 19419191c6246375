import { OrganizationEvent, SubjectDataErasedV1 } from './registration/events';
import { CallEvent } from './proposals/call';
import { ProposalEvent } from './proposals/proposal';
import { SolutionEvent } from './proposals/solution';

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
 * what `new EventContracts(eventCatalog())` checks appends and reads against.
 */
export const eventCatalog = () => ({
  schemas: [...OrganizationEvent.options, SubjectDataErasedV1, ...CallEvent.options, ...ProposalEvent.options, ...SolutionEvent.options],
  upcasters: [] as EventUpcaster[],
});

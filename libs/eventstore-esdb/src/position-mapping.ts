import { ANY, NO_STREAM, START, type AppendStreamState, type Position, type ReadPosition } from '@kurrent/kurrentdb-client';
import type { ExpectedRevision } from '@csm/eventing';

/** The port's expected revision in the client's words (the same three cases, spelled alike). */
export const toStreamState = (expected: ExpectedRevision): AppendStreamState =>
  expected === 'no_stream' ? NO_STREAM : expected === 'any' ? ANY : expected;

/**
 * Where a forward read of $all starts for the port's exclusive `after`. EventStoreDB starts AT the
 * given position (inclusive), so the caller still drops the event sitting exactly at `after`.
 * Events appended through gRPC are self-committed: commit === prepare for each of them, so
 * `{ commit: after, prepare: after }` is that event's own position.
 */
export const readPositionAfter = (after: bigint | undefined): ReadPosition =>
  after === undefined || after < 0n ? START : { commit: after, prepare: after };

/** A stream read never starts below revision 0 (the client rejects negative revisions). */
export const readRevisionFrom = (fromRevision: bigint): bigint => (fromRevision < 0n ? 0n : fromRevision);

/**
 * The full log position of a record read from the server: the event's own position (servers
 * ≥ 22.6 report it), else the record's commit position. Undefined when the server gave neither.
 */
export const logPositionOf = (resolved: { event?: { position?: Position }; commitPosition?: bigint }): Position | undefined => {
  const own = resolved.event?.position;
  if (own) return { commit: own.commit, prepare: own.prepare };
  return resolved.commitPosition === undefined ? undefined : { commit: resolved.commitPosition, prepare: resolved.commitPosition };
};

/** $all order: by commit position, then by prepare position. */
export const comparePositions = (a: Position, b: Position): number =>
  a.commit !== b.commit ? (a.commit < b.commit ? -1 : 1) : a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;

/** The client's view of a stream's current revision as the port's: negative numbers mean "no stream". */
export const toActualRevision = (state: unknown): bigint | 'no_stream' | undefined => {
  if (state === NO_STREAM) return 'no_stream';
  if (typeof state === 'bigint') return state < 0n ? 'no_stream' : state;
  return undefined;
};

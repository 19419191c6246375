import { ANY, NO_STREAM, WrongExpectedVersionError, type AllStreamResolvedEvent, type AppendStreamState, type ResolvedEvent } from '@kurrent/kurrentdb-client';
import { WrongExpectedRevisionError, type EventMetadata, type ExpectedRevision, type RecordedEvent } from '@csm/eventing';

/** The port's expected revision in the client's words. */
export const toStreamState = (expected: ExpectedRevision): AppendStreamState =>
  expected === 'no_stream' ? NO_STREAM : expected === 'any' ? ANY : expected;

/** The client's conflict as the port's error; anything else passes through unchanged. */
export const mapAppendError = (error: unknown, streamId: string, expected: ExpectedRevision): unknown => {
  if (error instanceof WrongExpectedVersionError) {
    const actual = error.actualState;
    return new WrongExpectedRevisionError(streamId, expected, typeof actual === 'bigint' ? actual : 'no_stream');
  }
  return error;
};

/** EventStoreDB's own events ($-prefixed types and streams) never reach the application. */
export const isSystemEvent = (resolved: AllStreamResolvedEvent | ResolvedEvent): boolean => {
  const event = resolved.event;
  return !event || event.type.startsWith('$') || event.streamId.startsWith('$');
};

/** A resolved event as the port's RecordedEvent: position = commit position, version from metadata. */
export const toRecordedEvent = (resolved: AllStreamResolvedEvent | ResolvedEvent): RecordedEvent => {
  const event = resolved.event;
  if (!event || !event.isJson) throw new Error('Only JSON events are expected in CSM streams');
  const metadata = event.metadata as unknown as EventMetadata;
  const commit = event.position?.commit ?? resolved.commitPosition;
  if (commit === undefined) throw new Error('EventStoreDB did not report a position (server older than 22.6?)');
  return {
    eventId: event.id,
    streamId: event.streamId,
    streamRevision: event.revision,
    position: commit,
    type: event.type,
    version: metadata.schemaVersion,
    data: event.data as Record<string, unknown>,
    metadata,
    recordedAt: event.created.toISOString(),
  };
};

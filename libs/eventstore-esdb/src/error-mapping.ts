import { ErrorType, StreamNotFoundError, WrongExpectedVersionError } from '@kurrent/kurrentdb-client';
import { WrongExpectedRevisionError, type ExpectedRevision } from '@csm/eventing';
import { toActualRevision } from './position-mapping';

const typeOf = (error: unknown): unknown =>
  typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;

/** The client's optimistic-concurrency failure (checked by class, and by its `type` tag in case two copies of the client are loaded). */
export const isWrongExpectedVersion = (error: unknown): error is WrongExpectedVersionError =>
  error instanceof WrongExpectedVersionError || typeOf(error) === ErrorType.WRONG_EXPECTED_VERSION;

/** Reading a stream that was never written (or was soft-deleted). */
export const isStreamNotFound = (error: unknown): boolean =>
  error instanceof StreamNotFoundError || typeOf(error) === ErrorType.STREAM_NOT_FOUND;

/**
 * The client's conflict as the port's WrongExpectedRevisionError, carrying the actual revision
 * the server reported. `undefined` when `error` is not a conflict, or is one whose actual
 * revision the client did not carry (the adapter then reads the stream to say where it is).
 */
export const toWrongExpectedRevision = (
  error: unknown,
  streamId: string,
  expected: ExpectedRevision,
): WrongExpectedRevisionError | undefined => {
  if (!isWrongExpectedVersion(error)) return undefined;
  const actual = toActualRevision(error.actualState);
  return actual === undefined ? undefined : new WrongExpectedRevisionError(streamId, expected, actual);
};

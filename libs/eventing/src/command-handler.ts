import type { Command, Decider, DomainEvent } from './decider';
import type { NewEvent, RecordedEvent } from './event';
import { WrongExpectedRevisionError, type EventStore, type ExpectedRevision } from './event-store.port';
import { deterministicEventId } from './event-ids';
import { eventHash } from './hash-chain';
import { DomainError } from './domain-error';
import { inSpan } from '@csm/telemetry';

export interface HandleOptions {
  /** From HTTP If-Match: the revision the client last saw; a different current revision is a 412. */
  ifMatchRevision?: bigint;
  /** How many times a concurrency conflict is retried through the decider. */
  maxAttempts?: number;
}

export interface HandleResult {
  streamId: string;
  /** Revision of the stream's last event after the command (-1n when the stream is still empty). */
  revision: bigint;
  /** Global position of the last event this command appended (or appended earlier, on a retry). */
  position: bigint;
  /** How many events the command appended; 0 for an idempotent retry or a no-op decision. */
  appended: number;
  /** True when the same command id had already been applied and nothing new was appended. */
  replayed: boolean;
}

/** The client's If-Match no longer matches the stream: they decided on a stale view. */
export class PreconditionFailedError extends Error {
  constructor(readonly streamId: string, readonly expected: bigint, readonly actual: bigint) {
    super(`Stream ${streamId} is at revision ${actual}, not ${expected}`);
    this.name = 'PreconditionFailedError';
  }
}

/** Conflicts kept happening after every retry: the caller may try again later. */
export class ConcurrencyExhaustedError extends Error {
  constructor(readonly streamId: string, attempts: number) {
    super(`Stream ${streamId}: still conflicting after ${attempts} attempts`);
    this.name = 'ConcurrencyExhaustedError';
  }
}

const asDomainEvent = (event: RecordedEvent): DomainEvent => ({
  type: event.type,
  version: event.version,
  data: event.data,
});

/** Finds the events a previous run of this very command appended, if any. */
const previousRun = (streamId: string, commandId: string, events: RecordedEvent[]): RecordedEvent[] => {
  const firstId = deterministicEventId(streamId, commandId, 0);
  const start = events.findIndex((e) => e.eventId === firstId);
  if (start === -1) return [];
  const run: RecordedEvent[] = [];
  for (let i = start; i < events.length && events[i]!.eventId === deterministicEventId(streamId, commandId, i - start); i++) {
    run.push(events[i]!);
  }
  return run;
};

/**
 * Load → decide → append with the expected revision. A concurrency conflict re-reads the stream
 * and decides again, so two commands either both apply in order or the second is refused by the
 * decider itself. A command whose id was already applied appends nothing and returns the result
 * of its first run, or is refused when it asks for something else than that run did; this holds
 * for concurrent requests too, because the store says which append actually wrote the events.
 */
export const handleCommand = async <C extends Command, E extends DomainEvent, S>(
  store: EventStore,
  decider: Decider<C, E, S>,
  streamId: string,
  command: C,
  options: HandleOptions = {},
): Promise<HandleResult> => {
  const maxAttempts = options.maxAttempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    const history = await store.readStream(streamId);
    const last = history.at(-1);
    const currentRevision = last ? last.streamRevision : -1n;

    const earlier = previousRun(streamId, command.metadata.commandId, history);
    if (earlier.length > 0) {
      const original = earlier[0]!.metadata.requestHash;
      if (original && command.metadata.requestHash && original !== command.metadata.requestHash) {
        throw new DomainError('command.idempotency-key-reused', 'This Idempotency-Key was already used for a different request', 'invalid');
      }
      const lastOfRun = earlier.at(-1)!;
      return { streamId, revision: lastOfRun.streamRevision, position: lastOfRun.position, appended: 0, replayed: true };
    }
    if (options.ifMatchRevision !== undefined && options.ifMatchRevision !== currentRevision) {
      throw new PreconditionFailedError(streamId, options.ifMatchRevision, currentRevision);
    }

    const state = history.reduce((s, e) => decider.evolve(s, asDomainEvent(e) as E), decider.initialState());
    const decided = decider.decide(command, state);
    if (decided.length === 0) {
      return { streamId, revision: currentRevision, position: last?.position ?? -1n, appended: 0, replayed: false };
    }

    const toAppend = envelope(streamId, command, decided, currentRevision, last?.metadata.hash ?? '');
    const expected: ExpectedRevision = last ? currentRevision : 'no_stream';
    try {
      const result = await inSpan(`append ${streamId}`, { attributes: { 'csm.stream.id': streamId, 'csm.events': toAppend.length } }, () =>
        store.append(streamId, toAppend, expected),
      );
      if (!result.alreadyStored) {
        return { streamId, revision: result.nextExpectedRevision, position: result.position, appended: toAppend.length, replayed: false };
      }
      // A concurrent request with the same command id wrote its events between our read and our
      // append, so nothing of ours was recorded. Read again: the previous-run check above then
      // refuses a different request (idempotency key reused) or answers this one as a replay.
      // Bounded like conflicts, in case a read lags behind the append it follows.
      if (attempt >= maxAttempts) throw new ConcurrencyExhaustedError(streamId, attempt);
      continue;
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      if (options.ifMatchRevision !== undefined) {
        throw new PreconditionFailedError(streamId, options.ifMatchRevision, currentRevision + 1n);
      }
      if (attempt >= maxAttempts) throw new ConcurrencyExhaustedError(streamId, attempt);
    }
  }
};

/** Wraps decided events in the envelope: ids from the command, actor, trace, hash chain. */
const envelope = (
  streamId: string,
  command: Command,
  events: DomainEvent[],
  currentRevision: bigint,
  headHash: string,
): NewEvent[] => {
  let prevHash = headHash;
  return events.map((event, index) => {
    const eventId = deterministicEventId(streamId, command.metadata.commandId, index);
    const metadata = {
      correlationId: command.metadata.correlationId,
      causationId: command.metadata.causationId ?? command.metadata.commandId,
      actor: command.metadata.actor,
      ...(command.metadata.traceparent ? { traceparent: command.metadata.traceparent } : {}),
      ...(command.metadata.requestHash ? { requestHash: command.metadata.requestHash } : {}),
      schemaVersion: event.version,
      prevHash,
      occurredAt: command.metadata.now,
    };
    const data = event.data as Record<string, unknown>;
    const hash = eventHash({
      eventId,
      streamId,
      streamRevision: currentRevision + 1n + BigInt(index),
      type: event.type,
      version: event.version,
      data,
      metadata,
    });
    prevHash = hash;
    return { eventId, type: event.type, version: event.version, data, metadata: { ...metadata, hash } };
  });
};

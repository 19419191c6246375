import type { Actor } from './event';

/** What every command carries besides its data: supplied by the caller, never invented inside. */
export interface CommandMetadata {
  /** Unique per logical command; a retry carries the same id (HTTP: the Idempotency-Key). */
  commandId: string;
  correlationId: string;
  causationId?: string;
  actor: Actor;
  /** ISO-8601 time at which the command is decided. */
  now: string;
  traceparent?: string;
  /**
   * A fingerprint of what the caller asked for (HTTP: method, path and body). A retry with the
   * same command id but another fingerprint is refused instead of silently answered.
   */
  requestHash?: string;
}

export interface Command<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
  metadata: CommandMetadata;
}

/** A domain event as a decider sees it: no envelope, just the fact. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  type: Type;
  /** Schema version of `data` (contracts/ has one zod schema per type and version). */
  version: number;
  data: Data;
}

/**
 * Emmett-style decider: pure functions over discriminated unions.
 * `decide` throws DomainError when a rule does not hold; `evolve` never throws.
 */
export interface Decider<C extends Command, E extends DomainEvent, S> {
  decide(command: C, state: S): E[];
  evolve(state: S, event: E): S;
  initialState(): S;
}

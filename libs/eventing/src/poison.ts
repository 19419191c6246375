/**
 * Poison or outage? A subscription dead-letters only an event that can never be handled (it
 * cannot be decoded or validated, or a handler rejects it deterministically); every other error
 * (a database down, a timeout, anything unknown) is retried with backoff, without moving on, for
 * as long as it takes. Guessing wrong the other way round would leave a silent hole in a read
 * model, so unknown errors count as outages.
 */

/** Thrown by a handler that will never accept this event, whatever the retry. */
export class PoisonEventError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PoisonEventError';
  }
}

/**
 * Error classes that mean "this event is poison", by class name, so libraries that cannot
 * import each other (the Kafka codec, the contracts' validation) still agree. Add a name here
 * when a new deterministic refusal appears.
 */
export const POISON_ERROR_CLASSES: ReadonlySet<string> = new Set([
  'PoisonEventError',
  // @csm/bus-kafka: a message that is not a CSM event envelope.
  'UndecodableMessageError',
  // An event whose data does not parse with its contract (schema validation on read).
  'EventContractError',
]);

/** True when `error`, or any class it extends, is named in POISON_ERROR_CLASSES. */
export const isPoison = (error: unknown): boolean => {
  if (!(error instanceof Error)) return false;
  if (POISON_ERROR_CLASSES.has(error.name)) return true;
  for (let proto = Object.getPrototypeOf(error) as object | null; proto && proto !== Error.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    if (POISON_ERROR_CLASSES.has((proto as { constructor: { name: string } }).constructor.name)) return true;
  }
  return false;
};

export const errorReason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

import type { z } from 'zod';
import type { RecordedEvent } from './event';
import type { AppendResult, EventStore, ExpectedRevision } from './event-store.port';
import type { NewEvent } from './event';

/**
 * Events are checked against the published language (contracts/): every event type and version
 * has one zod schema of `{ type, version, data }`, and a change of schema adds a version with an
 * upcaster from the one before (ARCHITECTURE §5: old versions are upcast on read, never rewritten).
 *
 * The store ports stay unaware of schemas: appends are checked by `checkedEventStore`, and every
 * read path (deciders' `readStream`, subscriptions, the Kafka codec, history) runs `read()`.
 */
export type EventSchema = z.ZodObject<{ type: z.ZodLiteral<string>; version: z.ZodLiteral<number>; data: z.ZodType }>;

/** Turns the data of `type` at `fromVersion` into its data at `toVersion` (pure, never throws by design). */
export interface Upcaster {
  type: string;
  fromVersion: number;
  toVersion: number;
  upcast(data: Record<string, unknown>): Record<string, unknown>;
}

export interface EventCatalog {
  schemas: readonly EventSchema[];
  upcasters?: readonly Upcaster[];
}

export interface ContractIssue {
  path: string;
  message: string;
}

/**
 * An event that does not match its contract: refused on append (a bug in the code that decided
 * it), or a poison event on read (it can never be handled, however often it is retried).
 */
export class EventContractError extends Error {
  constructor(
    readonly phase: 'append' | 'read',
    readonly eventType: string,
    readonly eventVersion: number,
    readonly issues: readonly ContractIssue[],
    readonly where?: { streamId?: string; streamRevision?: bigint; eventId?: string },
  ) {
    const place = where?.streamId ? ` in ${where.streamId}${where.streamRevision !== undefined ? `@${where.streamRevision}` : ''}` : '';
    const detail = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
    super(`${eventType} v${eventVersion}${place} does not match its contract (${phase}): ${detail}`);
    this.name = 'EventContractError';
  }
}

const key = (type: string, version: number): string => `${type}@${version}`;

export class EventContracts {
  private readonly schemas = new Map<string, EventSchema>();
  private readonly upcasters = new Map<string, Upcaster>();
  private readonly latest = new Map<string, number>();

  constructor(catalog: EventCatalog) {
    for (const schema of catalog.schemas) {
      const type = schema.shape.type.value;
      const version = schema.shape.version.value;
      if (this.schemas.has(key(type, version))) throw new Error(`Two schemas for ${type} v${version}`);
      this.schemas.set(key(type, version), schema);
      this.latest.set(type, Math.max(version, this.latest.get(type) ?? 0));
    }
    for (const upcaster of catalog.upcasters ?? []) {
      const from = key(upcaster.type, upcaster.fromVersion);
      if (upcaster.toVersion <= upcaster.fromVersion) throw new Error(`Upcaster ${from} must go to a later version`);
      if (this.upcasters.has(from)) throw new Error(`Two upcasters from ${from}`);
      if (!this.schemas.has(key(upcaster.type, upcaster.toVersion))) throw new Error(`Upcaster ${from} goes to ${upcaster.toVersion}, which has no schema`);
      this.upcasters.set(from, upcaster);
    }
  }

  /** The version new events of `type` are written at; undefined for a type the contracts do not know. */
  currentVersion(type: string): number | undefined {
    return this.latest.get(type);
  }

  /**
   * Refuses an event about to be appended unless it is at its type's current version and its
   * data parses. Nothing is changed: the data is hashed as given.
   */
  checkNew(event: Pick<NewEvent, 'type' | 'version' | 'data'>): void {
    const current = this.latest.get(event.type);
    if (current === undefined) throw new EventContractError('append', event.type, event.version, [{ path: '', message: 'unknown event type' }]);
    if (event.version !== current) {
      throw new EventContractError('append', event.type, event.version, [{ path: 'version', message: `new events are written at v${current}` }]);
    }
    this.parse('append', event);
  }

  /** Upcasts a stored event to its current version and parses it; throws EventContractError when it cannot. */
  read<E extends RecordedEvent>(event: E): E {
    const where = { streamId: event.streamId, streamRevision: event.streamRevision, eventId: event.eventId };
    let version = event.version;
    let data = event.data;
    for (let upcaster = this.upcasters.get(key(event.type, version)); upcaster; upcaster = this.upcasters.get(key(event.type, version))) {
      // Each step's input is checked too, so an upcaster only ever sees data of its own version.
      data = this.parse('read', { type: event.type, version, data }, where);
      data = upcaster.upcast(data);
      version = upcaster.toVersion;
    }
    const parsed = this.parse('read', { type: event.type, version, data }, where);
    const upcast = version !== event.version;
    return { ...event, version, data: parsed, ...(upcast ? { storedAs: { version: event.version, data: event.data } } : {}) };
  }

  private parse(
    phase: 'append' | 'read',
    event: Pick<NewEvent, 'type' | 'version' | 'data'>,
    where?: EventContractError['where'],
  ): Record<string, unknown> {
    const schema = this.schemas.get(key(event.type, event.version));
    if (!schema) throw new EventContractError(phase, event.type, event.version, [{ path: '', message: 'no schema for this type and version' }], where);
    const result = schema.safeParse({ type: event.type, version: event.version, data: event.data });
    if (!result.success) {
      const issues = result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
      throw new EventContractError(phase, event.type, event.version, issues, where);
    }
    return result.data.data as Record<string, unknown>;
  }
}

/**
 * The store seen through the contracts: an append whose events do not match them is refused
 * before it reaches the adapter, and `readStream` (what deciders and history read) returns
 * events upcast and parsed. `readAll` stays the log as stored: relays publish it unchanged and
 * subscriptions read each event they accept through `EventContracts.read`.
 */
export const checkedEventStore = (store: EventStore, contracts: EventContracts): EventStore => ({
  append: (streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> => {
    for (const event of events) {
      try {
        contracts.checkNew(event);
      } catch (error) {
        if (error instanceof EventContractError) {
          return Promise.reject(new EventContractError('append', error.eventType, error.eventVersion, error.issues, { streamId, eventId: event.eventId }));
        }
        return Promise.reject(error);
      }
    }
    return store.append(streamId, events, expected);
  },
  readStream: async (streamId, fromRevision) => (await store.readStream(streamId, fromRevision)).map((event) => contracts.read(event)),
  readAll: (options) => store.readAll(options),
  headPosition: () => store.headPosition(),
  onAppended: (listener) => store.onAppended(listener),
  close: () => store.close(),
});

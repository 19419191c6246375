import { randomUUID } from 'node:crypto';
import type { EventMetadata, NewEvent } from '../event';

export type EventOverrides = Partial<Omit<NewEvent, 'metadata'>> & { metadata?: Partial<EventMetadata> };

/**
 * A valid event with defaults; override only what the test is about. Metadata overrides are
 * merged into the default envelope. Every call gets a fresh UUID event id (servers require UUIDs).
 */
export const anEvent = ({ metadata, ...overrides }: EventOverrides = {}): NewEvent => ({
  eventId: randomUUID(),
  type: 'SomethingHappened',
  version: 1,
  data: { value: 1 },
  ...overrides,
  metadata: {
    correlationId: 'corr-1',
    causationId: 'cause-1',
    actor: { subject: 'user-1', organizationId: 'org-1', roles: ['partner'] },
    schemaVersion: overrides.version ?? 1,
    prevHash: '',
    hash: 'h',
    occurredAt: '2026-11-24T10:00:00.000Z',
    ...metadata,
  },
});

/** Unique per test, so contract runs against a shared server never collide. */
export const aStreamId = (category = 'contract'): string => `${category}-${randomUUID()}`;

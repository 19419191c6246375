import { randomUUID } from 'node:crypto';
import type { NewEvent } from '../src/event';

/** A valid event with defaults; override only what the test is about. */
export const anEvent = (overrides: Partial<NewEvent> = {}): NewEvent => ({
  eventId: randomUUID(),
  type: 'SomethingHappened',
  version: 1,
  data: { value: 1 },
  metadata: {
    correlationId: 'corr-1',
    causationId: 'cause-1',
    actor: { subject: 'user-1', organizationId: 'org-1', roles: ['partner'] },
    schemaVersion: 1,
    prevHash: '',
    hash: 'h',
    occurredAt: '2026-11-24T10:00:00.000Z',
  },
  ...overrides,
});

/** Unique per test, so contract runs against a shared server never collide. */
export const aStreamId = (category = 'contract'): string => `${category}-${randomUUID()}`;

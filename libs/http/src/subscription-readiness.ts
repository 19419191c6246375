import type { EventStore, Subscription } from '@csm/eventing';
import type { ReadinessCheck } from './service-app';

/** A projection that has had events waiting this long without progress makes /readyz fail. */
export const STALL_LIMIT_MS = 30_000;

/** /readyz for an event-sourced service: the store answers, every subscription runs and advances. */
export const eventSourcedReadiness = (store: EventStore, subscriptions: readonly Pick<Subscription, 'name' | 'status'>[]): ReadinessCheck[] => [
  { name: 'event-store', check: async () => `head position ${await store.headPosition()}` },
  ...subscriptions.map((subscription) => ({
    name: subscription.name,
    check: async () => {
      const status = subscription.status();
      if (!status.running) throw new Error('not running');
      // A revision gap will not heal by waiting: red at once, naming the stream and revisions.
      if (status.halted) throw new Error(`halted: ${status.halted}`);
      if (status.stalledForMs > STALL_LIMIT_MS) throw new Error(`stalled for ${status.stalledForMs} ms: ${status.lastError ?? ''}`);
      const position = `at position ${status.position}`;
      // Within the limit a retried outage is not yet a failure, but /readyz already says what it waits for.
      return status.lastError && status.stalledForMs > 0 ? `${position}, stalled for ${status.stalledForMs} ms: ${status.lastError}` : position;
    },
  })),
];

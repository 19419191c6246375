import { CatchUpSubscription } from '../src/subscription';
import { InMemoryCheckpointStore, InMemoryEventStore } from '../src/testkit/in-memory-event-store';
import { describeSubscriptionContract } from '../src/testkit/subscription.contract';

describeSubscriptionContract('embedded catch-up', async () => {
  const store = new InMemoryEventStore();
  const checkpoints = new InMemoryCheckpointStore();
  return {
    store,
    subscribe: async (name, handler, deadLetters) => {
      const subscription = new CatchUpSubscription({
        name,
        store,
        checkpoints,
        handler,
        retry: { backoff: () => 1 },
        deadLetter: async (event) => void deadLetters.push(event.eventId),
      });
      await subscription.start();
      return subscription;
    },
    dispose: () => store.close(),
  };
});

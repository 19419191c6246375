import { InMemoryCheckpointStore, InMemoryEventStore } from '../src/testkit/in-memory-event-store';
import { describeCheckpointStoreContract } from '../src/testkit/checkpoint-store.contract';
import { describeEventStoreContract } from '../src/testkit/event-store.contract';

describeEventStoreContract('in memory', async () => {
  const store = new InMemoryEventStore();
  return { store, dispose: () => store.close() };
});

describeCheckpointStoreContract('in memory', async () => ({ checkpoints: new InMemoryCheckpointStore(), dispose: async () => {} }));

import { EmbeddedReadModels } from '@csm/readmodels';
import { InMemoryPartitionCheckpointStore } from '../src/partition-checkpoint-store.port';
import { readModelCheckpointStore, readModelPartitionCheckpointStore } from '../src/read-model-checkpoint-store';
import { describeCheckpointStoreContract } from '../src/testkit/checkpoint-store.contract';
import { describePartitionCheckpointStoreContract } from '../src/testkit/partition-checkpoint-store.contract';

describeCheckpointStoreContract('readModelCheckpointStore on embedded read models', async () => ({
  checkpoints: readModelCheckpointStore(new EmbeddedReadModels()),
  dispose: async () => {},
}));

describePartitionCheckpointStoreContract('readModelPartitionCheckpointStore on embedded read models', async () => ({
  checkpoints: readModelPartitionCheckpointStore(new EmbeddedReadModels()),
  dispose: async () => {},
}));

describePartitionCheckpointStoreContract('in memory', async () => ({ checkpoints: new InMemoryPartitionCheckpointStore(), dispose: async () => {} }));

import { randomUUID } from 'node:crypto';
import { describeWithServices } from '@csm/testkit';
import { MongoReadModels } from '@csm/readmodels';
import { readModelCheckpointStore, readModelPartitionCheckpointStore } from '../src/read-model-checkpoint-store';
import { describeCheckpointStoreContract } from '../src/testkit/checkpoint-store.contract';
import { describePartitionCheckpointStoreContract } from '../src/testkit/partition-checkpoint-store.contract';

jest.setTimeout(30_000);

/**
 * The checkpoint stores used in production (relays with EventStoreDB, projectors beside their
 * read models) on a MongoDB-wire server, against the same contracts as the other adapters.
 */
describeWithServices(['mongodb'], 'checkpoints in the read-model database', ({ mongodb }) => {
  // A database per run, so parallel and repeated runs never see each other's checkpoints.
  const database = `csm_checkpoints_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const connect = async () => {
    const readModels = await MongoReadModels.connect(mongodb, database);
    return { readModels, dispose: () => readModels.close() };
  };

  describeCheckpointStoreContract(`readModelCheckpointStore on MongoDB wire (${mongodb})`, async () => {
    const { readModels, dispose } = await connect();
    return { checkpoints: readModelCheckpointStore(readModels), dispose };
  });

  describePartitionCheckpointStoreContract(`readModelPartitionCheckpointStore on MongoDB wire (${mongodb})`, async () => {
    const { readModels, dispose } = await connect();
    return { checkpoints: readModelPartitionCheckpointStore(readModels), dispose };
  });

  afterAll(async () => {
    const readModels = await MongoReadModels.connect(mongodb, database);
    await readModels.dropAll();
    await readModels.close();
  });
});

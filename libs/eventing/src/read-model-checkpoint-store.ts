import type { ReadModels } from '@csm/readmodels';
import type { CheckpointStore } from './checkpoint-store.port';
import type { PartitionCheckpointStore } from './partition-checkpoint-store.port';

/**
 * Checkpoints kept in the read-model database, for event stores without a side table (ESDB):
 * one document per subscription in `checkpoints`. Positions are strings: BSON has no unsigned
 * 64-bit integer.
 */
export const readModelCheckpointStore = (readModels: ReadModels, collectionName = 'checkpoints'): CheckpointStore => {
  const checkpoints = readModels.collection<{ _id: string; position: string }>(collectionName);
  return {
    load: async (name) => {
      const doc = await checkpoints.findOne({ _id: name });
      return doc ? BigInt(doc.position) : undefined;
    },
    save: async (name, position) => {
      await checkpoints.replaceOne({ _id: name }, { _id: name, position: position.toString() }, { upsert: true });
    },
  };
};

type PartitionCheckpoint = { _id: string; name: string; partition: string; position: string };

/**
 * Per-partition checkpoints in the read-model database, beside the read models a projector
 * writes (so an `api` process reads both from the same place): one document per name and
 * partition, so consumers of different partitions never overwrite each other's. Topic names hold
 * dots, which MongoDB field names may not: the partition is a value, never a key.
 */
export const readModelPartitionCheckpointStore = (readModels: ReadModels, collectionName = 'partitionCheckpoints'): PartitionCheckpointStore => {
  const checkpoints = readModels.collection<PartitionCheckpoint>(collectionName);
  return {
    load: async (name) => new Map((await checkpoints.find({ name })).map((doc) => [doc.partition, BigInt(doc.position)])),
    save: async (name, positions) => {
      if (positions.size === 0) return;
      await checkpoints.bulkWrite(
        [...positions].map(([partition, position]) => {
          const _id = `${name}|${partition}`;
          return { replaceOne: { filter: { _id }, replacement: { _id, name, partition, position: position.toString() }, upsert: true } };
        }),
      );
    },
  };
};

import type { ReadModels } from '@csm/readmodels';
import type { CheckpointStore } from './checkpoint-store.port';

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

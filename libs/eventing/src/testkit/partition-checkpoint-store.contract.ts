import { randomUUID } from 'node:crypto';
import type { PartitionCheckpointStore } from '../partition-checkpoint-store.port';

/** The contract every PartitionCheckpointStore adapter passes. Names are unique per test. */
export const describePartitionCheckpointStoreContract = (
  adapterName: string,
  makeStore: () => Promise<{ checkpoints: PartitionCheckpointStore; dispose: () => Promise<void> }>,
): void => {
  describe(`PartitionCheckpointStore contract: ${adapterName}`, () => {
    let checkpoints: PartitionCheckpointStore;
    let dispose: () => Promise<void>;
    const aName = () => `contract.${randomUUID()}`;

    beforeEach(async () => {
      ({ checkpoints, dispose } = await makeStore());
    });
    afterEach(async () => {
      await dispose();
    });

    it('loads an empty map for a name that never saved', async () => {
      expect(await checkpoints.load(aName())).toEqual(new Map());
    });

    it('keeps every partition saved, across saves, with topic names that hold dots', async () => {
      const name = aName();
      await checkpoints.save(name, new Map([['csm.registration.events/0', 4n], ['csm.registration.events/1', 9n]]));
      await checkpoints.save(name, new Map([['csm.registration.events/1', 12n], ['csm.proposals.events/0', 2n]]));
      expect(await checkpoints.load(name)).toEqual(
        new Map([['csm.registration.events/0', 4n], ['csm.registration.events/1', 12n], ['csm.proposals.events/0', 2n]]),
      );
    });

    it('keeps names apart, and positions beyond 2^53 exactly', async () => {
      const name = aName();
      const other = aName();
      await checkpoints.save(name, new Map([['t/0', 2n ** 62n + 1n]]));
      await checkpoints.save(other, new Map([['t/0', 1n]]));
      expect(await checkpoints.load(name)).toEqual(new Map([['t/0', 2n ** 62n + 1n]]));
      expect(await checkpoints.load(other)).toEqual(new Map([['t/0', 1n]]));
    });

    it('saves nothing for an empty map', async () => {
      const name = aName();
      await checkpoints.save(name, new Map());
      expect(await checkpoints.load(name)).toEqual(new Map());
    });
  });
};

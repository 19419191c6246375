import { randomUUID } from 'node:crypto';
import type { CheckpointStore } from '../checkpoint-store.port';

/** The contract every CheckpointStore adapter passes. Names are unique per test. */
export const describeCheckpointStoreContract = (
  adapterName: string,
  makeStore: () => Promise<{ checkpoints: CheckpointStore; dispose: () => Promise<void> }>,
): void => {
  describe(`CheckpointStore contract: ${adapterName}`, () => {
    let checkpoints: CheckpointStore;
    let dispose: () => Promise<void>;
    const aName = () => `contract.${randomUUID()}`;

    beforeEach(async () => {
      ({ checkpoints, dispose } = await makeStore());
    });
    afterEach(async () => {
      await dispose();
    });

    it('loads undefined for a subscription that never saved', async () => {
      expect(await checkpoints.load(aName())).toBeUndefined();
    });

    it('loads the position last saved, as a bigint', async () => {
      const name = aName();
      await checkpoints.save(name, 41n);
      expect(await checkpoints.load(name)).toBe(41n);
    });

    it('overwrites a saved position and keeps subscriptions apart', async () => {
      const name = aName();
      const other = aName();
      await checkpoints.save(name, 1n);
      await checkpoints.save(other, 7n);
      await checkpoints.save(name, 2n);
      expect(await checkpoints.load(name)).toBe(2n);
      expect(await checkpoints.load(other)).toBe(7n);
    });

    it('keeps positions beyond 2^53 exactly', async () => {
      const name = aName();
      await checkpoints.save(name, 2n ** 62n + 1n);
      expect(await checkpoints.load(name)).toBe(2n ** 62n + 1n);
    });
  });
};

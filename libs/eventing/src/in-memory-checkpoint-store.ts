import type { CheckpointStore } from './checkpoint-store.port';

/**
 * Checkpoints that live as long as the process: right for projections whose read models are
 * in memory too (the embedded default rebuilds both from the log at every start).
 */
export class InMemoryCheckpointStore implements CheckpointStore {
  private readonly positions = new Map<string, bigint>();

  async load(name: string): Promise<bigint | undefined> {
    return this.positions.get(name);
  }

  async save(name: string, position: bigint): Promise<void> {
    this.positions.set(name, position);
  }
}

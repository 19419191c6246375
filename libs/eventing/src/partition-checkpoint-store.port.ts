/**
 * Positions kept per topic-partition under one name ("<topic>/<partition>" → global position):
 * what a relay last published to each partition, or what a projector last handled from each.
 * A message bus consumes partitions independently, so one position per projector would not be
 * monotonic across them; per partition, positions grow with offsets (see
 * libs/bus-kafka/src/stored-projection-progress.ts for how reads use them).
 */
export interface PartitionCheckpointStore {
  /** Every partition saved under `name`; empty when none was. */
  load(name: string): Promise<Map<string, bigint>>;
  /** Saves the given partitions' positions (others under `name` are kept). */
  save(name: string, positions: ReadonlyMap<string, bigint>): Promise<void>;
}

export class InMemoryPartitionCheckpointStore implements PartitionCheckpointStore {
  private readonly byName = new Map<string, Map<string, bigint>>();

  async load(name: string): Promise<Map<string, bigint>> {
    return new Map(this.byName.get(name));
  }

  async save(name: string, positions: ReadonlyMap<string, bigint>): Promise<void> {
    const saved = this.byName.get(name) ?? new Map<string, bigint>();
    for (const [partition, position] of positions) saved.set(partition, position);
    this.byName.set(name, saved);
  }
}

/**
 * Where a subscription remembers the global position of the last event it actually handled.
 * A subscription resumes strictly after the saved position, so delivery is at-least-once.
 */
export interface CheckpointStore {
  load(subscriptionName: string): Promise<bigint | undefined>;
  save(subscriptionName: string, position: bigint): Promise<void>;
}

import { CaughtUpTimeoutError, InMemoryCheckpointStore, InMemoryPartitionCheckpointStore } from '@csm/eventing';
import { StoredProjectionProgress, storedRelayProgress } from '../src/stored-projection-progress';
import { partitionFor } from '../src/partition-assignment';
import { Partitioners } from 'kafkajs';

const TOPIC = 'ns.csm.registration.events';

/** A relay and a projector as they store their progress, without Kafka: the rule alone. */
const aSetup = () => {
  const relayCheckpoints = new InMemoryCheckpointStore();
  const partitions = new InMemoryPartitionCheckpointStore();
  const relay = storedRelayProgress('ns.relay', relayCheckpoints, partitions);
  const published = async (checkpoint: bigint, lastByPartition: Record<number, bigint>) => {
    await partitions.save('ns.relay', new Map(Object.entries(lastByPartition).map(([p, position]) => [`${TOPIC}/${p}`, position])));
    await relayCheckpoints.save('ns.relay', checkpoint);
  };
  const handled = (lastByPartition: Record<number, bigint>) =>
    partitions.save('ns.projection', new Map(Object.entries(lastByPartition).map(([p, position]) => [`${TOPIC}/${p}`, position])));
  const progress = () => new StoredProjectionProgress({ name: 'ns.projection', topics: [TOPIC], relay, handled: partitions, pollIntervalMs: 5 });
  return { published, handled, progress, partitions };
};

describe('read-your-writes from stored checkpoints', () => {
  it('is not caught up while one partition still owes an event, though another is far ahead', async () => {
    const { published, handled, progress } = aSetup();
    await published(100n, { 0: 40n, 1: 90n });
    await handled({ 0: 30n, 1: 90n });
    await expect(progress().caughtUp(50n, 100)).rejects.toBeInstanceOf(CaughtUpTimeoutError);
    await handled({ 0: 40n });
    await expect(progress().caughtUp(50n, 100)).resolves.toBeUndefined();
  });

  it('waits for the relay to pass the position before trusting any partition', async () => {
    const { published, handled, progress } = aSetup();
    await published(10n, { 0: 10n });
    await handled({ 0: 10n });
    const waiting = progress().caughtUp(20n, 2_000);
    await published(20n, { 1: 20n });
    await handled({ 1: 20n });
    await expect(waiting).resolves.toBeUndefined();
  });

  it('asks a partition for no more than the position wanted, and nothing of partitions the relay never published to', async () => {
    const { published, handled, progress } = aSetup();
    await published(200n, { 0: 150n, 2: 180n });
    await handled({ 0: 60n, 2: 55n });
    await expect(progress().caughtUp(55n, 100)).resolves.toBeUndefined();
    await expect(progress().caughtUp(61n, 100)).rejects.toBeInstanceOf(CaughtUpTimeoutError);
  });

  it('answers at once from what is stored, with no consumer running and nothing new (a restarted worker, another api)', async () => {
    const { published, handled, progress } = aSetup();
    await published(30n, { 0: 30n, 1: 12n, 2: 25n });
    await handled({ 0: 30n, 1: 12n, 2: 25n });
    const started = Date.now();
    await Promise.all([progress().caughtUp(30n, 5_000), progress().caughtUp(12n, 5_000)]);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('looks only at the partitions of the topics the projection consumes', async () => {
    const { published, handled, progress, partitions } = aSetup();
    await partitions.save('ns.relay', new Map([['ns.csm.proposals.events/0', 99n]]));
    await published(100n, { 0: 70n });
    await handled({ 0: 70n });
    await expect(progress().caughtUp(100n, 100)).resolves.toBeUndefined();
  });
});

describe('partition assignment by the relay', () => {
  it('puts a stream where the keyed default partitioner of kafkajs would, so streams never move', () => {
    const partitioner = Partitioners.DefaultPartitioner();
    const metadata = [0, 1, 2].map((partitionId) => ({ partitionId, leader: 0, partitionErrorCode: 0, replicas: [], isr: [] }));
    for (const stream of ['organization-amani-youth', 'organization-kisumu-dialogue', 'call-coastal-youth', 'proposal-x-y']) {
      expect(partitionFor(TOPIC, stream, 3)).toBe(partitioner({ topic: TOPIC, partitionMetadata: metadata, message: { key: stream, value: null } }));
      expect(partitionFor(TOPIC, stream, 3)).toBe(partitionFor(TOPIC, stream, 3));
    }
  });
});

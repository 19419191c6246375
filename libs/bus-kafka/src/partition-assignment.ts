import { Partitioners, type PartitionMetadata } from 'kafkajs';

/**
 * The relay chooses each message's partition itself, so it knows what it published where (see
 * stored-projection-progress.ts). It uses the hash kafkajs's default partitioner applies to a
 * key (murmur2, as Java clients do), so streams stay on the partitions they were on when the
 * producer chose: a stream's events never split across partitions.
 */
const keyed = Partitioners.DefaultPartitioner();

const metadataOf = (count: number): PartitionMetadata[] =>
  Array.from({ length: count }, (_, partitionId) => ({ partitionId, leader: 0, partitionErrorCode: 0, replicas: [], isr: [] }));

export const partitionFor = (topic: string, streamId: string, partitionCount: number): number =>
  keyed({ topic, partitionMetadata: metadataOf(partitionCount), message: { key: streamId, value: null } });

/** How a topic-partition is named in partition checkpoints. */
export const partitionKey = (topic: string, partition: number): string => `${topic}/${partition}`;

export const topicOfPartitionKey = (key: string): string => key.slice(0, key.lastIndexOf('/'));

import { randomUUID } from 'node:crypto';
import type { IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { fromMessage, headerText } from './envelope-codec';

/** Headers a KafkaSubscription adds when it dead-letters a message. */
export const DLQ_HEADERS = {
  reason: 'csm_dlq_reason',
  subscription: 'csm_dlq_subscription',
  /** `<topic>/<partition>/<offset>` of the original message. */
  source: 'csm_dlq_source',
  at: 'csm_dlq_at',
} as const;

/**
 * A dead letter re-driven onto its original topic carries the name of the subscription that
 * failed it: only that subscription handles it (the others saw the event already), and it does
 * so even though the event's revision was counted as seen when it was dead-lettered.
 */
export const REPLAY_FOR_HEADER = 'csm_replay_for';
/** `<dlq topic>/<partition>/<offset>` of the dead letter a replayed message came from. */
export const REPLAYED_FROM_HEADER = 'csm_replayed_from';

export const DLQ_SUFFIX = '.dlq';

export interface DeadLetter {
  dlqTopic: string;
  partition: number;
  offset: string;
  /** The original topic the message was consumed from. */
  sourceTopic: string;
  source: string;
  subscription: string;
  reason: string;
  at?: string;
  eventType?: string;
  streamId?: string;
  streamRevision?: string;
  /** True once `replay` re-drove it (its offset is below the replay group's committed offset). */
  replayed: boolean;
}

/** The consumer group whose committed offsets say how far `replay` got on one DLQ topic. */
export const replayGroup = (dlqTopic: string): string => `csm.dlq-replay.${dlqTopic}`;

/** The DLQ topics of one namespace (topics and groups are prefixed by CSM_NAMESPACE). */
export const deadLetterTopics = async (kafka: Kafka, namespace: string): Promise<string[]> => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = await admin.listTopics();
    return topics.filter((t) => t.endsWith(DLQ_SUFFIX) && t.startsWith(`${namespace}csm.`)).sort();
  } finally {
    await admin.disconnect();
  }
};

const describeLetter = (dlqTopic: string, partition: number, message: KafkaMessage, replayedUpTo: bigint): DeadLetter => {
  const header = (name: string) => headerText(message.headers, name);
  const source = header(DLQ_HEADERS.source) ?? '';
  let event: { type?: string; streamId?: string; streamRevision?: string } = {};
  try {
    const decoded = fromMessage(message.value);
    event = { type: decoded.type, streamId: decoded.streamId, streamRevision: decoded.streamRevision.toString() };
  } catch {
    event = { ...(header('ce_type') ? { type: header('ce_type')! } : {}), ...(message.key ? { streamId: message.key.toString() } : {}) };
  }
  const at = header(DLQ_HEADERS.at);
  return {
    dlqTopic,
    partition,
    offset: message.offset,
    sourceTopic: source.split('/')[0] || dlqTopic.slice(0, -DLQ_SUFFIX.length),
    source,
    subscription: header(DLQ_HEADERS.subscription) ?? '',
    reason: header(DLQ_HEADERS.reason) ?? '',
    ...(at ? { at } : {}),
    ...(event.type ? { eventType: event.type } : {}),
    ...(event.streamId ? { streamId: event.streamId } : {}),
    ...(event.streamRevision ? { streamRevision: event.streamRevision } : {}),
    replayed: BigInt(message.offset) < replayedUpTo,
  };
};

/** Per partition: where `groupId` resumes (its committed offset, else the log start) and the end now. */
const ranges = async (kafka: Kafka, topic: string, groupId: string) => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const committed = (await admin.fetchOffsets({ groupId, topics: [topic] }))[0]?.partitions ?? [];
    return ends.map(({ partition, low, high }) => {
      const mark = BigInt(committed.find((c) => c.partition === partition)?.offset ?? '-1');
      return { partition, start: mark >= 0n ? (mark > BigInt(low) ? mark : BigInt(low)) : BigInt(low), end: BigInt(high), committed: mark };
    });
  } finally {
    await admin.disconnect();
  }
};

/**
 * Reads `topic` from each partition's start up to its end at the time of the call, as `groupId`,
 * committing after each message when asked (so a replay interrupted half-way resumes).
 */
const consumeToEnd = async (
  kafka: Kafka,
  topic: string,
  groupId: string,
  commit: boolean,
  onMessage: (partition: number, message: KafkaMessage) => Promise<void>,
  timeoutMs: number,
): Promise<void> => {
  const remaining = new Map((await ranges(kafka, topic, groupId)).filter((r) => r.start < r.end).map((r) => [r.partition, r.end]));
  if (remaining.size === 0) return;
  const consumer = kafka.consumer({ groupId, retry: { retries: 3 } });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${topic}: ${remaining.size} partition(s) not read to the end within ${timeoutMs} ms`)), timeoutMs);
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const end = remaining.get(partition);
            const offset = BigInt(message.offset);
            if (end === undefined || offset >= end) return;
            await onMessage(partition, message);
            if (commit) await consumer.commitOffsets([{ topic, partition, offset: (offset + 1n).toString() }]);
            if (offset + 1n >= end) remaining.delete(partition);
            if (remaining.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
};

/** Every dead letter on `dlqTopic`, oldest first per partition, marked when already replayed. */
export const readDeadLetters = async (kafka: Kafka, dlqTopic: string, timeoutMs = 60_000): Promise<DeadLetter[]> => {
  const replayedUpTo = new Map((await ranges(kafka, dlqTopic, replayGroup(dlqTopic))).map((r) => [r.partition, r.committed]));
  const letters: DeadLetter[] = [];
  // A throwaway group: reading must not move the replay group's offsets.
  const groupId = `csm.dlq-list.${randomUUID()}`;
  try {
    await consumeToEnd(kafka, dlqTopic, groupId, false, async (partition, message) => void letters.push(describeLetter(dlqTopic, partition, message, replayedUpTo.get(partition) ?? -1n)), timeoutMs);
  } finally {
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
  return letters.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
};

const withoutDlqHeaders = (headers: IHeaders | undefined): IHeaders => {
  const kept: IHeaders = {};
  const dropped = new Set<string>([...Object.values(DLQ_HEADERS), REPLAY_FOR_HEADER, REPLAYED_FROM_HEADER]);
  for (const [name, value] of Object.entries(headers ?? {})) if (!dropped.has(name) && value !== undefined) kept[name] = value;
  return kept;
};

/**
 * Re-drives the dead letters of `dlqTopic` not replayed yet: each goes back onto its original
 * topic, keyed as before, for the subscription that failed it (REPLAY_FOR_HEADER). A letter that
 * fails again is dead-lettered again, with its new reason. Progress is committed per letter.
 */
export const replayDeadLetters = async (
  kafka: Kafka,
  dlqTopic: string,
  progress: (letter: DeadLetter) => void,
  timeoutMs = 120_000,
): Promise<DeadLetter[]> => {
  const replayed: DeadLetter[] = [];
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await consumeToEnd(
      kafka,
      dlqTopic,
      replayGroup(dlqTopic),
      true,
      async (partition, message) => {
        const letter = describeLetter(dlqTopic, partition, message, -1n);
        await producer.send({
          topic: letter.sourceTopic,
          acks: -1,
          messages: [
            {
              key: message.key,
              value: message.value,
              headers: {
                ...withoutDlqHeaders(message.headers),
                [REPLAY_FOR_HEADER]: letter.subscription,
                [REPLAYED_FROM_HEADER]: `${dlqTopic}/${partition}/${message.offset}`,
              },
            },
          ],
        });
        replayed.push({ ...letter, replayed: true });
        progress(letter);
      },
      timeoutMs,
    );
  } finally {
    await producer.disconnect();
  }
  return replayed;
};

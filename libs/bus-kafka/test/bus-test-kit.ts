import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { deterministicEventId, type EventStore, type NewEvent } from '@csm/eventing';

/** Appends `count` events to `streams` round-robin, each stream with contiguous revisions. */
export const appendEvents = async (store: EventStore, streams: string[], count: number, type = 'OrganizationProfileAmended'): Promise<string[]> => {
  const ids: string[] = [];
  const revisions = new Map<string, bigint>();
  for (let i = 0; i < count; i++) {
    const streamId = streams[i % streams.length]!;
    const event: NewEvent = {
      eventId: deterministicEventId(streamId, randomUUID(), 0),
      type,
      version: 1,
      data: { n: i },
      metadata: { correlationId: 'c', causationId: 'c', actor: { subject: 's', roles: [] }, schemaVersion: 1, prevHash: '', hash: 'h', occurredAt: new Date().toISOString() },
    };
    const expected = revisions.get(streamId) ?? 'no_stream';
    const result = await store.append(streamId, [event], expected);
    revisions.set(streamId, result.nextExpectedRevision);
    ids.push(event.eventId);
  }
  return ids;
};

/** Reads a topic from the beginning until `until` says enough (bounded by `timeoutMs`). */
export const readTopic = async (
  kafka: Kafka,
  topic: string,
  until: (messages: { key: string; value: string; headers: Record<string, string>; partition: number }[]) => boolean,
  timeoutMs = 30_000,
) => {
  const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}` });
  const messages: { key: string; value: string; headers: Record<string, string>; partition: number }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Only ${messages.length} messages on ${topic} after ${timeoutMs} ms`)), timeoutMs);
    void consumer.run({
      eachMessage: async ({ message, partition }) => {
        messages.push({
          key: String(message.key),
          value: String(message.value),
          partition,
          headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
        });
        if (until(messages)) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  return messages;
};

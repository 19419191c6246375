import { EmbeddedReadModels } from '@csm/readmodels';
import { applyOnce, trackingKey, type Tracked } from '../src/projection';
import type { RecordedEvent } from '../src/event';

interface Counter extends Tracked {
  count: number;
}

const event = (streamRevision: bigint): RecordedEvent => ({
  eventId: `e${streamRevision}`,
  streamId: 'counter-1',
  streamRevision,
  position: streamRevision,
  type: 'Incremented',
  version: 1,
  data: {},
  metadata: { correlationId: 'c', causationId: 'c', actor: { subject: 's', roles: [] }, schemaVersion: 1, prevHash: '', hash: 'h', occurredAt: 'now' },
  recordedAt: 'now',
});

describe('applyOnce', () => {
  it('absorbs a redelivered event: the read model changes once', async () => {
    const counters = new EmbeddedReadModels().collection<Counter>('counters');
    const increment = (e: RecordedEvent) => applyOnce(counters, 'c1', e, (current) => ({ _id: 'c1', count: (current?.count ?? 0) + 1 }));
    await increment(event(0n));
    await increment(event(1n));
    await increment(event(1n)); // at-least-once delivery: the same event again
    await increment(event(0n)); // and an older one, e.g. after a relay restart
    expect(await counters.findOne({ _id: 'c1' })).toEqual({ _id: 'c1', count: 2, _applied: { 'counter-1': 1 } });
  });
});

it('keeps stream ids usable as MongoDB field names', () => {
  expect(trackingKey('proposal-call-1.amani-youth')).toBe('proposal-call-1%2Eamani-youth');
  expect(trackingKey('x-$a%b')).toBe('x-%24a%25b');
});

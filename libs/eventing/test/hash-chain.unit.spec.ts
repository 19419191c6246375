import type { RecordedEvent } from '../src/event';
import { canonicalJson, eventHash, verifyChain } from '../src/hash-chain';

const chain = (count: number): RecordedEvent[] => {
  const events: RecordedEvent[] = [];
  let prevHash = '';
  for (let i = 0; i < count; i++) {
    const metadata = { correlationId: 'c', causationId: 'c', actor: { subject: 's', roles: ['partner'] }, schemaVersion: 1, prevHash, occurredAt: '2026-11-24T00:00:00Z' };
    const base = { eventId: `e${i}`, streamId: 'organization-x', streamRevision: BigInt(i), type: 'T', version: 1, data: { n: i } };
    const hash = eventHash({ ...base, metadata });
    events.push({ ...base, metadata: { ...metadata, hash }, position: BigInt(i * 10), recordedAt: '2026-11-24T00:00:00Z' });
    prevHash = hash;
  }
  return events;
};

describe('hash chain', () => {
  it('verifies an untouched stream', () => {
    expect(verifyChain(chain(3))).toEqual({ intact: true, length: 3, headHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('names the revision whose content was altered', () => {
    const events = chain(3);
    events[1] = { ...events[1]!, data: { n: 99 } };
    expect(verifyChain(events)).toMatchObject({ intact: false, brokenAtRevision: '1' });
  });

  it('detects a removed event', () => {
    const events = chain(3);
    expect(verifyChain([events[0]!, events[2]!])).toMatchObject({ intact: false, brokenAtRevision: '2' });
  });

  it('hashes the same content the same whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [1, { f: 1, e: 2 }] } })).toBe('{"a":{"c":[1,{"e":2,"f":1}],"d":2},"b":1}');
  });
});

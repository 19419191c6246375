import { hasMessage, translator } from '../src/i18n/messages';
import { timelineOf, verdictOf, type StreamHistory } from '../src/journeys/audit/timeline';

const history = (chain: StreamHistory['chain']): StreamHistory => ({
  streamId: 'organization-amani-youth',
  chain,
  events: [
    {
      eventId: 'e1',
      type: 'OrganizationRegistered',
      revision: '0',
      recordedAt: '2026-11-25T10:00:00.000Z',
      metadata: { actor: { subject: '9a0e4f52-0004', roles: ['partner'], organizationId: 'amani-youth' }, data: 'never shown' } as never,
    },
  ],
});

describe('the auditor’s timeline', () => {
  it('says an intact chain in words, with the number of events the service counted', () => {
    const verdict = verdictOf({ intact: true, length: 4, headHash: 'abc' });
    expect(translator('en')(verdict.key, verdict.params)).toBe('The record is intact: 4 events');
    expect(translator('sw')(verdict.key, verdict.params)).toBe('Kumbukumbu iko salama: matukio 4');
    const one = verdictOf({ intact: true, length: 1, headHash: 'abc' });
    expect(translator('en')(one.key, one.params)).toBe('The record is intact: 1 event');
  });

  it('says where a chain was altered and why, in the service’s words', () => {
    const verdict = verdictOf({ intact: false, brokenAtRevision: '2', reason: 'hash does not match the event' });
    expect(verdict.intact).toBe(false);
    expect(translator('en')(verdict.key, verdict.params)).toBe('The record was altered at revision 2: hash does not match the event');
    expect(translator('sw')(verdict.key, verdict.params)).toBe('Kumbukumbu ilibadilishwa kwenye toleo 2: hash does not match the event');
  });

  it('keeps what happened, when and who from the envelope, and nothing else of it', () => {
    expect(timelineOf(history({ intact: true, length: 1, headHash: 'abc' })).entries).toEqual([
      { revision: '0', type: 'OrganizationRegistered', at: '2026-11-25T10:00:00.000Z', actor: { subject: '9a0e4f52-0004', roles: ['partner'], organizationId: 'amani-youth' } },
    ]);
    expect(hasMessage('en', 'audit.events.OrganizationRegistered') && hasMessage('sw', 'audit.events.OrganizationRegistered')).toBe(true);
  });
});

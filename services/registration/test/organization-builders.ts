import type { CommandMetadata } from '@csm/eventing';
import type { OrganizationProfile, OrganizationProfileRecord } from '@csm/contracts';

/** Test data by builders with defaults: override only what the test is about. */
export const aProfile = (overrides: Partial<OrganizationProfile> = {}): OrganizationProfile => ({
  name: 'Amani Youth Initiative',
  type: 'community-based',
  registration: { authority: 'ngo-board', number: 'OP.218/051/2019/0123', registeredOn: '2019-03-14', country: 'KE' },
  mandate: 'Mentorship and livelihoods for young people at risk of recruitment in coastal Kenya.',
  contacts: [{ name: 'Programme Lead', email: 'programmes@amani.example', phone: '+254 700 000 001' }],
  pillars: ['psychosocial', 'education'],
  counties: ['001', '002'],
  ...overrides,
});

export const aMetadata = (overrides: Partial<CommandMetadata> = {}): CommandMetadata => ({
  commandId: 'cmd-1',
  correlationId: 'corr-1',
  actor: { subject: 'user-1', roles: ['partner'], organizationId: 'amani-youth' },
  now: '2026-11-24T10:00:00.000Z',
  ...overrides,
});

/** A profile as recorded in events: contacts sealed (the cipher text here is a stand-in). */
export const aProfileRecord = (overrides: Partial<OrganizationProfileRecord> = {}): OrganizationProfileRecord => ({
  ...aProfile(),
  contacts: ['pd:v1:email-0123456789abcdef.1:aXY:dGFn:Y3Q'],
  ...overrides,
});

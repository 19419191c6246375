import type { CommandMetadata } from '@csm/eventing';
import type { OrganizationProfileRecord } from '@csm/contracts';
import { anOrganizationProfile as aProfile } from '@csm/testkit';

/** Test data by builders with defaults: override only what the test is about. */
export { aProfile };

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

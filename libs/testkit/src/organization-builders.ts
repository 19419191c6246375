import type { OrganizationProfile } from '@csm/contracts';

/** A complete, valid organisation profile; override only what the test is about. */
export const anOrganizationProfile = (overrides: Partial<OrganizationProfile> = {}): OrganizationProfile => ({
  name: 'Amani Youth Initiative',
  type: 'community-based',
  registration: { authority: 'ngo-board', number: 'OP.218/051/2019/0123', registeredOn: '2019-03-14', country: 'KE' },
  mandate: 'Mentorship and livelihoods for young people at risk of recruitment in coastal Kenya.',
  contacts: [{ name: 'Programme Lead', email: 'programmes@amani.example', phone: '+254 700 000 001' }],
  pillars: ['psychosocial', 'education'],
  counties: ['001', '002'],
  ...overrides,
});

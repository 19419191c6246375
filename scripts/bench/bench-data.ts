import type { OrganizationProfile } from '@csm/contracts';

export const aProfileFor = (i: number): OrganizationProfile => ({
  name: `Bench Organisation ${i}`,
  type: 'community-based',
  registration: { authority: 'ngo-board', number: `OP.218/051/${i}`, registeredOn: '2021-01-15', country: 'KE' },
  mandate: 'Community dialogue and youth mentorship, used as benchmark data.',
  contacts: [{ name: 'Bench Contact', email: `contact${i}@bench.example` }],
  pillars: ['psychosocial'],
  counties: ['047'],
});

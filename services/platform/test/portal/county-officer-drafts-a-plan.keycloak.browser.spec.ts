import { describeWithServices } from '@csm/testkit';
import { countyOfficerDraftsAPlan } from './county-officer-drafts-a-plan.journey';
import { keycloakPortal, KEYCLOAK_PORTAL_SERVICES } from './portal-under-test';

jest.setTimeout(300_000);

// The same journey as on the embedded platform, on the production path: county-plans on Kafka
// and the MongoDB-wire server, the county officer, the forum secretariat and the NCTC signing in
// on real Keycloak's own pages.
describeWithServices(KEYCLOAK_PORTAL_SERVICES, 'the county officer’s plan in the portal on the production path with real Keycloak', () => {
  countyOfficerDraftsAPlan(() => keycloakPortal({ countyPlans: true }));
});

import { describeWithServices } from '@csm/testkit';
import { partnerDeclaresAnInitiative } from './partner-declares-an-initiative.journey';
import { keycloakPortal, KEYCLOAK_PORTAL_SERVICES } from './portal-under-test';

jest.setTimeout(240_000);

// The same journey as on the embedded platform, on the production path: county-plans (and the
// services it learns verified organisations from) on Kafka and the MongoDB-wire server, people
// signing in on real Keycloak's own pages.
describeWithServices(KEYCLOAK_PORTAL_SERVICES, 'initiatives in the portal on the production path with real Keycloak', () => {
  partnerDeclaresAnInitiative(() => keycloakPortal({ countyPlans: true }));
});

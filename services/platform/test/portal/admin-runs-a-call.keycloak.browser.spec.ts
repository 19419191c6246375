import { describeWithServices } from '@csm/testkit';
import { adminRunsACall } from './admin-runs-a-call.journey';
import { keycloakPortal, KEYCLOAK_PORTAL_SERVICES } from './portal-under-test';

jest.setTimeout(240_000);

// The same journey as on the embedded platform, on the production path: the services on Kafka
// and the MongoDB-wire server, people signing in on real Keycloak's own pages.
describeWithServices(KEYCLOAK_PORTAL_SERVICES, 'the portal on the production path with real Keycloak', () => {
  adminRunsACall(() => keycloakPortal());
});

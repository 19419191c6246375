import { describeWithServices } from '@csm/testkit';
import { publicAndPartnersUseTheLibrary } from './public-and-partners-use-the-library.journey';
import { keycloakPortal, KEYCLOAK_PORTAL_SERVICES } from './portal-under-test';

jest.setTimeout(240_000);

// The same journey as on the embedded platform, on the production path: resources (and
// registration, which it learns verified organisations from) on Kafka and the MongoDB-wire
// server, the portal from its production entry, people signing in on real Keycloak's own pages.
describeWithServices(KEYCLOAK_PORTAL_SERVICES, 'the library in the portal on the production path with real Keycloak', () => {
  publicAndPartnersUseTheLibrary(() => keycloakPortal({ resources: true }));
});

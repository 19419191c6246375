import { adminVerifiesOrganisations } from './admin-verifies-organisations.journey';
import { embeddedPortal } from './portal-under-test';

jest.setTimeout(90_000);

adminVerifiesOrganisations(embeddedPortal);

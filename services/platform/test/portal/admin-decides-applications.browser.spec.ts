import { adminDecidesApplications } from './admin-decides-applications.journey';
import { embeddedPortal } from './portal-under-test';

jest.setTimeout(180_000);

adminDecidesApplications(embeddedPortal);

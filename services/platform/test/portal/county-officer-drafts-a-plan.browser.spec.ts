import { countyOfficerDraftsAPlan } from './county-officer-drafts-a-plan.journey';
import { embeddedPortal } from './portal-under-test';

jest.setTimeout(180_000);

countyOfficerDraftsAPlan(embeddedPortal);

import { adminRunsACall } from './admin-runs-a-call.journey';
import { embeddedPortal } from './portal-under-test';

jest.setTimeout(180_000);

adminRunsACall(embeddedPortal);

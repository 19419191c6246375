import { countyReportsProgress } from './county-reports-progress.journey';
import { embeddedPortal } from './portal-under-test';

jest.setTimeout(120_000);

countyReportsProgress(embeddedPortal);

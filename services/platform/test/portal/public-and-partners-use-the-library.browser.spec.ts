import { publicAndPartnersUseTheLibrary } from './public-and-partners-use-the-library.journey';
import { embeddedPortal } from './portal-under-test';

jest.setTimeout(120_000);

publicAndPartnersUseTheLibrary(embeddedPortal);

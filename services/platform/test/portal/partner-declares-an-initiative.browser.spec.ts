import { partnerDeclaresAnInitiative } from './partner-declares-an-initiative.journey';
import { embeddedPortal } from './portal-under-test';

jest.setTimeout(120_000);

partnerDeclaresAnInitiative(embeddedPortal);

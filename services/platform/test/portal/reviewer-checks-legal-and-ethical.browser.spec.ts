import { reviewerChecksLegalAndEthical } from './reviewer-checks-legal-and-ethical.journey';
import { embeddedPortal } from './portal-under-test';

jest.setTimeout(120_000);

reviewerChecksLegalAndEthical(embeddedPortal);

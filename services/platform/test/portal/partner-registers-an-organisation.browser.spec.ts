import { partnerOrganisationJourney } from './partner-organisation-journey';
import { embeddedPortal } from './portal-under-test';

jest.setTimeout(120_000);

// Each run registers the newcomer's organisation, so each gets a platform of its own.
partnerOrganisationJourney(embeddedPortal, { javaScriptEnabled: true });
partnerOrganisationJourney(embeddedPortal, { javaScriptEnabled: false });

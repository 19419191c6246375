import { partnerAppliesToACall } from './partner-applies-to-a-call.journey';
import { embeddedPortal } from './portal-under-test';

jest.setTimeout(120_000);

partnerAppliesToACall(embeddedPortal);

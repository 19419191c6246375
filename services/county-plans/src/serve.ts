import { z } from 'zod';
import { Base64Secret32, ServiceEnvironment } from '@csm/http';
import { EventContracts, SubjectIds } from '@csm/eventing';
import { eventCatalog } from '@csm/contracts';
import { serveContext } from '@csm/service-host';
import { startBusCountyPlans } from './main';

/**
 * The county-plans service as one container runs it in production (`serveContext`): `CSM_ROLE=api`
 * serves HTTP and runs no projection and no relay; `worker` also runs the projections (Kafka
 * consumer groups) and the relay.
 */
const Config = ServiceEnvironment.extend({
  MONGODB_DATABASE: z.string().default('csm_county_plans'),
  /** Where registration's relay keeps its progress (its read-model database): read-your-writes on the organisations' facts. */
  CSM_REGISTRATION_DATABASE: z.string().default('csm_registration'),
  /** Where proposals' relay keeps its progress (its read-model database): read-your-writes on awarded partnerships. */
  CSM_PROPOSALS_DATABASE: z.string().default('csm_proposals'),
  /** The NCTC's IATI organisation identifier (reporting-org `ref` of the IATI export); a placeholder until it has one. */
  CSM_IATI_REPORTING_ORG_REF: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{2,}$/).optional(),
  /** The platform's subject-id secret: the event catalog's upcasters of other contexts need it to read the shared log. */
  CSM_SUBJECT_ID_SECRET: Base64Secret32('CSM_SUBJECT_ID_SECRET'),
});

serveContext({
  name: 'county-plans',
  environment: Config,
  start: async ({ config, store, readModels, authenticate, bus, relayProgressOf }) =>
    startBusCountyPlans({
      store,
      contracts: new EventContracts(eventCatalog(new SubjectIds(config.CSM_SUBJECT_ID_SECRET))),
      readModels,
      authenticate,
      registrationRelay: await relayProgressOf('registration.relay', config.CSM_REGISTRATION_DATABASE),
      proposalsRelay: await relayProgressOf('proposals.relay', config.CSM_PROPOSALS_DATABASE),
      ...(config.CSM_IATI_REPORTING_ORG_REF ? { iatiReportingOrgRef: config.CSM_IATI_REPORTING_ORG_REF } : {}),
      ...bus,
    }),
});

import { z } from 'zod';
import { Base64Secret32, ServiceEnvironment } from '@csm/http';
import { EventContracts, SubjectIds } from '@csm/eventing';
import { eventCatalog } from '@csm/contracts';
import { serveContext } from '@csm/service-host';
import { startBusProposals } from './main';

/**
 * The proposals service as one container runs it in production (`serveContext`): `CSM_ROLE=api`
 * serves HTTP and runs no projection and no relay; `worker` also runs the projections (Kafka
 * consumer groups) and the relay. Both answer `minPosition` from the checkpoints the projections
 * and the relays store in the read-model databases.
 */
const Config = ServiceEnvironment.extend({
  MONGODB_DATABASE: z.string().default('csm_proposals'),
  /** Registration's read-model database: where its relay records its progress, for read-your-writes on its facts. */
  CSM_REGISTRATION_DATABASE: z.string().default('csm_registration'),
  /** The HMAC secret that names people in events, the same as registration's: base64 of 32 bytes. */
  CSM_SUBJECT_ID_SECRET: Base64Secret32('CSM_SUBJECT_ID_SECRET'),
});

serveContext({
  name: 'proposals',
  environment: Config,
  start: async ({ config, store, readModels, authenticate, bus, relayProgressOf }) => {
    const subjectIds = new SubjectIds(config.CSM_SUBJECT_ID_SECRET);
    return startBusProposals({
      store,
      contracts: new EventContracts(eventCatalog(subjectIds)),
      subjectIds,
      readModels,
      authenticate,
      registrationRelay: await relayProgressOf('registration.relay', config.CSM_REGISTRATION_DATABASE),
      ...bus,
    });
  },
});

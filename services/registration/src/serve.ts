import { z } from 'zod';
import { Base64Secret32, Base64Secret32List, ServiceEnvironment } from '@csm/http';
import { EventContracts, PersonalDataVault, readModelSubjectKeyStore, SubjectIds, SubjectKeyWrapping } from '@csm/eventing';
import { eventCatalog } from '@csm/contracts';
import { serveContext } from '@csm/service-host';
import { startBusRegistration } from './main';

/**
 * The registration service as one container runs it in production (`serveContext`): `CSM_ROLE=api`
 * serves HTTP and runs no projection and no relay; `worker` also runs the projections (Kafka
 * consumer groups) and the relay. Both answer `minPosition` from the checkpoints the projections
 * and the relay store in the read-model database.
 */
const Config = ServiceEnvironment.extend({
  MONGODB_DATABASE: z.string().default('csm_registration'),
  /**
   * Subject keys get a database of their own: read-model databases are dropped and rebuilt
   * from the log, and keys cannot be rebuilt.
   */
  CSM_KEYS_DATABASE: z.string().default('csm_subject_keys'),
  /** Wraps every subject key at rest (a Kubernetes Secret): base64 of 32 bytes. */
  CSM_KEK: Base64Secret32('CSM_KEK'),
  /**
   * Key-encryption keys rotated out, comma-separated base64, still accepted to unwrap keys that
   * `npm run kek:rotate` has not re-wrapped yet; new wraps are always under CSM_KEK.
   */
  CSM_KEK_PREVIOUS: Base64Secret32List('CSM_KEK_PREVIOUS'),
  /** Keys the HMAC that names people in events; the same in every service. Base64 of 32 bytes. */
  CSM_SUBJECT_ID_SECRET: Base64Secret32('CSM_SUBJECT_ID_SECRET'),
});

serveContext({
  name: 'registration',
  environment: Config,
  start: async ({ config, store, readModels, authenticate, bus, connect }) => {
    const subjectIds = new SubjectIds(config.CSM_SUBJECT_ID_SECRET);
    return startBusRegistration({
      store,
      contracts: new EventContracts(eventCatalog(subjectIds)),
      readModels,
      // Subject keys in a collection every replica shares, wrapped under the key-encryption key.
      vault: new PersonalDataVault(readModelSubjectKeyStore(await connect(config.CSM_KEYS_DATABASE), new SubjectKeyWrapping(config.CSM_KEK, config.CSM_KEK_PREVIOUS))),
      subjectIds,
      authenticate,
      ...bus,
    });
  },
});

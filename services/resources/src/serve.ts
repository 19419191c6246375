import { MongoClient } from 'mongodb';
import { z } from 'zod';
import { Base64Secret32, ServiceEnvironment } from '@csm/http';
import { EventContracts, SubjectIds } from '@csm/eventing';
import { eventCatalog } from '@csm/contracts';
import { serveContext } from '@csm/service-host';
import { startBusResources } from './main';
import { embeddedLibrarySearch } from './search/embedded-library-search';
import { mongoTextLibrarySearch } from './search/mongo-text-library-search';

/**
 * The resources service as one container runs it in production (`serveContext`): `CSM_ROLE=api`
 * serves HTTP and runs no projection and no relay; `worker` also runs the projections and the relay.
 */
const Config = ServiceEnvironment.extend({
  MONGODB_DATABASE: z.string().default('csm_resources'),
  /** Where registration's relay keeps its progress (its read-model database): read-your-writes on the organisations' facts. */
  CSM_REGISTRATION_DATABASE: z.string().default('csm_registration'),
  /**
   * The library's search: `text`, a MongoDB text index (`$text`); `index`, the minisearch index
   * built from the read models per query (for a MongoDB-wire server without text search, e.g. FerretDB).
   */
  CSM_LIBRARY_SEARCH: z.enum(['text', 'index']).default('text'),
  /** The platform's subject-id secret: the event catalog's upcasters of other contexts need it to read the shared log. */
  CSM_SUBJECT_ID_SECRET: Base64Secret32('CSM_SUBJECT_ID_SECRET'),
});

serveContext({
  name: 'resources',
  environment: Config,
  start: async ({ config, store, readModels, authenticate, bus, relayProgressOf }) => {
    const client = config.CSM_LIBRARY_SEARCH === 'text' ? await new MongoClient(config.MONGODB_URI).connect() : undefined;
    const search = client ? await mongoTextLibrarySearch(client.db(config.MONGODB_DATABASE)) : embeddedLibrarySearch(readModels);
    const started = await startBusResources({
      store,
      contracts: new EventContracts(eventCatalog(new SubjectIds(config.CSM_SUBJECT_ID_SECRET))),
      readModels,
      authenticate,
      registrationRelay: await relayProgressOf('registration.relay', config.CSM_REGISTRATION_DATABASE),
      search,
      ...bus,
    });
    return {
      app: started.app,
      stop: async () => {
        await started.stop();
        await client?.close();
      },
    };
  },
});

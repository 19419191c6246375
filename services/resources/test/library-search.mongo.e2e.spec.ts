import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { describeWithServices, mongoTextSearchUnavailable, serviceUrl } from '@csm/testkit';
import { MongoReadModels } from '@csm/readmodels';
import { mongoTextLibrarySearch } from '../src/search/mongo-text-library-search';
import { embeddedLibrarySearch } from '../src/search/embedded-library-search';
import { LIBRARY_ITEMS, type LibraryItemView } from '../src/projections/library-items.projection';
import { describeLibrarySearchContract } from './library-search.contract';

/**
 * The MongoDB `$text` adapter against the MongoDB-wire server the tests are given (FerretDB in
 * this project's infrastructure). FerretDB may not implement text indexes: the server is asked
 * once, before the suite is declared, and without `$text` the suite is reported SKIPPED with the
 * server's own answer — never passed.
 */
const uri = serviceUrl('mongodb');
const noText = uri ? mongoTextSearchUnavailable(uri) : undefined;

if (uri && noText) {
  describe('library search contract: MongoDB $text', () => {
    console.log(`SKIPPED: library search contract: MongoDB $text: the MongoDB-wire server at MONGODB_URI has no text search ($text): ${noText}`);
    it.skip(`SKIPPED: the server has no text search ($text): ${noText}`, () => undefined);
  });
} else {
  describeWithServices(['mongodb'], 'MongoDB $text', ({ mongodb }) => {
    describeLibrarySearchContract('MongoDB $text', async () => {
      const client = await new MongoClient(mongodb, { serverSelectionTimeoutMS: 10_000 }).connect();
      const db = client.db(`csm_library_search_${randomUUID().slice(0, 8)}`);
      return {
        search: await mongoTextLibrarySearch(db),
        put: async (items: LibraryItemView[]) => {
          for (const item of items) await db.collection<LibraryItemView>(LIBRARY_ITEMS).replaceOne({ _id: item._id }, item, { upsert: true });
        },
        close: async () => {
          await db.dropDatabase();
          await client.close();
        },
      };
    });
  });
}

/** The embedded adapter over MongoDB read models (`CSM_LIBRARY_SEARCH=index`): what production runs on a server without `$text`. */
describeWithServices(['mongodb'], 'minisearch over MongoDB read models', ({ mongodb }) => {
  describeLibrarySearchContract('minisearch over MongoDB read models', async () => {
    const readModels = await MongoReadModels.connect(mongodb, `csm_library_index_${randomUUID().slice(0, 8)}`);
    return {
      search: embeddedLibrarySearch(readModels),
      put: async (items: LibraryItemView[]) => {
        for (const item of items) await readModels.collection<LibraryItemView>(LIBRARY_ITEMS).replaceOne({ _id: item._id }, item, { upsert: true });
      },
      close: async () => {
        await readModels.dropAll();
        await readModels.close();
      },
    };
  });
});

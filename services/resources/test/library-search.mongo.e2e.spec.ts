import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { describeWithServices, serviceUrl } from '@csm/testkit';
import { mongoTextLibrarySearch } from '../src/search/mongo-text-library-search';
import { LIBRARY_ITEMS, type LibraryItemView } from '../src/projections/library-items.projection';
import { describeLibrarySearchContract } from './library-search.contract';

/**
 * The MongoDB `$text` adapter against the MongoDB-wire server the tests are given (FerretDB in
 * this project's infrastructure). FerretDB may not implement text indexes: the server is asked
 * once, before the suite is declared, and without `$text` the suite is reported SKIPPED with the
 * server's own answer — never passed.
 */
const probeText = (uri: string): string | undefined => {
  const script = `
    const { MongoClient } = require('mongodb');
    (async () => {
      const client = new MongoClient(process.argv[1], { serverSelectionTimeoutMS: 5000 });
      await client.connect();
      const db = client.db('csm_text_probe_' + process.pid);
      try {
        await db.collection('probe').createIndex({ words: 'text' }, { default_language: 'none' });
        await db.collection('probe').insertOne({ words: 'mzazi' });
        const found = await db.collection('probe').find({ $text: { $search: 'mzazi' } }).toArray();
        console.log(found.length === 1 ? 'ok' : 'the text search found ' + found.length + ' of 1 document');
      } catch (error) { console.log(error.message); }
      await db.dropDatabase().catch(() => undefined);
      await client.close();
    })().catch((error) => console.log(error.message));`;
  const result = spawnSync(process.execPath, ['-e', script, uri], { encoding: 'utf8', timeout: 20_000, cwd: __dirname });
  const answer = result.stdout.trim() || result.stderr.trim() || 'no answer';
  return answer === 'ok' ? undefined : answer;
};

const uri = serviceUrl('mongodb');
const noText = uri ? probeText(uri) : undefined;

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

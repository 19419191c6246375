import { spawnSync } from 'node:child_process';

/**
 * Whether the MongoDB-wire server at `uri` answers a text search (`$text` over a text index),
 * asked synchronously so a suite can be declared skipped before it runs: `undefined` when it
 * does, else the server's own answer (FerretDB has no text indexes).
 */
export const mongoTextSearchUnavailable = (uri: string): string | undefined => {
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

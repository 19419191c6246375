import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { Base64Secret32, Base64Secret32List, configurationFrom } from '@csm/http';
import { readModelSubjectKeyStore, secretFromBase64, SubjectKeyWrapping, type RewrappableSubjectKeyStore, type RewrapSummary } from '@csm/eventing';
import { SqliteSubjectKeyStore } from '@csm/eventstore-sqlite';
import { MongoReadModels } from '@csm/readmodels';

/**
 * `npm run kek:rotate`: re-wraps every stored subject key under the current key-encryption key
 * (CSM_KEK), unwrapping with whichever key wrapped it (CSM_KEK or one in CSM_KEK_PREVIOUS).
 * Idempotent and resumable (keys already under CSM_KEK are skipped), safe while the services
 * run (each write is a compare-and-set: a concurrent erasure wins). The store:
 *   MONGODB_URI set   → production: the `subjectKeys` collection of CSM_KEYS_DATABASE (default csm_subject_keys);
 *   otherwise         → embedded: <CSM_DATA_DIR>/keys/subject-keys.db (default ./data). There the key
 *                       generated on first start (<data>/keys/key-encryption-key) counts as a previous key.
 * Exit code 0 when every live key is under CSM_KEK, 1 when some are not (listed), 2 on bad configuration.
 */
const Config = z.object({
  CSM_KEK: Base64Secret32('CSM_KEK'),
  CSM_KEK_PREVIOUS: Base64Secret32List('CSM_KEK_PREVIOUS'),
  MONGODB_URI: z.string().min(1).optional(),
  CSM_KEYS_DATABASE: z.string().min(1).default('csm_subject_keys'),
  CSM_DATA_DIR: z.string().default('./data'),
});

const line = (summary: RewrapSummary) =>
  `examined ${summary.examined}: re-wrapped ${summary.rewrapped}, already under CSM_KEK ${summary.alreadyCurrent}, erased ${summary.erased}, ` +
  `changed meanwhile ${summary.changedConcurrently}, failed ${summary.failed.length}`;

const main = async () => {
  const config = configurationFrom(Config, process.env);
  const previous = [...config.CSM_KEK_PREVIOUS];
  let store: RewrappableSubjectKeyStore;
  let close: () => Promise<void>;
  let where: string;
  if (config.MONGODB_URI) {
    const readModels = await MongoReadModels.connect(config.MONGODB_URI, config.CSM_KEYS_DATABASE);
    store = readModelSubjectKeyStore(readModels, new SubjectKeyWrapping(config.CSM_KEK, previous));
    close = () => readModels.close();
    where = `MongoDB database ${config.CSM_KEYS_DATABASE}, collection subjectKeys`;
  } else {
    const keysDir = join(resolve(config.CSM_DATA_DIR), 'keys');
    const file = join(keysDir, 'subject-keys.db');
    if (!existsSync(file)) {
      console.error(`[kek:rotate] no subject key store at ${file}: set CSM_DATA_DIR to the platform's data folder, or MONGODB_URI for production`);
      process.exit(2);
    }
    const generated = join(keysDir, 'key-encryption-key');
    if (existsSync(generated)) previous.push(secretFromBase64(readFileSync(generated, 'utf8')));
    const sqlite = new SqliteSubjectKeyStore(file, new SubjectKeyWrapping(config.CSM_KEK, previous));
    store = sqlite;
    close = async () => sqlite.close();
    where = `SQLite ${file}`;
  }
  const wrapping = new SubjectKeyWrapping(config.CSM_KEK, previous);
  console.log(`[kek:rotate] ${where}: re-wrapping subject keys under CSM_KEK (id ${wrapping.currentKekId}); accepted: ${wrapping.kekIds.join(', ')}`);
  const started = Date.now();
  let summary: RewrapSummary;
  try {
    summary = await store.rewrapAll((progress) => console.log(`[kek:rotate] … ${line(progress)}`));
  } catch (error) {
    console.error(`[kek:rotate] stopped: ${error instanceof Error ? error.message : String(error)}`);
    console.error('[kek:rotate] nothing re-wrapped so far is lost: fix the cause (is the store reachable?) and run it again; it resumes where it got to.');
    await close().catch(() => undefined);
    process.exit(1);
  }
  await close();
  console.log(`[kek:rotate] done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${line(summary)}`);
  for (const failure of summary.failed) console.error(`[kek:rotate] FAILED ${failure.keyId}: ${failure.reason}`);
  if (summary.failed.length > 0) {
    console.error(
      `[kek:rotate] ${summary.failed.length} key(s) could not be unwrapped: add the key-encryption key that wrapped them to CSM_KEK_PREVIOUS and run again. ` +
        'Keep CSM_KEK_PREVIOUS in the services until a run ends with no failure.',
    );
    process.exit(1);
  }
  if (summary.changedConcurrently > 0) console.log('[kek:rotate] some keys changed while running (erased, or re-wrapped by another run); run again to confirm.');
  console.log('[kek:rotate] every live subject key is under CSM_KEK: the previous keys may now be removed from CSM_KEK_PREVIOUS (restart the services after).');
};

void main();

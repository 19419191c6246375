import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { anOrganizationProfile as aProfile } from '@csm/testkit';
import { callApi, passwordToken, startEmbeddedPlatform, type EmbeddedPlatform } from '../src';

/**
 * Rotating the key-encryption key on the embedded platform, as the operator guide tells it:
 * restart with the new CSM_KEK and the old one in CSM_KEK_PREVIOUS, run `npm run kek:rotate`
 * (the real command, while the platform runs) to completion, restart with only the new key.
 * Personal data stays readable throughout, and erasure still makes it unreadable for good.
 */
jest.setTimeout(120_000);

const repoRoot = resolve(__dirname, '../../..');
const run = promisify(execFile);
const email = 'programmes@amani.example';
const oldKek = randomBytes(32);
const newKek = randomBytes(32);
const subjectIdSecret = randomBytes(32);
let dataDir: string;
let platform: EmbeddedPlatform | undefined;

const start = async (keyEncryptionKey: Buffer, previousKeyEncryptionKeys: Buffer[]) => {
  platform = await startEmbeddedPlatform({ dataDir, identityPort: 0, registrationPort: 0, proposalsPort: 0, keyEncryptionKey, previousKeyEncryptionKeys, subjectIdSecret, log: () => undefined });
  return platform;
};
const stop = async () => {
  await platform?.stop();
  platform = undefined;
};
const organisation = async (user: string, minPosition?: string) => {
  const response = await callApi(platform!.urls.registration, 'GET', `/organizations/amani-youth${minPosition ? `?minPosition=${minPosition}` : ''}`, {
    token: await passwordToken(platform!.urls.issuer, user),
  });
  expect(response.status).toBe(200);
  return response.body as { profile: { contacts: unknown[] } };
};
/** The real command, with only the variables an operator sets (no MONGODB_URI: the embedded store). */
const rotate = async () => {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, CSM_DATA_DIR: dataDir, CSM_KEK: newKek.toString('base64'), CSM_KEK_PREVIOUS: oldKek.toString('base64') };
  const { stdout } = await run(join(repoRoot, 'node_modules/.bin/tsx'), ['scripts/kek-rotate.ts'], { cwd: repoRoot, env });
  return stdout;
};
const wrappedBy = () => {
  const db = new Database(join(dataDir, 'keys', 'subject-keys.db'), { readonly: true });
  const rows = db.prepare('SELECT key FROM subject_keys').all() as { key: Buffer | null }[];
  db.close();
  return rows.map((r) => (r.key ? r.key.subarray(1, 9).toString('hex') : null));
};

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'csm-kek-rotation-'));
});
afterAll(async () => {
  await stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('rotates the key-encryption key with personal data kept readable, then erasure still works', async () => {
  await start(oldKek, []);
  const registered = await callApi(platform!.urls.registration, 'POST', '/organizations', { token: await passwordToken(platform!.urls.issuer, 'partner'), body: aProfile() });
  expect(registered.status).toBe(201);
  expect((await organisation('admin', registered.body.position)).profile.contacts).toEqual([expect.objectContaining({ name: 'Programme Lead', email })]);
  const underOld = wrappedBy();
  expect(underOld.length).toBeGreaterThan(0);
  await stop();

  // Step 1: the new key in CSM_KEK, the old one in CSM_KEK_PREVIOUS. Nothing is re-wrapped yet, and all reads.
  await start(newKek, [oldKek]);
  expect(wrappedBy()).toEqual(underOld);
  expect((await organisation('admin')).profile.contacts).toEqual([expect.objectContaining({ name: 'Programme Lead', email })]);

  // Step 2: the command, while the platform runs, to completion; a second run finds nothing to do.
  const first = await rotate();
  expect(first).toMatch(/re-wrapping subject keys under CSM_KEK/);
  expect(first).toMatch(new RegExp(`done in [0-9.]+ s: examined ${underOld.length}: re-wrapped ${underOld.length}, already under CSM_KEK 0, erased 0, changed meanwhile 0, failed 0`));
  expect(first).toMatch(/the previous keys may now be removed from CSM_KEK_PREVIOUS/);
  expect(new Set(wrappedBy())).toEqual(new Set([wrappedBy()[0]]));
  expect(wrappedBy()[0]).not.toBe(underOld[0]);
  expect(await rotate()).toMatch(new RegExp(`re-wrapped 0, already under CSM_KEK ${underOld.length}, erased 0`));
  expect((await organisation('admin')).profile.contacts).toEqual([expect.objectContaining({ email })]);
  await stop();

  // Step 3: only the new key.
  await start(newKek, []);
  expect((await organisation('admin')).profile.contacts).toEqual([expect.objectContaining({ name: 'Programme Lead', email })]);

  // Erasure across the rotation: the contact is unreadable for good, and the key row is a tombstone.
  const erased = await callApi(platform!.urls.registration, 'POST', '/personal-data/erasures', {
    token: await passwordToken(platform!.urls.issuer, 'admin'),
    body: { email, reason: 'The person asked to be forgotten' },
  });
  expect(erased.status).toBe(202);
  expect((await organisation('admin', erased.body.position)).profile.contacts).toEqual([{ erased: true }]);
  expect(wrappedBy()).toContain(null);
  await stop();

  // Still erased after a restart with both keys: no KEK brings an erased key back.
  await start(newKek, [oldKek]);
  expect((await organisation('admin')).profile.contacts).toEqual([{ erased: true }]);
});

import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';

/** Whatever jose signs with (KeyLike in jose 5, CryptoKey in jose 6). */
export type PrivateSigningKey = Awaited<ReturnType<typeof importJWK>>;

export interface SigningKey {
  kid: string;
  privateKey: PrivateSigningKey;
  /** The public half as published in the JWKS (no private members). */
  publicJwk: JWK;
}

const PRIVATE_MEMBERS = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k']);

const readKeyFile = (file: string): JWK => {
  let jwk: JWK;
  try {
    jwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
  } catch (error) {
    throw new Error(`The issuer signing key in ${file} is unreadable (${(error as Error).message}); restore it, or delete it to issue a new key (tokens already issued then stop verifying)`);
  }
  if (jwk.kty !== 'RSA' || !jwk.d || !jwk.kid) throw new Error(`The issuer signing key in ${file} is not a private RSA JWK with a kid`);
  return jwk;
};

/**
 * Publishes a new key unless another process got there first. The file appears complete or not
 * at all (written aside, then hard-linked into place), and linking fails if it already exists,
 * so two processes starting together agree on one key instead of overwriting each other's.
 */
const createKeyFile = async (file: string): Promise<JWK> => {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  const exported = await exportJWK(privateKey);
  // The thumbprint (RFC 7638) names the key by its content: stable, and distinct after a rotation.
  const jwk: JWK = { ...exported, kid: await calculateJwkThumbprint(exported), alg: 'RS256', use: 'sig' };
  mkdirSync(dirname(file), { recursive: true });
  const aside = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(aside, JSON.stringify(jwk), { mode: 0o600 });
  try {
    try {
      linkSync(aside, file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Some volumes have no hard links; an exclusive create still refuses to overwrite.
      if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS') writeFileSync(file, JSON.stringify(jwk), { mode: 0o600, flag: 'wx' });
      else throw error;
    }
    return jwk;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readKeyFile(file);
  } finally {
    unlinkSync(aside);
  }
};

/** The issuer's RSA key, generated once and kept in `file` so tokens survive a restart. */
export const loadOrCreateSigningKey = async (file: string): Promise<SigningKey> => {
  const privateJwk = existsSync(file) ? readKeyFile(file) : await createKeyFile(file);
  const publicJwk = Object.fromEntries(Object.entries(privateJwk).filter(([name]) => !PRIVATE_MEMBERS.has(name))) as JWK;
  return { kid: privateJwk.kid!, privateKey: await importJWK(privateJwk, 'RS256'), publicJwk: { ...publicJwk, alg: 'RS256', use: 'sig' } };
};

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { secretFromBase64 } from '@csm/eventing';

/**
 * A 32-byte secret of the embedded default, kept in a file of its own (base64, mode 0600) and
 * generated on first start, saying so: production takes it from a Kubernetes Secret instead.
 * Losing the file loses what it protects (the key-encryption key opens every subject key).
 */
export const embeddedSecret = (file: string, what: string, announce: (line: string) => void): Buffer => {
  if (existsSync(file)) return secretFromBase64(readFileSync(file, 'utf8'));
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(32);
  writeFileSync(file, secret.toString('base64'), { mode: 0o600, flag: 'wx' });
  announce(`[csm] generated ${what} in ${file} (first start); keep it with the data, or set it in the environment`);
  return secret;
};

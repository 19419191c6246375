import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { DemoUser } from './demo-users';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, length: number) => Promise<Buffer>;

export interface UserCredentials {
  /** The user when the password is theirs; undefined otherwise, without saying which part was wrong. */
  check(username: string, password: string): Promise<DemoUser | undefined>;
}

/**
 * The embedded issuer's password check. The password is kept only as an scrypt hash made at
 * start; each attempt is hashed the same way (off the event loop) and compared in constant time,
 * for unknown usernames too, so neither the answer nor its timing tells which usernames exist.
 */
export const userCredentials = async (users: readonly DemoUser[], password: string): Promise<UserCredentials> => {
  const salt = randomBytes(16);
  const expected = await scryptAsync(password, salt, 32);
  return {
    check: async (username, candidate) => {
      const user = users.find((u) => u.username === username);
      const matches = timingSafeEqual(await scryptAsync(candidate, salt, 32), expected);
      return user && matches ? user : undefined;
    },
  };
};

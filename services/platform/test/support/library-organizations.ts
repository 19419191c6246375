import { registerLibraryOrganizations as register } from '@csm/testkit';
import { callApi, passwordToken, type EmbeddedPlatform } from '../../src';

/**
 * The organisations the library specs act for (`registerLibraryOrganizations` in the testkit),
 * through registration's API with the demo users' real tokens; resolves when the resources
 * service has learnt them from registration's events.
 */
export const registerLibraryOrganizations = async (platform: EmbeddedPlatform): Promise<void> => {
  const tokens = new Map<string, string>();
  const position = await register(async (user, method, path, body) => {
    if (user && !tokens.has(user)) tokens.set(user, await passwordToken(platform.urls.issuer, user));
    return callApi(platform.urls.registration, method, path, { ...(user ? { token: tokens.get(user)! } : {}), ...(body !== undefined ? { body } : {}) });
  });
  await platform.caughtUp(BigInt(position));
};

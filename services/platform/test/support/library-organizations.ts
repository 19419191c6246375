import { anOrganizationProfile } from '@csm/testkit';
import { callApi, passwordToken, type EmbeddedPlatform } from '../../src';

/**
 * The organisations the library specs act for, through registration's API with the demo users'
 * real tokens: Amani Youth (`partner`) and Kisumu Interfaith Dialogue (`partner3`) verified,
 * Pwani Peace Network (`partner2`) submitted and awaiting verification. Resolves when the
 * resources service has learnt them from registration's events.
 */
export const registerLibraryOrganizations = async (platform: EmbeddedPlatform): Promise<void> => {
  const tokens = new Map<string, string>();
  const as = async (user: string, method: string, path: string, body: unknown) => {
    if (!tokens.has(user)) tokens.set(user, await passwordToken(platform.urls.issuer, user));
    const response = await callApi(platform.urls.registration, method, path, { token: tokens.get(user)!, body });
    if (response.status >= 300) throw new Error(`fixture ${user} ${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response;
  };
  const organizations = [
    { user: 'partner', id: 'amani-youth', profile: anOrganizationProfile(), verify: true },
    { user: 'partner3', id: 'kisumu-dialogue', profile: anOrganizationProfile({ name: 'Kisumu Interfaith Dialogue', counties: ['042'] }), verify: true },
    { user: 'partner2', id: 'pwani-peace', profile: anOrganizationProfile({ name: 'Pwani Peace Network', counties: ['003'] }), verify: false },
  ];
  let position = '0';
  for (const { user, id, profile, verify } of organizations) {
    await as(user, 'POST', '/organizations', profile);
    position = (await as(user, 'POST', `/organizations/${id}/submit`, {})).body.position;
    if (verify) position = (await as('admin', 'POST', `/organizations/${id}/verify`, {})).body.position;
  }
  await platform.caughtUp(BigInt(position));
};

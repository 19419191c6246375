import { anOrganizationProfile } from '@csm/testkit';
import { callApi } from '../../src';
import type { PortalUnderTest } from './portal-under-test';

/** What the admin journeys start from, arranged through the public APIs as the partners would do it. */
export interface Arranged {
  /** The last position written, for reads that must see it (`minPosition`). */
  position: string;
}

const expectOneOf = (what: string, response: { status: number; body: unknown }, statuses: number[]) => {
  if (!statuses.includes(response.status)) throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
  return response;
};

/**
 * An organisation registered and submitted for verification by its partner account, whatever
 * the platform already holds (a seeded one has some: 409 there is fine). Returns the position
 * of the last write, or undefined when nothing needed writing.
 */
export const organisationAwaitingVerification = async (
  put: PortalUnderTest,
  username: string,
  organisationId: string,
  profile: Parameters<typeof anOrganizationProfile>[0],
): Promise<string | undefined> => {
  const token = await put.token(username);
  const registered = expectOneOf(`registering ${organisationId}`, await callApi(put.registration, 'POST', '/organizations', { token, body: anOrganizationProfile(profile) }), [201, 409]);
  const submitted = expectOneOf(`submitting ${organisationId}`, await callApi(put.registration, 'POST', `/organizations/${organisationId}/submit`, { token, body: {} }), [202, 409]);
  const written = [registered, submitted].filter((r) => r.status < 300).map((r) => (r.body as { position: string }).position);
  return written.at(-1);
};

/** An organisation's status as the service holds it, after `position` when given (read your writes). */
export const organisationStatus = async (put: PortalUnderTest, organisationId: string, position?: string): Promise<string> => {
  const response = await callApi(put.registration, 'GET', `/organizations/${organisationId}${position ? `?minPosition=${position}` : ''}`, { token: await put.token('admin') });
  if (response.status !== 200) throw new Error(`reading ${organisationId}: ${response.status}`);
  return (response.body as { status: string }).status;
};

export const awaitingCount = async (put: PortalUnderTest, position?: string): Promise<number> => {
  const response = await callApi(put.registration, 'GET', `/organizations?status=submitted${position ? `&minPosition=${position}` : ''}`, { token: await put.token('admin') });
  return (response.body as { total: number }).total;
};

/** An organisation verified by the NCTC, whatever the platform already holds; waits until proposals knows it. */
export const verifiedOrganisation = async (put: PortalUnderTest, username: string, organisationId: string, profile: Parameters<typeof anOrganizationProfile>[0]): Promise<void> => {
  const submitted = await organisationAwaitingVerification(put, username, organisationId, profile);
  const verified = expectOneOf(`verifying ${organisationId}`, await callApi(put.registration, 'POST', `/organizations/${organisationId}/verify`, { token: await put.token('admin'), body: {} }), [202, 409]);
  const position = verified.status === 202 ? (verified.body as { position: string }).position : submitted;
  if (position !== undefined) {
    // proposals learns "verified" from registration's events: its read of any call waits for that position.
    const seen = await callApi(put.proposals, 'GET', `/calls?minPosition=${position}`, { token: await put.token('admin') });
    if (seen.status !== 200) throw new Error(`proposals did not reach ${position}: ${seen.status}`);
  }
  expect(await organisationStatus(put, organisationId, position)).toBe('verified');
};

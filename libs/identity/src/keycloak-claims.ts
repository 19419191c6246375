import { createHash } from 'node:crypto';
import type { JWTPayload } from 'jose';
import { API_AUDIENCE, type DemoUser, type OidcClient } from './demo-users';

/** The claims of a Keycloak access token for realm `csm`, as services read them. */
export interface KeycloakAccessTokenClaims extends JWTPayload {
  /** Keycloak's token kind: `Bearer` (access), `ID`, `Refresh`. */
  typ?: string;
  /** The client the token was issued to. */
  azp?: string;
  scope?: string;
  preferred_username?: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  realm_access?: { roles: string[] };
  org_id?: string;
  county_code?: string;
}

/** Keycloak's default scope set when a client asks for none. */
export const DEFAULT_SCOPE = 'openid profile email';

export const userAccessClaims = (user: DemoUser, clientId: string, scope: string): KeycloakAccessTokenClaims => ({
  typ: 'Bearer',
  sub: user.subject,
  aud: API_AUDIENCE,
  azp: clientId,
  scope,
  preferred_username: user.username,
  email: user.email,
  email_verified: true,
  name: user.name,
  realm_access: { roles: [...user.roles] },
  ...(user.organizationId ? { org_id: user.organizationId } : {}),
  ...(user.countyCode ? { county_code: user.countyCode } : {}),
});

/** A stable uuid-shaped subject for a client's service account, so its acts are attributable across restarts. */
const serviceAccountSubject = (clientId: string): string => {
  const hex = createHash('sha256').update(`service-account:${clientId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
};

/** client_credentials: Keycloak issues the token to the client's service-account user. */
export const serviceAccountClaims = (client: OidcClient, scope: string): KeycloakAccessTokenClaims => ({
  typ: 'Bearer',
  sub: serviceAccountSubject(client.clientId),
  aud: API_AUDIENCE,
  azp: client.clientId,
  scope,
  preferred_username: `service-account-${client.clientId}`,
  realm_access: { roles: [...(client.serviceAccountRoles ?? [])] },
});

export const idTokenClaims = (user: DemoUser, clientId: string, nonce: string | undefined): JWTPayload => ({
  typ: 'ID',
  sub: user.subject,
  aud: clientId,
  azp: clientId,
  preferred_username: user.username,
  email: user.email,
  email_verified: true,
  name: user.name,
  ...(nonce ? { nonce } : {}),
});

/** Refresh tokens name the issuer as audience (as Keycloak's do), so no service accepts one as an access token. */
export const refreshTokenClaims = (user: DemoUser, clientId: string, scope: string, issuer: string): JWTPayload => ({
  typ: 'Refresh',
  sub: user.subject,
  aud: issuer,
  azp: clientId,
  scope,
});

/** What userinfo answers, from a verified access token. */
export const userinfoClaims = (token: KeycloakAccessTokenClaims): Record<string, unknown> =>
  Object.fromEntries(
    (['sub', 'preferred_username', 'email', 'email_verified', 'name', 'org_id', 'county_code'] as const)
      .filter((claim) => token[claim] !== undefined)
      .map((claim) => [claim, token[claim]]),
  );

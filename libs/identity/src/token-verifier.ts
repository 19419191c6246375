import { createRemoteJWKSet, jwtVerify, errors, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Principal } from './principal';

export class InvalidTokenError extends Error {
  constructor(readonly reason: string) {
    super(`Invalid access token: ${reason}`);
    this.name = 'InvalidTokenError';
  }
}

export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

export interface TokenVerifierOptions {
  /** e.g. https://id.example/realms/csm — must equal the token's `iss`. */
  issuer: string;
  /** The API audience the token must name, `csm-api`. */
  audience: string;
  /** Defaults to Keycloak's `<issuer>/protocol/openid-connect/certs`. */
  jwksUri?: string;
  /** A key set given directly (tests). */
  keys?: JWTVerifyGetKey;
  /** Allowed clock difference, seconds. */
  clockToleranceSeconds?: number;
  /** The clock (tests check expiry against real tokens by moving it). */
  now?: () => Date;
}

interface KeycloakClaims extends JWTPayload {
  preferred_username?: string;
  realm_access?: { roles?: string[] };
  org_id?: string;
  county_code?: string;
}

const reasonOf = (error: unknown): string => {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `claim ${error.claim} ${error.reason}`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature does not verify';
  if (error instanceof errors.JWKSNoMatchingKey) return 'signed by an unknown key';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm not allowed';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return 'malformed token';
  return error instanceof Error ? error.message : 'unverifiable';
};

/**
 * Verifies OIDC access tokens as Keycloak issues them: signature through the realm's JWKS
 * (keys cached and refreshed on rotation by jose), issuer, audience, expiry. Roles come from
 * `realm_access.roles`, the organisation from `org_id`.
 */
export const createTokenVerifier = (options: TokenVerifierOptions): TokenVerifier => {
  const keys = options.keys ?? createRemoteJWKSet(new URL(options.jwksUri ?? `${options.issuer}/protocol/openid-connect/certs`));
  return {
    verify: async (token) => {
      let payload: KeycloakClaims;
      try {
        ({ payload } = await jwtVerify<KeycloakClaims>(token, keys, {
          issuer: options.issuer,
          audience: options.audience,
          algorithms: ['RS256', 'ES256', 'PS256'],
          clockTolerance: options.clockToleranceSeconds ?? 5,
          requiredClaims: ['sub', 'exp'],
          ...(options.now ? { currentDate: options.now() } : {}),
        }));
      } catch (error) {
        throw new InvalidTokenError(reasonOf(error));
      }
      return {
        subject: payload.sub!,
        username: payload.preferred_username ?? payload.sub!,
        roles: Array.isArray(payload.realm_access?.roles) ? payload.realm_access!.roles!.filter((r) => typeof r === 'string') : [],
        ...(typeof payload.org_id === 'string' && payload.org_id !== '' ? { organizationId: payload.org_id } : {}),
        ...(typeof payload.county_code === 'string' && payload.county_code !== '' ? { countyCode: payload.county_code } : {}),
      };
    },
  };
};

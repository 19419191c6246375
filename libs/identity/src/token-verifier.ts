import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Principal } from './principal';

/** Why a token was refused: stable codes for logs and tests, never compared as messages. */
export type InvalidTokenReason =
  | 'malformed'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'missing-claim'
  | 'not-an-access-token'
  | 'algorithm-not-allowed'
  | 'unknown-key'
  | 'bad-signature';

export class InvalidTokenError extends Error {
  constructor(
    readonly reason: InvalidTokenReason,
    detail?: string,
  ) {
    super(`Invalid access token: ${reason}${detail ? ` (${detail})` : ''}`);
    this.name = 'InvalidTokenError';
  }
}

export interface TokenVerifier {
  /** Resolves the caller, or rejects with InvalidTokenError. Any other rejection means the key set could not be fetched. */
  verify(token: string): Promise<Principal>;
}

export interface TokenVerifierOptions {
  /** e.g. https://id.example/realms/csm — must equal the token's `iss`. */
  issuer: string;
  /** The API audience the token must name, `csm-api`. */
  audience: string;
  /** Defaults to Keycloak's `<issuer>/protocol/openid-connect/certs`. */
  jwksUri?: string;
  /** A key set given directly (tests), e.g. jose's `createLocalJWKSet`. Wins over `jwksUri`. */
  keys?: JWTVerifyGetKey;
  /** Allowed clock difference between issuer and service, seconds. */
  clockToleranceSeconds?: number;
  /** The clock (tests check expiry against real tokens by moving it). */
  now?: () => Date;
}

/** Keycloak signs with RS256 by default and ES256 when the realm is configured for it; nothing else is accepted. */
const ALGORITHMS = ['RS256', 'ES256'];

interface KeycloakClaims extends JWTPayload {
  typ?: string;
  preferred_username?: string;
  realm_access?: { roles?: unknown };
  org_id?: unknown;
  county_code?: unknown;
}

const claimReason = (claim: string): InvalidTokenReason => {
  if (claim === 'iss') return 'wrong-issuer';
  if (claim === 'aud') return 'wrong-audience';
  if (claim === 'nbf' || claim === 'iat') return 'not-yet-valid';
  return 'missing-claim';
};

/** Token faults become InvalidTokenError; anything else (the JWKS unreachable) stays an outage, not a 401. */
const asInvalidToken = (error: unknown): unknown => {
  if (error instanceof errors.JWTExpired) return new InvalidTokenError('expired');
  if (error instanceof errors.JWTClaimValidationFailed) return new InvalidTokenError(claimReason(error.claim), `${error.claim}: ${error.reason}`);
  if (error instanceof errors.JWSSignatureVerificationFailed) return new InvalidTokenError('bad-signature');
  if (error instanceof errors.JWKSNoMatchingKey) return new InvalidTokenError('unknown-key');
  if (error instanceof errors.JOSEAlgNotAllowed) return new InvalidTokenError('algorithm-not-allowed');
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid || error instanceof errors.JOSENotSupported) {
    return new InvalidTokenError('malformed', error.message);
  }
  return error;
};

const nonEmptyString = (value: unknown): value is string => typeof value === 'string' && value !== '';

/**
 * Verifies OIDC access tokens as Keycloak issues them: signature through the realm's JWKS
 * (jose caches the keys and refetches on an unknown kid, so a key rotation needs no restart),
 * issuer, audience, expiry. Roles come from `realm_access.roles`, the organisation from `org_id`,
 * the county from `county_code`.
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
          algorithms: ALGORITHMS,
          clockTolerance: options.clockToleranceSeconds ?? 5,
          requiredClaims: ['sub', 'exp'],
          ...(options.now ? { currentDate: options.now() } : {}),
        }));
      } catch (error) {
        throw asInvalidToken(error);
      }
      // Keycloak marks ID and refresh tokens by `typ`; only an access token authorises a call.
      if (payload.typ !== undefined && payload.typ !== 'Bearer') throw new InvalidTokenError('not-an-access-token', `typ ${String(payload.typ)}`);
      const roles = payload.realm_access?.roles;
      return {
        subject: payload.sub!,
        username: nonEmptyString(payload.preferred_username) ? payload.preferred_username : payload.sub!,
        roles: Array.isArray(roles) ? roles.filter(nonEmptyString) : [],
        ...(nonEmptyString(payload.org_id) ? { organizationId: payload.org_id } : {}),
        ...(nonEmptyString(payload.county_code) ? { countyCode: payload.county_code } : {}),
      };
    },
  };
};

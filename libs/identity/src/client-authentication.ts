import { createHash, timingSafeEqual } from 'node:crypto';
import type { OidcClient } from './demo-users';

export type ClientAuthentication =
  | { ok: true; client: OidcClient }
  | { ok: false; usedBasic: boolean; description: string };

const sameSecret = (given: string, expected: string): boolean =>
  // Digests have equal length, so the comparison time says nothing about the secret's length.
  timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());

const basicCredentials = (header: string | undefined): { id: string; secret: string } | undefined => {
  const encoded = /^basic +([A-Za-z0-9+/]+=*)$/i.exec(header?.trim() ?? '')?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    // RFC 6749 §2.3.1: both parts are form-urlencoded before being joined.
    const decode = (part: string) => decodeURIComponent(part.replace(/\+/g, ' '));
    return { id: decode(decoded.slice(0, colon)), secret: decode(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
};

/**
 * Who is calling the token endpoint. Confidential clients prove it with their secret, by HTTP
 * Basic (Keycloak's default, client_secret_basic) or in the body (client_secret_post); a public
 * client only names itself, and PKCE stands in for the secret it cannot keep.
 */
export const authenticateClient = (
  clients: readonly OidcClient[],
  authorization: string | undefined,
  body: { client_id?: string; client_secret?: string },
): ClientAuthentication => {
  const basic = basicCredentials(authorization);
  const usedBasic = basic !== undefined;
  if (basic && body.client_id !== undefined && body.client_id !== basic.id) {
    return { ok: false, usedBasic, description: 'client_id differs from the client authenticated by the Authorization header' };
  }
  const clientId = basic?.id ?? body.client_id;
  const secret = basic?.secret ?? body.client_secret;
  const client = clients.find((c) => c.clientId === clientId);
  if (!client) return { ok: false, usedBasic, description: 'Unknown client' };
  if (client.secret !== undefined && (secret === undefined || !sameSecret(secret, client.secret))) {
    return { ok: false, usedBasic, description: 'Invalid client credentials' };
  }
  return { ok: true, client };
};

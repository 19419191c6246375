/**
 * Demo users of the embedded issuer, the same as in the Keycloak realm export
 * (k8s/keycloak/realm-csm.json) used by the test Keycloak. Demo only: production users live
 * in Keycloak and never in code. Subjects are fixed so demo data stays stable across restarts.
 */
export interface DemoUser {
  subject: string;
  username: string;
  email: string;
  name: string;
  roles: string[];
  organizationId?: string;
  countyCode?: string;
}

/** DEMO ONLY: the one password of every demo user, here and in the test Keycloak's realm. */
export const DEMO_PASSWORD = 'demo-password';

// `newcomer` is linked to an organisation id that the demo data never registers, so a newcomer
// can try registration on a seeded platform (every other partner's organisation already exists).
// `partner` registers Amani Youth and so becomes its admin; `partner-member` is added to it later.
// That distinction lives in the registration service's events, not in the token: both carry the
// same role and org_id, as Keycloak would issue them.
export const DEMO_USERS: readonly DemoUser[] = [
  { subject: '9a0e4f52-0001-4c1e-9a51-000000000001', username: 'admin', email: 'admin@nctc.example', name: 'NCTC Administrator', roles: ['nctc-admin'] },
  { subject: '9a0e4f52-0002-4c1e-9a51-000000000002', username: 'reviewer', email: 'reviewer@csm.example', name: 'Panel Reviewer', roles: ['reviewer'] },
  { subject: '9a0e4f52-0003-4c1e-9a51-000000000003', username: 'county', email: 'county@mombasa.example', name: 'Mombasa County Officer', roles: ['county-officer'], countyCode: '001' },
  { subject: '9a0e4f52-0004-4c1e-9a51-000000000004', username: 'partner', email: 'partner@amani.example', name: 'Amani Partner Admin', roles: ['partner'], organizationId: 'amani-youth' },
  { subject: '9a0e4f52-0005-4c1e-9a51-000000000005', username: 'partner-member', email: 'member@amani.example', name: 'Amani Partner Member', roles: ['partner'], organizationId: 'amani-youth' },
  { subject: '9a0e4f52-0006-4c1e-9a51-000000000006', username: 'partner2', email: 'partner@pwani.example', name: 'Pwani Partner Admin', roles: ['partner'], organizationId: 'pwani-peace' },
  { subject: '9a0e4f52-0007-4c1e-9a51-000000000007', username: 'partner3', email: 'partner@kisumu.example', name: 'Kisumu Partner Admin', roles: ['partner'], organizationId: 'kisumu-dialogue' },
  { subject: '9a0e4f52-0008-4c1e-9a51-000000000008', username: 'auditor', email: 'auditor@csm.example', name: 'Independent Auditor', roles: ['auditor'] },
  // A donor liaison's org_id names the receiving body it acts for (as recommendations name it: ReceivingBody.id).
  { subject: '9a0e4f52-0009-4c1e-9a51-000000000009', username: 'donor', email: 'donor@csm.example', name: 'Donor Liaison (GCERF)', roles: ['donor'], organizationId: 'gcerf' },
  { subject: '9a0e4f52-0010-4c1e-9a51-000000000010', username: 'reviewer2', email: 'reviewer2@csm.example', name: 'Panel Reviewer (civil society)', roles: ['reviewer'] },
  { subject: '9a0e4f52-0011-4c1e-9a51-000000000011', username: 'reviewer3', email: 'reviewer3@csm.example', name: 'Panel Reviewer (county government)', roles: ['reviewer'] },
  // The county plans' approval levels in Mombasa (001), and an officer of another county (Kwale, 002).
  { subject: '9a0e4f52-0013-4c1e-9a51-000000000013', username: 'secretariat', email: 'cef-secretariat@mombasa.example', name: 'Mombasa Forum Secretariat', roles: ['county-secretariat'], countyCode: '001' },
  { subject: '9a0e4f52-0014-4c1e-9a51-000000000014', username: 'cochair', email: 'cef-cochair@mombasa.example', name: 'Mombasa Forum Co-chair', roles: ['county-co-chair'], countyCode: '001' },
  { subject: '9a0e4f52-0015-4c1e-9a51-000000000015', username: 'county2', email: 'county@kwale.example', name: 'Kwale County Officer', roles: ['county-officer'], countyCode: '002' },
  { subject: '9a0e4f52-0012-4c1e-9a51-000000000012', username: 'newcomer', email: 'newcomer@garissa.example', name: 'Garissa Newcomer', roles: ['partner'], organizationId: 'garissa-women-peace' },
];

export interface OidcClient {
  clientId: string;
  /**
   * Confidential clients authenticate with a secret (client_secret_basic or _post) and may use
   * client_credentials; public clients (the portal) have none and rely on PKCE.
   */
  secret?: string;
  /** Compared exactly, as Keycloak does for a URI without a wildcard. */
  redirectUris: string[];
  /** Where RP-initiated logout may send people back to; compared exactly. */
  postLogoutRedirectUris?: string[];
  /** Keycloak's "direct access grants": the password grant (tests, benchmarks, scripts). */
  directAccessGrants: boolean;
  /** Realm roles of the client's service account, in client_credentials tokens. */
  serviceAccountRoles?: string[];
}

/**
 * The portal: public, authorization code + PKCE, direct access grants for tests and the bench.
 * After logout at the issuer it may send people back to its home page (`/` of each callback's origin).
 */
export const portalClient = (redirectUris: string[]): OidcClient => ({
  clientId: 'csm-portal',
  redirectUris,
  postLogoutRedirectUris: [...new Set(redirectUris.map((uri) => new URL('/', uri).href))],
  directAccessGrants: true,
});

export const PORTAL_CLIENT: OidcClient = portalClient(['http://localhost:3000/callback', 'http://127.0.0.1:3000/callback']);

/** The API audience every service checks. */
export const API_AUDIENCE = 'csm-api';

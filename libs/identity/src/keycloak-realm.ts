import { API_AUDIENCE, DEMO_PASSWORD, DEMO_USERS, PORTAL_CLIENT } from './demo-users';
import { DEFAULT_LOGIN_LOCALE, LOGIN_LOCALES, LOGIN_MESSAGES } from './login-messages';
import { ROLES } from './principal';

const attributeMapper = (attribute: string) => ({
  name: attribute,
  protocol: 'openid-connect',
  protocolMapper: 'oidc-usermodel-attribute-mapper',
  consentRequired: false,
  config: {
    'user.attribute': attribute,
    'claim.name': attribute,
    'jsonType.label': 'String',
    'access.token.claim': 'true',
    'id.token.claim': 'true',
    'userinfo.token.claim': 'true',
  },
});

/** Keycloak 24+ keeps only declared attributes; org_id and county_code are declared, admin-editable. */
const userProfile = {
  attributes: [
    { name: 'username', displayName: '${username}', validations: { length: { min: 3, max: 255 } }, permissions: { view: ['admin', 'user'], edit: ['admin'] } },
    { name: 'email', displayName: '${email}', validations: { email: {}, length: { max: 255 } }, permissions: { view: ['admin', 'user'], edit: ['admin', 'user'] } },
    { name: 'firstName', displayName: '${firstName}', permissions: { view: ['admin', 'user'], edit: ['admin', 'user'] } },
    { name: 'lastName', displayName: '${lastName}', permissions: { view: ['admin', 'user'], edit: ['admin', 'user'] } },
    { name: 'org_id', displayName: 'Organisation id', permissions: { view: ['admin', 'user'], edit: ['admin'] } },
    { name: 'county_code', displayName: 'County code', permissions: { view: ['admin', 'user'], edit: ['admin'] } },
  ],
};

/**
 * The portal's callback on any loopback port (a portal under test listens on a free one), with the
 * default one of `npm start` among them. Keycloak has no wildcard for a port alone: `*` ends a
 * prefix, so these admit any path on those loopback origins — acceptable for a demo realm whose
 * users are demo users; production sets its real URIs. `post.logout.redirect.uris: '+'` reuses
 * them for RP-initiated logout.
 */
export const KEYCLOAK_PORTAL_REDIRECT_URIS = ['http://127.0.0.1:*', 'http://localhost:*'];

/**
 * The realm export for Keycloak (k8s/keycloak/realm-csm.json), generated from the same demo users
 * and clients as the embedded issuer so both identity providers issue the same claims.
 * `npm run realm:export` rewrites the file; a unit test fails when it drifts.
 */
export const keycloakRealmExport = () => ({
  realm: 'csm',
  enabled: true,
  displayName: 'Citizen Support Mechanism',
  sslRequired: 'external',
  registrationAllowed: false,
  accessTokenLifespan: 300,
  bruteForceProtected: true,
  // Login pages in English and Kiswahili. Keycloak's themes ship no Kiswahili, so the realm carries
  // it as localization texts (its `messages_sw`), from the same set the embedded issuer renders.
  internationalizationEnabled: true,
  supportedLocales: [...LOGIN_LOCALES],
  defaultLocale: DEFAULT_LOGIN_LOCALE,
  localizationTexts: { sw: { ...LOGIN_MESSAGES.sw } },
  roles: { realm: ROLES.map((name) => ({ name })) },
  clients: [
    {
      clientId: PORTAL_CLIENT.clientId,
      name: 'CSM portal',
      enabled: true,
      publicClient: true,
      standardFlowEnabled: true,
      directAccessGrantsEnabled: PORTAL_CLIENT.directAccessGrants,
      redirectUris: KEYCLOAK_PORTAL_REDIRECT_URIS,
      webOrigins: ['+'],
      attributes: { 'pkce.code.challenge.method': 'S256', 'post.logout.redirect.uris': '+' },
      protocolMappers: [
        {
          name: `${API_AUDIENCE} audience`,
          protocol: 'openid-connect',
          protocolMapper: 'oidc-audience-mapper',
          consentRequired: false,
          config: { 'included.custom.audience': API_AUDIENCE, 'access.token.claim': 'true', 'id.token.claim': 'false' },
        },
        attributeMapper('org_id'),
        attributeMapper('county_code'),
      ],
    },
    { clientId: API_AUDIENCE, name: 'CSM APIs (audience only)', enabled: true, bearerOnly: true, publicClient: false },
  ],
  users: DEMO_USERS.map((user) => {
    const [firstName, ...rest] = user.name.split(' ');
    return {
      username: user.username,
      enabled: true,
      email: user.email,
      emailVerified: true,
      firstName,
      lastName: rest.join(' ') || firstName,
      credentials: [{ type: 'password', value: DEMO_PASSWORD, temporary: false }],
      realmRoles: user.roles,
      requiredActions: [],
      attributes: {
        ...(user.organizationId ? { org_id: [user.organizationId] } : {}),
        ...(user.countyCode ? { county_code: [user.countyCode] } : {}),
      },
    };
  }),
  components: {
    'org.keycloak.userprofile.UserProfileProvider': [
      { providerId: 'declarative-user-profile', subComponents: {}, config: { 'kc.user.profile.config': [JSON.stringify(userProfile)] } },
    ],
  },
});

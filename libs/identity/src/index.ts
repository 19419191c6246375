export * from './principal';
export * from './token-verifier';
export * from './express-auth';
export * from './demo-users';
export * from './embedded-issuer';
export type { KeycloakAccessTokenClaims } from './keycloak-claims';
export * from './keycloak-realm';
export { LOGIN_LOCALES, LOGIN_MESSAGES, DEFAULT_LOGIN_LOCALE, type LoginLocale, type LoginMessageKey } from './login-messages';

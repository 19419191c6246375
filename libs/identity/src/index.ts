export * from './principal';
export * from './token-verifier';
export * from './express-auth';
export * from './demo-users';
export * from './embedded-issuer';
export * from './keycloak-realm';

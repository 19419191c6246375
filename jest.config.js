// Four rings, chosen by file name: *.unit.spec.ts (no I/O, seconds), *.int.spec.ts (embedded
// adapters, HTTP, child processes), *.e2e.spec.ts (real Kafka/Keycloak/Mongo-wire servers),
// *.browser.spec.ts (the portal in Debian's Chromium; skipped, saying so, when it is absent).
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias.replace('/', '\\/')}$`,
    `<rootDir>/${target}`,
  ]),
);

const ring = (name, timeout) => ({
  displayName: name,
  testMatch: [`<rootDir>/**/test/**/*.${name}.spec.ts`],
  testPathIgnorePatterns: ['/node_modules/', '/.cache/'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }],
    // openid-client v6 and its dependencies ship ES modules only; jest on Node 20 loads CommonJS.
    '^.+\\.m?js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  // The OTLP exporter loads `http` with a dynamic import(), which jest's VM refuses: compiled to require().
  transformIgnorePatterns: ['^(?!.*/node_modules/(openid-client|oauth4webapi|@opentelemetry/otlp-exporter-base)/).*/node_modules/'],
  moduleNameMapper,
  testEnvironment: 'node',
  ...(timeout ? { testTimeout: timeout } : {}),
});

module.exports = {
  // Real servers not given in the environment are started as containers where an engine exists.
  globalSetup: '<rootDir>/libs/testkit/jest-global-setup.cjs',
  globalTeardown: '<rootDir>/libs/testkit/jest-global-teardown.cjs',
  projects: [ring('unit'), ring('int'), ring('e2e'), ring('browser', 60_000)],
};

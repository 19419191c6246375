export * from './services';
export * from './private-kafka';
export * from './organization-builders';
export * from './proposal-path';
export * from './call-builders';
export * from './openapi-conformance';
export * from './private-ferretdb';
export * from './county-plan-builders';

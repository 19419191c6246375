export * from './embedded-platform';
export * from './api-client';

export * from './problem';
export * from './routes';
export * from './openapi';
export * from './command-request';
export * from './service-app';
export * from './security-headers';
export * from './error-middleware';
export * from './read-your-writes';

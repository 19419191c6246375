export * from './read-models.port';
export * from './embedded-read-models';

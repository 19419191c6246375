export * from './read-models.port';
export * from './embedded-read-models';
export * from './mongo-read-models';

export * from './services';
export * from './private-kafka';

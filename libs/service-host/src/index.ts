export * from './serve-context';
export * from './kafka-settings';

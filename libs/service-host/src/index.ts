export * from './serve-context';

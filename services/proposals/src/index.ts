export * from './domain/call';
export * from './domain/call.decider';

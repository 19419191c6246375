export * from './given-when-then';
export * from './in-memory-event-store';
export * from './event-builders';
export * from './event-store.contract';
export * from './checkpoint-store.contract';
export * from './subscription.contract';
export * from './subject-key-store.contract';
export * from './partition-checkpoint-store.contract';

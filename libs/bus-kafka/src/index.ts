export * from './envelope-codec';
export * from './kafka-config';
export * from './topic-routing';
export * from './kafka-relay';
export * from './kafka-subscription';
export * from './dead-letters';
export * from './relay-lease';

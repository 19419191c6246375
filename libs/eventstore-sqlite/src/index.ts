export * from './sqlite-event-store';
export * from './sqlite-subject-key-store';

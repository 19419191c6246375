export * from './reference/counties';
export * from './reference/pillars';
export * from './registration/profile';
export * from './registration/events';
export * from './registration/commands';
export * from './topics';
export * from './proposals/call';
export * from './proposals/proposal';

export * from './domain/call';
export * from './domain/call.decider';
export * from './proposals-service';
export * from './projections/calls.projection';
export * from './projections/clarifications.projection';
export * from './projections/verified-organizations.projection';
export * from './projections/proposals.projection';
export * from './main';

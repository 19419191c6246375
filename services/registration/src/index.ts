export * from './registration-service';
export * from './domain/organization';
export * from './domain/organization.decider';
export * from './projections/organizations.projection';
export * from './projections/directory.projection';
export * from './main';

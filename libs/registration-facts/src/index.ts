export * from './organizations.projection';

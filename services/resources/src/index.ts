export * from './resources-service';
export * from './main';
export * from './domain/resource';
export { resourceDecider } from './domain/resource.decider';
export * from './projections/library-items.projection';
export * from './search/library-search';
export { embeddedLibrarySearch } from './search/embedded-library-search';
export { mongoTextLibrarySearch } from './search/mongo-text-library-search';
export { libraryAtomFeed } from './feed/atom-feed';

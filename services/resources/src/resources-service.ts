import { startEmbeddedContext, type CheckpointStore, type Projection, type ProjectionProgress } from '@csm/eventing';
import type { ReadModels } from '@csm/readmodels';
import { createContextApp, type ContextAppDeps } from '@csm/http';
import { libraryRoutes } from './http/library.routes';
import { feedRoutes } from './http/feed.routes';
import { libraryItemsProjection, LIBRARY_ITEMS } from './projections/library-items.projection';
import { organizationsProjection, ORGANIZATIONS } from './projections/organizations.projection';
import { embeddedLibrarySearch } from './search/embedded-library-search';
import type { LibrarySearch } from './search/library-search';

/** `organizationsProjection` reads registration's events (this context's copy of the facts it needs); the other this context's. */
export const RESOURCES_PROJECTIONS: readonly Projection[] = [libraryItemsProjection, organizationsProjection];

/** Every read model the projections above write: what a replay must rebuild identically. */
export const RESOURCES_COLLECTIONS = [LIBRARY_ITEMS, ORGANIZATIONS] as const;

export interface ResourcesAppOptions extends ContextAppDeps {
  readModels: ReadModels;
  /** How far the projections behind the reads have got (read-your-writes), wherever they run. */
  projections: ProjectionProgress;
  /** The library's search port; the embedded index over `readModels` when not given. */
  search?: LibrarySearch;
}

export const createResourcesApp = (options: ResourcesAppOptions) =>
  createContextApp(options, {
    serviceName: 'resources',
    routes: (o) => {
      const deps = { ...o, search: o.search ?? embeddedLibrarySearch(o.readModels) };
      return [...libraryRoutes(deps), ...feedRoutes(deps)];
    },
  });

/** Embedded composition: the projections over the one log, the minisearch index over the in-process read models. */
export const startEmbeddedResources = (options: Omit<ResourcesAppOptions, 'projections' | 'subscriptions'> & { checkpoints: CheckpointStore }) =>
  startEmbeddedContext(RESOURCES_PROJECTIONS, { store: options.store, contracts: options.contracts, checkpoints: options.checkpoints, readModels: options.readModels }, (wiring) =>
    createResourcesApp({ ...options, ...wiring }),
  );

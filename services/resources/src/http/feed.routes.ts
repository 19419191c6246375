import { z } from 'zod';
import { route, serviceNow, waitForPosition, type RouteSpec } from '@csm/http';
import { FEED_SIZE, libraryAtomFeed } from '../feed/atom-feed';
import { LIBRARY_ITEMS, type LibraryItemView } from '../projections/library-items.projection';
import { HIDDEN, ReadQuery } from './library-access';
import type { ResourcesDeps } from './library.routes';

/** The Atom feed of newly published items, for the global community of practice to follow. */
export const feedRoutes = (deps: ResourcesDeps): RouteSpec<any, any>[] => [
  route({
    method: 'get',
    path: '/feed.atom',
    summary: `The newest published items (up to ${FEED_SIZE}), as an Atom 1.0 feed (RFC 4287)`,
    access: 'public',
    query: ReadQuery,
    success: { status: 200, description: 'An Atom feed, newest publication first', body: z.string(), mediaType: 'application/atom+xml' },
    handler: async ({ req, res, query }) => {
      await waitForPosition(deps.projections, query.minPosition);
      const published = await deps.readModels.collection<LibraryItemView>(LIBRARY_ITEMS).find({ status: 'published' }, { projection: HIDDEN });
      published.sort((a, b) => b.published!.publishedAt!.localeCompare(a.published!.publishedAt!) || a.resourceId.localeCompare(b.resourceId));
      const base = `${req.protocol}://${req.get('host')}`;
      const xml = libraryAtomFeed(published.slice(0, FEED_SIZE), { selfUrl: `${base}/feed.atom`, itemUrl: (id) => `${base}/resources/${id}`, now: serviceNow(req).toISOString() });
      res.type('application/atom+xml; charset=utf-8').send(xml);
    },
  }),
];

import MiniSearch from 'minisearch';
import type { ReadModels } from '@csm/readmodels';
import type { LibraryQuery } from '@csm/contracts';
import { LIBRARY_ITEMS, type LibraryItemView } from '../projections/library-items.projection';
import { newestFirst, publishedFilter, SEARCH_WEIGHTS, type LibrarySearch } from './library-search';

/** Lower case without accents, so "Mzazi" and "mzazí" are one word (MongoDB's text index folds them too). */
const fold = (term: string): string => term.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * The embedded adapter: the filters on the read models, then the words ranked by an in-memory
 * index (`minisearch`) of the items that passed them. Built per query from the read model, so it
 * is never out of step with the projection and a replay rebuilds nothing of its own.
 */
export const embeddedLibrarySearch = (readModels: ReadModels): LibrarySearch => ({
  search: async (query: LibraryQuery) => {
    const found = await readModels.collection<LibraryItemView>(LIBRARY_ITEMS).find(publishedFilter(query), { projection: { _applied: 0 } });
    const words = query.q?.trim();
    if (!words) return found.sort(newestFirst);
    const index = new MiniSearch<{ id: string; title: string; summary: string; body: string }>({
      fields: ['title', 'summary', 'body'],
      processTerm: (term) => fold(term),
      searchOptions: { boost: { title: SEARCH_WEIGHTS.title, summary: SEARCH_WEIGHTS.summary, body: SEARCH_WEIGHTS.body }, combineWith: 'OR' },
    });
    index.addAll(found.map((item) => ({ id: item.resourceId, title: item.published!.title, summary: item.published!.summary, body: item.published!.body ?? '' })));
    const byId = new Map(found.map((item) => [item.resourceId, item]));
    return index.search(words).map((hit) => byId.get(hit.id as string)!);
  },
});

import type { Db } from 'mongodb';
import type { LibraryQuery } from '@csm/contracts';
import { LIBRARY_ITEMS, type LibraryItemView } from '../projections/library-items.projection';
import { newestFirst, publishedFilter, SEARCH_WEIGHTS, type LibrarySearch } from './library-search';

/**
 * The production adapter: a MongoDB text index over the published version's title, summary and
 * body of the read model the projection writes. `default_language: 'none'` (no stemming, no stop
 * words: English is not favoured over Kiswahili, which MongoDB has no stemmer for), and the
 * language override pointed away from the items' own `language` field (`sw` is not a language
 * MongoDB's text search knows, so it would refuse the document).
 */
export const mongoTextLibrarySearch = async (db: Db): Promise<LibrarySearch> => {
  const collection = db.collection<LibraryItemView>(LIBRARY_ITEMS);
  await collection.createIndex(
    { 'published.title': 'text', 'published.summary': 'text', 'published.body': 'text' },
    {
      name: 'library_text',
      default_language: 'none',
      language_override: 'textSearchLanguage',
      weights: { 'published.title': SEARCH_WEIGHTS.title, 'published.summary': SEARCH_WEIGHTS.summary, 'published.body': SEARCH_WEIGHTS.body },
    },
  );
  return {
    search: async (query: LibraryQuery) => {
      const filter = publishedFilter(query);
      const words = query.q?.trim();
      if (!words) return (await collection.find(filter, { projection: { _applied: 0 } }).toArray()).sort(newestFirst) as LibraryItemView[];
      const found = await collection
        .find({ ...filter, $text: { $search: words } }, { projection: { _applied: 0, score: { $meta: 'textScore' } } })
        .sort({ score: { $meta: 'textScore' }, _id: 1 })
        .toArray();
      return found.map(({ score: _score, ...item }) => item as unknown as LibraryItemView);
    },
  };
};

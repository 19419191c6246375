import type { LibraryQuery } from '@csm/contracts';
import type { LibraryItemView } from '../projections/library-items.projection';

/**
 * The search port of the library: published items only, words in any language (English and
 * Kiswahili alike: whole words, case and accents folded, no stemming, so neither language is
 * favoured), and filters that must all hold. Results: best match first (title above summary
 * above body); without words, newest publication first. Every adapter passes
 * `describeLibrarySearchContract` (test/library-search.contract.ts).
 */
export interface LibrarySearch {
  search(query: LibraryQuery): Promise<LibraryItemView[]>;
}

/** The filters as one read-model query on the published version (both adapters share it). */
export const publishedFilter = (query: LibraryQuery): Record<string, unknown> => {
  const filter: Record<string, unknown> = { status: 'published' };
  if (query.pillar) filter['published.pillars'] = query.pillar;
  if (query.county) filter['published.counties'] = query.county;
  if (query.audience) filter['published.audiences'] = query.audience;
  if (query.type) filter['published.type'] = query.type;
  if (query.language) filter['published.language'] = query.language;
  return filter;
};

export const newestFirst = (a: LibraryItemView, b: LibraryItemView): number =>
  (b.published?.publishedAt ?? '').localeCompare(a.published?.publishedAt ?? '') || a.resourceId.localeCompare(b.resourceId);

/** Field weights both adapters rank by. */
export const SEARCH_WEIGHTS = { title: 10, summary: 5, body: 1 } as const;

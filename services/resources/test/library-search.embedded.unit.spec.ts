import { EmbeddedReadModels } from '@csm/readmodels';
import { embeddedLibrarySearch } from '../src/search/embedded-library-search';
import { LIBRARY_ITEMS, type LibraryItemView } from '../src/projections/library-items.projection';
import { describeLibrarySearchContract } from './library-search.contract';

describeLibrarySearchContract('embedded (minisearch over the in-process read models)', async () => {
  const readModels = new EmbeddedReadModels();
  return {
    search: embeddedLibrarySearch(readModels),
    put: async (items: LibraryItemView[]) => {
      for (const item of items) await readModels.collection<LibraryItemView>(LIBRARY_ITEMS).replaceOne({ _id: item._id }, item, { upsert: true });
    },
    close: async () => undefined,
  };
});

import type { LibrarySearch } from '../src/search/library-search';
import type { LibraryItemView } from '../src/projections/library-items.projection';
import { aLibraryItem } from './builders';

export interface LibrarySearchUnderTest {
  search: LibrarySearch;
  /** Writes read-model documents as the projection would. */
  put(items: LibraryItemView[]): Promise<void>;
  close(): Promise<void>;
}

const anItemView = (resourceId: string, status: LibraryItemView['status'], publishedAt: string, content: Record<string, unknown>): LibraryItemView => {
  const version = { ...(aLibraryItem(content) as never as LibraryItemView['published'] & object), itemVersion: 1, submittedAt: publishedAt };
  return {
    _id: resourceId,
    resourceId,
    status,
    submittedBy: { subject: 'partner-1', organizationId: 'amani-youth', role: 'partner' },
    ...(status === 'published' ? { published: { ...version, publishedAt }, firstPublishedAt: publishedAt } : { pending: { ...version, stage: 'in-review' as const } }),
    submittedAt: publishedAt,
    updatedAt: publishedAt,
    streamRevision: 1,
  } as LibraryItemView;
};

const ITEMS = [
  anItemView('parents-guide-en', 'published', '2026-03-01T10:00:00.000Z', { title: 'A guide for parents and relatives', summary: 'How families can listen and find help early.', audiences: ['families'], counties: ['001'] }),
  anItemView('mwongozo-wa-wazazi', 'published', '2026-03-02T10:00:00.000Z', {
    title: 'Mwongozo kwa mzazi na jamaa',
    summary: 'Jinsi familia inavyoweza kusikiliza na kupata msaada mapema.',
    body: 'Sikiliza kwanza. Uliza maswali kuhusu marafiki na vikundi vya mtandaoni.',
    language: 'sw',
    audiences: ['families'],
    counties: ['002'],
  }),
  anItemView('teachers-toolkit', 'published', '2026-03-03T10:00:00.000Z', {
    type: 'tool',
    title: 'Classroom toolkit on critical thinking',
    summary: 'Lessons that help teachers discuss online propaganda with pupils.',
    body: 'Ten lessons. The guide for parents is a companion to it.',
    pillars: ['education'],
    audiences: ['teachers'],
    counties: [],
  }),
  anItemView('draft-guide', 'in-review', '2026-03-04T10:00:00.000Z', { title: 'An unpublished guide for parents' }),
  anItemView('retired-guide', 'retired', '2026-03-05T10:00:00.000Z', { title: 'A retired guide for parents' }),
];
// A retired item keeps its last published version in the read model; it must still never be found.
ITEMS[4] = { ...ITEMS[4]!, published: { ...ITEMS[0]!.published!, title: 'A retired guide for parents' } } as LibraryItemView;

const ids = (items: LibraryItemView[]) => items.map((i) => i.resourceId);

/** The one contract every library search adapter passes (ARCHITECTURE §3). */
export const describeLibrarySearchContract = (name: string, make: () => Promise<LibrarySearchUnderTest>) => {
  describe(`library search contract: ${name}`, () => {
    let under: LibrarySearchUnderTest;
    beforeAll(async () => {
      under = await make();
      await under.put(ITEMS);
    });
    afterAll(async () => under?.close());

    it('finds published items by a word in English, best match (title) first', async () => {
      expect(ids(await under.search.search({ q: 'parents' }))).toEqual(['parents-guide-en', 'teachers-toolkit']);
    });

    it('finds published items by a word in Kiswahili, whatever its case', async () => {
      expect(ids(await under.search.search({ q: 'mzazi' }))).toEqual(['mwongozo-wa-wazazi']);
      expect(ids(await under.search.search({ q: 'MSAADA' }))).toEqual(['mwongozo-wa-wazazi']);
    });

    it('never finds an item under review or retired', async () => {
      expect(ids(await under.search.search({ q: 'unpublished' }))).toEqual([]);
      expect(ids(await under.search.search({ q: 'retired' }))).toEqual([]);
      expect(ids(await under.search.search({}))).not.toContain('retired-guide');
    });

    it('lists every published item newest first without words', async () => {
      expect(ids(await under.search.search({}))).toEqual(['teachers-toolkit', 'mwongozo-wa-wazazi', 'parents-guide-en']);
    });

    it('narrows by language, audience, county, pillar and type, together with words', async () => {
      expect(ids(await under.search.search({ language: 'sw' }))).toEqual(['mwongozo-wa-wazazi']);
      expect(ids(await under.search.search({ audience: 'teachers' }))).toEqual(['teachers-toolkit']);
      expect(ids(await under.search.search({ county: '001' }))).toEqual(['parents-guide-en']);
      expect(ids(await under.search.search({ pillar: 'education' }))).toEqual(['teachers-toolkit']);
      expect(ids(await under.search.search({ type: 'tool', q: 'parents' }))).toEqual(['teachers-toolkit']);
      expect(ids(await under.search.search({ language: 'en', q: 'mzazi' }))).toEqual([]);
    });

    it('finds nothing for a word no item uses', async () => {
      expect(await under.search.search({ q: 'zebra' })).toEqual([]);
    });
  });
};

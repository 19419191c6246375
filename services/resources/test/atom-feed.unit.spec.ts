import { convert, create } from 'xmlbuilder2';
import { libraryAtomFeed } from '../src/feed/atom-feed';
import type { LibraryItemView } from '../src/projections/library-items.projection';
import { aLibraryItem } from './builders';

const published = (resourceId: string, publishedAt: string, content: Record<string, unknown> = {}): LibraryItemView =>
  ({
    _id: resourceId,
    resourceId,
    status: 'published',
    submittedBy: { subject: 's', role: 'county-officer' },
    published: { ...aLibraryItem(content), itemVersion: 2, submittedAt: publishedAt, publishedAt },
    firstPublishedAt: '2026-01-01T00:00:00.000Z',
    submittedAt: publishedAt,
    updatedAt: publishedAt,
    streamRevision: 3,
  }) as LibraryItemView;

/** The DOM xmlbuilder2 parses into (the project's TypeScript has no DOM library). */
interface DomElement {
  textContent: string | null;
  getAttribute(name: string): string | null;
  getElementsByTagName(name: string): ArrayLike<DomElement> & Iterable<DomElement>;
}

const options = { selfUrl: 'https://resources.example/feed.atom', itemUrl: (id: string) => `https://resources.example/resources/${id}`, now: '2026-04-01T00:00:00.000Z' };

describe('the library Atom feed', () => {
  it('is Atom 1.0 with one entry per item, its language, categories and escapes kept', () => {
    const xml = libraryAtomFeed(
      [
        published('mwongozo', '2026-03-02T10:00:00.000Z', { language: 'sw', title: 'Mwongozo <kwa> wazazi & jamaa' }),
        published('a-link', '2026-03-01T10:00:00.000Z', { type: 'link', link: 'https://example.org/global-guide?a=1&b=2', body: undefined }),
      ],
      options,
    );
    const feed = (convert(xml, { format: 'object' }) as any).feed;
    expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed.updated).toBe('2026-03-02T10:00:00.000Z');
    const [first, second] = feed.entry;
    // The object form keeps entities as written; the DOM decodes them, as a feed reader does.
    const root = create(xml).root().node as unknown as DomElement;
    const firstTitle = root.getElementsByTagName('entry')[0]!.getElementsByTagName('title')[0]!.textContent;
    expect({ id: first.id, lang: first['@xml:lang'], title: firstTitle, published: first.published, updated: first.updated }).toEqual({
      id: 'tag:csm.go.ke,2026:resource/mwongozo',
      lang: 'sw',
      title: 'Mwongozo <kwa> wazazi & jamaa',
      published: '2026-01-01T00:00:00.000Z',
      updated: '2026-03-02T10:00:00.000Z',
    });
    expect(first.category.map((c: Record<string, string>) => c['@term'])).toEqual(['type:guide', 'pillar:psychosocial', 'audience:families', 'county:001']);
    expect(second.link).toHaveLength(2);
    const links = [...root.getElementsByTagName('entry')[1]!.getElementsByTagName('link')].map((l) => [l.getAttribute('rel'), l.getAttribute('href')]);
    expect(links).toEqual([
      ['alternate', 'https://resources.example/resources/a-link'],
      ['related', 'https://example.org/global-guide?a=1&b=2'],
    ]);
  });

  it('is a valid empty feed before anything is published', () => {
    const feed = (convert(libraryAtomFeed([], options), { format: 'object' }) as any).feed;
    expect({ updated: feed.updated, entry: feed.entry }).toEqual({ updated: '2026-04-01T00:00:00.000Z', entry: undefined });
  });
});

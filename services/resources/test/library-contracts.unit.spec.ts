import { LibraryQuery, ResourceContent, ResourceEvent, eventCatalog } from '@csm/contracts';
import { aLibraryItem } from './builders';

const pathsOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => (result.error?.issues ?? []).map((i) => i.path.join('.')).sort();

describe('library contracts', () => {
  it('takes an item in English, Kiswahili or another ISO 639-1 language', () => {
    for (const language of ['en', 'sw', 'so']) expect(ResourceContent.safeParse(aLibraryItem({ language })).success).toBe(true);
    expect(pathsOf(ResourceContent.safeParse(aLibraryItem({ language: 'kiswahili' })))).toEqual(['language']);
  });

  it('needs a body or a link, and a link item its https address', () => {
    expect(pathsOf(ResourceContent.safeParse(aLibraryItem({ body: undefined })))).toEqual(['body']);
    expect(pathsOf(ResourceContent.safeParse(aLibraryItem({ type: 'link', body: undefined })))).toEqual(['body', 'link']);
    expect(pathsOf(ResourceContent.safeParse(aLibraryItem({ type: 'link', body: undefined, link: 'http://example.org/guide' })))).toEqual(['link']);
    expect(ResourceContent.safeParse(aLibraryItem({ type: 'link', body: undefined, link: 'https://example.org/guide' })).success).toBe(true);
  });

  it('refuses unknown types, audiences and pillars, and a value listed twice', () => {
    expect(pathsOf(ResourceContent.safeParse(aLibraryItem({ type: 'video', audiences: ['everyone'], pillars: [] })))).toEqual(['audiences.0', 'pillars', 'type']);
    expect(pathsOf(ResourceContent.safeParse(aLibraryItem({ counties: ['001', '001'] })))).toEqual(['counties.1']);
  });

  it('keeps every library event in the event catalog', () => {
    const types = new Set(eventCatalog({ forUsername: (u: string) => u } as never).schemas.map((s) => (s.shape.type as { value: string }).value));
    for (const option of ResourceEvent.options) expect(types.has(option.shape.type.value)).toBe(true);
  });

  it('filters search by the published vocabularies only', () => {
    expect(LibraryQuery.safeParse({ q: 'mzazi', language: 'sw', audience: 'families', type: 'guide', county: '001', pillar: 'psychosocial' }).success).toBe(true);
    expect(pathsOf(LibraryQuery.safeParse({ audience: 'everyone', county: '100' }))).toEqual(['audience', 'county']);
  });
});

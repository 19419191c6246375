import { create } from 'xmlbuilder2';
import type { LibraryItemView } from '../projections/library-items.projection';

/** How many of the newest publications the feed carries. */
export const FEED_SIZE = 50;

/** A stable Atom id per item (RFC 4151 tag URI): a new version updates the entry, never adds a second one. */
export const entryId = (resourceId: string): string => `tag:csm.go.ke,2026:resource/${resourceId}`;

export interface AtomFeedOptions {
  /** This feed's own URL (`rel="self"`). */
  selfUrl: string;
  /** Where an item is read (`rel="alternate"`): its public URL by id. */
  itemUrl: (resourceId: string) => string;
  /** When the feed is generated, for an empty feed's `updated`. */
  now: string;
}

/**
 * The library's newly published items as an Atom 1.0 feed (RFC 4287), built with xmlbuilder2 so
 * every escape is the library's: newest publication first, one entry per item (its published
 * version), its summary as plain text, its language in `xml:lang`, pillars, audiences and type as
 * categories, and a link item's address as a `related` link.
 */
export const libraryAtomFeed = (items: readonly LibraryItemView[], options: AtomFeedOptions): string => {
  const published = items.filter((item) => item.published !== undefined);
  const feed = create({ version: '1.0', encoding: 'UTF-8' }).ele('http://www.w3.org/2005/Atom', 'feed');
  feed.ele('id').txt('tag:csm.go.ke,2026:library');
  feed.ele('title').txt('CSM library: newly published resources');
  feed.ele('subtitle').txt('Guides, tools, research, policy and training material on preventing violent extremism in Kenya, reviewed by the NCTC.');
  feed.ele('updated').txt(published[0]?.published!.publishedAt ?? options.now);
  feed.ele('author').ele('name').txt('National Counter Terrorism Centre (NCTC), Citizen Support Mechanism');
  feed.ele('link', { rel: 'self', type: 'application/atom+xml', href: options.selfUrl });
  for (const item of published) {
    const version = item.published!;
    const entry = feed.ele('entry', { 'xml:lang': version.language });
    entry.ele('id').txt(entryId(item.resourceId));
    entry.ele('title', { type: 'text' }).txt(version.title);
    entry.ele('updated').txt(version.publishedAt!);
    entry.ele('published').txt(item.firstPublishedAt ?? version.publishedAt!);
    entry.ele('author').ele('name').txt(version.source);
    entry.ele('summary', { type: 'text' }).txt(version.summary);
    entry.ele('rights').txt(version.licence);
    entry.ele('link', { rel: 'alternate', type: 'application/json', href: options.itemUrl(item.resourceId) });
    if (version.link) entry.ele('link', { rel: 'related', href: version.link });
    entry.ele('category', { term: `type:${version.type}` });
    for (const pillar of version.pillars) entry.ele('category', { term: `pillar:${pillar}` });
    for (const audience of version.audiences) entry.ele('category', { term: `audience:${audience}` });
    for (const county of version.counties) entry.ele('category', { term: `county:${county}` });
  }
  return feed.end({ prettyPrint: true });
};

import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { loadCountyShapes } from '@csm/portal';
import type { EmbeddedPlatform } from '../../src';
import { startSeededPlatform } from './seeded-platform';

jest.setTimeout(90_000);

/**
 * The map of who does what where without a browser, on `npm start`'s demo data: the SVG of the
 * 47 counties (tiles), the same figures as a table, filters, the CSV passed on; and the same page
 * drawing the operator's boundaries from a small GeoJSON of squares.
 */
let platform: EmbeddedPlatform;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ platform, stop } = await startSeededPlatform());
});
afterAll(async () => stop?.());

const page = async (path: string, on = platform, language = 'en') => {
  const response = await fetch(`${on.urls.portal}${path}`, { redirect: 'manual', headers: { cookie: `csm_lang=${language}` } });
  return { status: response.status, headers: response.headers, html: await response.text() };
};
const svgOf = (html: string) => html.slice(html.indexOf('<svg viewBox'), html.indexOf('</svg>', html.indexOf('<svg viewBox')));
const tableOf = (html: string) => html.slice(html.indexOf('<table'), html.indexOf('</table>'));
const rowOf = (html: string, code: string) => {
  const table = tableOf(html);
  const start = table.indexOf(`<a href="/counties/${code}">`);
  return table.slice(start, table.indexOf('</tr>', start)).replace(/\s+/g, ' ');
};

describe('the map page', () => {
  it('draws the 47 counties as linked tiles with their figures, and the same figures in a table', async () => {
    const map = await page('/map');
    expect(map.status).toBe(200);
    expect(map.html).toContain('<h1>Who does what where</h1>');
    const svg = svgOf(map.html);
    expect([...svg.matchAll(/<a href="\/counties\/(\d{3})" aria-label="[^"]+">/g)]).toHaveLength(47);
    expect([...svg.matchAll(/<rect x=/g)]).toHaveLength(47);
    expect(svg).toContain('<title>Mombasa (001): Actors 2</title>');
    expect([...tableOf(map.html).matchAll(/<th scope="row"><a href="\/counties\/\d{3}">/g)]).toHaveLength(47);
    // Amani (verified) and the plan's interfaith council act in Mombasa; the sensitive fisheries action is only counted.
    expect(rowOf(map.html, '001')).toBe('<a href="/counties/001">Mombasa</a></th> <td>2</td> <td>2</td> <td>Fewer than 3</td> ');
    expect(rowOf(map.html, '040')).toBe('<a href="/counties/040">Busia</a></th> <td>0</td> <td>0</td> <td>0</td> ');
    expect(map.html).not.toMatch(/fisheries|Pwani/i);
    expect(map.html).toContain('<a href="/map/who-does-what-where.csv" download>');
  });

  it('filters with a plain GET form, keeps the choices, and says when a quarter is not one', async () => {
    const filtered = await page('/map?kind=organisation&measure=activities&pillar=&orgType=faith-based');
    expect(filtered.html).toContain('<option value="organisation" selected>');
    expect(filtered.html).toContain('<option value="activities" selected>');
    expect(filtered.html).toContain('<option value="faith-based" selected>');
    expect(filtered.html).toContain('<a href="/map/who-does-what-where.csv?orgType=faith-based&amp;kind=organisation&amp;measure=activities" download>');
    expect(rowOf(filtered.html, '042')).toBe('<a href="/counties/042">Kisumu</a></th> <td>1</td> <td>0</td> <td>0</td> ');
    expect(rowOf(filtered.html, '001')).toBe('<a href="/counties/001">Mombasa</a></th> <td>0</td> <td>0</td> <td>0</td> ');
    const wrong = await page('/map?period=2026-Q9');
    expect(wrong.status).toBe(200);
    expect(wrong.html).toContain('<li><a href="#filter-period">Enter a quarter as year and quarter, for example 2026-Q1</a></li>');
    expect(wrong.html).toContain('value="2026-Q9"');
  });

  it('passes on the HXL CSV with the same filters', async () => {
    const csv = await page('/map/who-does-what-where.csv?kind=organisation&orgType=faith-based');
    expect({ status: csv.status, type: csv.headers.get('content-type'), disposition: csv.headers.get('content-disposition') }).toEqual({
      status: 200,
      type: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename=who-does-what-where.csv',
    });
    const records: string[][] = parse(csv.html);
    expect(records[1]!.slice(0, 3)).toEqual(['#org', '#org+type', '#sector']);
    expect(records.slice(2).map((r) => `${r[0]} ${r[4]}`)).toEqual(['Kisumu Interfaith Dialogue 042', 'Kisumu Interfaith Dialogue 047']);
  });

  it('speaks Kiswahili', async () => {
    const map = await page('/map', platform, 'sw');
    expect(map.html).toContain('<h1>Nani anafanya nini wapi</h1>');
    expect(svgOf(map.html)).toContain('<title>Mombasa (001): Wahusika 2</title>');
    expect(rowOf(map.html, '001')).toContain('<td>Chini ya 3</td>');
  });

  it('draws the boundaries of the operator’s GeoJSON instead of tiles', async () => {
    const shaped = await startSeededPlatform({ countyShapes: loadCountyShapes(join(__dirname, '../../../portal/test/fixtures/county-squares.geojson'), 'county_code') });
    try {
      const map = await page('/map', shaped.platform);
      const svg = svgOf(map.html);
      expect([...svg.matchAll(/<a href="\/counties\/(\d{3})"/g)].map((m) => m[1])).toEqual(['001', '002', '042']);
      expect(svg).not.toContain('<rect');
      expect([...svg.matchAll(/<path d="M[\d.,LMZ]+"/g)]).toHaveLength(3);
      expect(svg).toMatch(/^<svg viewBox="0 0 360 \d+"/);
      // The table still lists every county.
      expect([...tableOf(map.html).matchAll(/<th scope="row">/g)]).toHaveLength(47);
    } finally {
      await shaped.stop();
    }
  });
});

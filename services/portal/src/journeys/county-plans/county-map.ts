import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { COUNTY_CODES } from '@csm/contracts';

/**
 * How the map of the 47 counties is drawn, on the server, as inline SVG: a tile grid (one square
 * per county, placed to follow the country's geography roughly) unless the operator configured a
 * GeoJSON file of county polygons, whose boundaries are then drawn instead. No openly licensed
 * boundary file could be obtained for the project, so the tiles are the default.
 */

/** Column and row of each county's tile: north at the top, Lake Victoria west, the coast south-east, Nairobi centre-south. */
export const TILE_GRID: ReadonlyMap<string, readonly [number, number]> = new Map([
  ['023', [2, 0]], // Turkana
  ['010', [5, 0]], // Marsabit
  ['009', [8, 0]], // Mandera
  ['024', [1, 1]], // West Pokot
  ['025', [4, 1]], // Samburu
  ['011', [5, 1]], // Isiolo
  ['008', [7, 1]], // Wajir
  ['026', [1, 2]], // Trans Nzoia
  ['028', [2, 2]], // Elgeyo-Marakwet
  ['030', [3, 2]], // Baringo
  ['031', [4, 2]], // Laikipia
  ['012', [5, 2]], // Meru
  ['007', [7, 2]], // Garissa
  ['040', [0, 3]], // Busia
  ['039', [1, 3]], // Bungoma
  ['027', [2, 3]], // Uasin Gishu
  ['032', [3, 3]], // Nakuru
  ['018', [4, 3]], // Nyandarua
  ['019', [5, 3]], // Nyeri
  ['013', [6, 3]], // Tharaka-Nithi
  ['041', [0, 4]], // Siaya
  ['037', [1, 4]], // Kakamega
  ['029', [2, 4]], // Nandi
  ['035', [3, 4]], // Kericho
  ['021', [4, 4]], // Murang'a
  ['020', [5, 4]], // Kirinyaga
  ['014', [6, 4]], // Embu
  ['004', [7, 4]], // Tana River
  ['005', [8, 4]], // Lamu
  ['042', [0, 5]], // Kisumu
  ['038', [1, 5]], // Vihiga
  ['036', [3, 5]], // Bomet
  ['022', [4, 5]], // Kiambu
  ['015', [6, 5]], // Kitui
  ['043', [0, 6]], // Homa Bay
  ['045', [1, 6]], // Kisii
  ['046', [2, 6]], // Nyamira
  ['033', [3, 6]], // Narok
  ['047', [4, 6]], // Nairobi
  ['016', [5, 6]], // Machakos
  ['044', [1, 7]], // Migori
  ['034', [4, 7]], // Kajiado
  ['017', [5, 7]], // Makueni
  ['006', [6, 7]], // Taita-Taveta
  ['003', [7, 7]], // Kilifi
  ['002', [6, 8]], // Kwale
  ['001', [7, 8]], // Mombasa
]);

const CELL = 40;
const GAP = 2;
export const TILE_VIEWBOX = { width: 9 * CELL, height: 9 * CELL };
const BOUNDARY_WIDTH = 360;

/**
 * A sequential palette (light to dark blue), and the text colour on each step: black on the
 * light ones, white on the dark ones, each at least 4.5:1 (WCAG AA). No activity: light grey.
 */
export const PALETTE = [
  { fill: '#f0f0f0', text: '#000000' },
  { fill: '#deebf7', text: '#000000' },
  { fill: '#9ecae1', text: '#000000' },
  { fill: '#4292c6', text: '#000000' },
  { fill: '#08519c', text: '#ffffff' },
  { fill: '#08306b', text: '#ffffff' },
] as const;

/** The palette step of `value` on a scale to `max`: 0 for none, then five equal steps. */
export const stepOf = (value: number, max: number): number => (value <= 0 || max <= 0 ? 0 : Math.min(5, Math.ceil((value * 5) / max)));

/** The legend: each step that some whole number falls in, with its range. */
export const legendOf = (max: number): { step: number; from: number; to: number }[] => {
  const steps = [{ step: 0, from: 0, to: 0 }];
  for (let step = 1; step <= 5 && max > 0; step++) {
    const from = Math.floor(((step - 1) * max) / 5) + 1;
    const to = Math.floor((step * max) / 5);
    if (from <= to) steps.push({ step, from, to });
  }
  return steps;
};

/** Boundaries by county code, as SVG path data in the map's viewBox. */
export interface CountyShapes {
  viewBox: { width: number; height: number };
  paths: ReadonlyMap<string, string>;
}

const Position = z.tuple([z.number(), z.number()]).rest(z.number());
const Ring = z.array(Position).min(4);
const Geometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: z.array(Ring).min(1) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(Ring).min(1)).min(1) }),
]);
const FeatureCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(z.object({ type: z.literal('Feature'), properties: z.record(z.string(), z.unknown()), geometry: Geometry })).min(1),
});

/** A county code from a property: `"001"`, `"1"` or `1` all name Mombasa. */
const countyCodeOf = (value: unknown): string | undefined => {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^\d{1,3}$/.test(text)) return undefined;
  const code = text.padStart(3, '0');
  return (COUNTY_CODES as readonly string[]).includes(code) ? code : undefined;
};

/**
 * The county boundaries of a GeoJSON FeatureCollection (Polygon or MultiPolygon features, in
 * longitude/latitude), keyed by the county code in the property `property`; projected
 * equirectangularly (longitude scaled by the cosine of the middle latitude) into a viewBox
 * 360 wide. Throws, naming the problem, on anything else: it is read once, at start.
 */
export const countyShapesFrom = (geojson: unknown, property: string): CountyShapes => {
  const parsed = FeatureCollection.safeParse(geojson);
  if (!parsed.success) throw new Error(`not a FeatureCollection of county polygons: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  const polygons = new Map<string, number[][][][]>();
  parsed.data.features.forEach((feature, i) => {
    const code = countyCodeOf(feature.properties[property]);
    if (!code) throw new Error(`feature ${i}: property "${property}" is not a county code (001 to 047)`);
    if (polygons.has(code)) throw new Error(`feature ${i}: county ${code} appears twice`);
    polygons.set(code, feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates);
  });
  const points = [...polygons.values()].flat(3);
  const [minLon, maxLon] = [Math.min(...points.map((p) => p[0]!)), Math.max(...points.map((p) => p[0]!))];
  const [minLat, maxLat] = [Math.min(...points.map((p) => p[1]!)), Math.max(...points.map((p) => p[1]!))];
  const xScale = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxLon - minLon) * xScale, 1e-9);
  const spanY = Math.max(maxLat - minLat, 1e-9);
  const scale = BOUNDARY_WIDTH / spanX;
  const round = (n: number) => Math.round(n * 10) / 10;
  const point = ([lon, lat]: number[]) => `${round((lon! - minLon) * xScale * scale)},${round((maxLat - lat!) * scale)}`;
  const paths = new Map<string, string>();
  for (const [code, multipolygon] of polygons) {
    paths.set(code, multipolygon.flatMap((polygon) => polygon.map((ring) => `M${ring.map(point).join('L')}Z`)).join(''));
  }
  return { viewBox: { width: BOUNDARY_WIDTH, height: Math.ceil(spanY * scale) }, paths };
};

/** Reads the operator's GeoJSON file (`CSM_COUNTY_GEOJSON`), keyed by `property` (`CSM_COUNTY_GEOJSON_PROPERTY`). */
export const loadCountyShapes = (file: string, property: string): CountyShapes => {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return countyShapesFrom(json, property);
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
};

/** One county as the view draws it: a tile (x, y) or a boundary (d), its colour and its label. */
export interface DrawnCounty {
  countyCode: string;
  countyName: string;
  value: number;
  fill: string;
  text: string;
  tile?: { x: number; y: number; size: number };
  d?: string;
}

export const drawCounties = (
  counties: readonly { countyCode: string; countyName: string; value: number }[],
  shapes: CountyShapes | undefined,
): { viewBox: { width: number; height: number }; counties: DrawnCounty[]; max: number } => {
  const max = Math.max(0, ...counties.map((c) => c.value));
  const drawn = counties.map((c): DrawnCounty => {
    const colours = PALETTE[stepOf(c.value, max)]!;
    const base = { countyCode: c.countyCode, countyName: c.countyName, value: c.value, fill: colours.fill, text: colours.text };
    if (shapes) {
      const d = shapes.paths.get(c.countyCode);
      return d ? { ...base, d } : base;
    }
    const [col, row] = TILE_GRID.get(c.countyCode)!;
    return { ...base, tile: { x: col * CELL + GAP / 2, y: row * CELL + GAP / 2, size: CELL - GAP } };
  });
  return { viewBox: shapes?.viewBox ?? TILE_VIEWBOX, counties: drawn.filter((c) => c.tile || c.d), max };
};

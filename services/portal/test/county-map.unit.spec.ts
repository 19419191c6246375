import { join } from 'node:path';
import { COUNTIES } from '@csm/contracts';
import { countyShapesFrom, drawCounties, legendOf, loadCountyShapes, PALETTE, stepOf, TILE_GRID } from '../src/journeys/county-plans/county-map';

const SQUARES = join(__dirname, 'fixtures', 'county-squares.geojson');
const figures = (values: Record<string, number> = {}) => COUNTIES.map((c) => ({ countyCode: c.code, countyName: c.name, value: values[c.code] ?? 0 }));

describe('the tile grid of the 47 counties', () => {
  it('places every county on its own tile', () => {
    expect([...TILE_GRID.keys()].sort()).toEqual(COUNTIES.map((c) => c.code));
    expect(new Set([...TILE_GRID.values()].map(([col, row]) => `${col},${row}`)).size).toBe(47);
  });

  it('follows the country roughly: Turkana, Marsabit and Mandera north, Mombasa and Kwale on the south-east coast, Busia and Bungoma west, Nairobi centre-south', () => {
    const at = (code: string) => TILE_GRID.get(code)!;
    const [nairobiCol, nairobiRow] = at('047');
    for (const north of ['023', '010', '009']) expect(at(north)[1]).toBe(0);
    for (const coast of ['001', '002']) expect(at(coast)[1]).toBe(8);
    expect(at('001')[0]).toBeGreaterThan(at('002')[0]);
    for (const west of ['040', '039']) expect(at(west)[0]).toBeLessThanOrEqual(1);
    expect(at('040')[0]).toBeLessThan(at('039')[0]);
    expect(nairobiRow).toBeGreaterThanOrEqual(5);
    expect(nairobiCol).toBe(4);
  });
});

describe('colours and legend', () => {
  it('puts none in grey and the rest in five steps up to the largest figure', () => {
    expect([0, 1, 2, 5, 9, 10].map((v) => stepOf(v, 10))).toEqual([0, 1, 1, 3, 5, 5]);
    expect(legendOf(10)).toEqual([
      { step: 0, from: 0, to: 0 },
      { step: 1, from: 1, to: 2 },
      { step: 2, from: 3, to: 4 },
      { step: 3, from: 5, to: 6 },
      { step: 4, from: 7, to: 8 },
      { step: 5, from: 9, to: 10 },
    ]);
    // Steps no whole number falls in are left out of the legend.
    expect(legendOf(2)).toEqual([
      { step: 0, from: 0, to: 0 },
      { step: 3, from: 1, to: 1 },
      { step: 5, from: 2, to: 2 },
    ]);
    expect(legendOf(0)).toEqual([{ step: 0, from: 0, to: 0 }]);
  });

  it('writes the figure on each tile in a colour of at least 4.5:1 against the tile (WCAG AA)', () => {
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    for (const { fill, text } of PALETTE) {
      const [light, dark] = [luminance(fill), luminance(text)].sort((a, b) => b - a);
      expect((light! + 0.05) / (dark! + 0.05)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('draws tiles by default, coloured by the figures', () => {
    const drawing = drawCounties(figures({ '001': 4, '042': 1 }), undefined);
    expect(drawing.counties).toHaveLength(47);
    expect(drawing.counties.find((c) => c.countyCode === '001')).toEqual({ countyCode: '001', countyName: 'Mombasa', value: 4, fill: PALETTE[5].fill, text: PALETTE[5].text, tile: { x: 281, y: 321, size: 38 } });
    expect(drawing.counties.find((c) => c.countyCode === '042')!.fill).toBe(PALETTE[2].fill);
    expect(drawing.counties.find((c) => c.countyCode === '002')!.fill).toBe(PALETTE[0].fill);
  });
});

describe('county boundaries from the operator’s GeoJSON', () => {
  it('projects polygons and multipolygons keyed by county code into the viewBox, west to east and north up', () => {
    const shapes = loadCountyShapes(SQUARES, 'county_code');
    expect([...shapes.paths.keys()].sort()).toEqual(['001', '002', '042']);
    expect(shapes.viewBox.width).toBe(360);
    const scale = 360 / (3 * Math.cos((-3.5 * Math.PI) / 180));
    expect(shapes.viewBox.height).toBe(Math.ceil(scale));
    const [first] = shapes.paths.get('001')!.match(/^M([\d.]+),([\d.]+)/)!.slice(1).map(Number);
    expect(first).toBe(0);
    expect(shapes.paths.get('001')).toMatch(/^M0,\d+(\.\d)?L120,\d+(\.\d)?L120,0L0,0L0,\d+(\.\d)?Z$/);
    expect(shapes.paths.get('002')!.match(/M/g)).toHaveLength(2);
    expect(shapes.paths.get('042')).toMatch(/^M240,/);
    const drawing = drawCounties(figures({ '042': 3 }), shapes);
    expect(drawing.viewBox).toEqual(shapes.viewBox);
    expect(drawing.counties.map((c) => c.countyCode)).toEqual(['001', '002', '042']);
    expect(drawing.counties.every((c) => c.d !== undefined && c.tile === undefined)).toBe(true);
  });

  it('refuses a file that is not county polygons, naming what is wrong', () => {
    const square = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] };
    expect(() => countyShapesFrom({ type: 'Feature' }, 'code')).toThrow(/not a FeatureCollection/);
    expect(() => countyShapesFrom({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: '048' }, geometry: square }] }, 'code')).toThrow('feature 0: property "code" is not a county code (001 to 047)');
    expect(() => countyShapesFrom({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: '001' }, geometry: { type: 'Point', coordinates: [0, 0] } }] }, 'code')).toThrow(/geometry/);
    const twice = { type: 'FeatureCollection', features: [1, 2].map(() => ({ type: 'Feature', properties: { code: '001' }, geometry: square })) };
    expect(() => countyShapesFrom(twice, 'code')).toThrow('feature 1: county 001 appears twice');
    expect(() => loadCountyShapes(join(__dirname, 'fixtures', 'no-such.geojson'), 'code')).toThrow(/no-such\.geojson/);
  });
});

/** The point lookup against the real Essen data (boundaries of the City of Essen, dl-de/by-2-0). */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bboxOf, toMultiPolygon, type AreaGeometry } from './territory.geo';
import { cachedIndex, invalidateIndex, LookupIndex, type AreaShape, type DistrictShape } from './territory.lookup';
import { DATA_DIR } from './territory.seed';

interface F {
  properties: Record<string, any>;
  geometry: AreaGeometry;
}
const read = (f: string) => JSON.parse(fs.readFileSync(path.join(DATA_DIR, f), 'utf8')) as { features: F[] };

let districts: DistrictShape[];
let areas: AreaShape[];
let index: LookupIndex;

beforeAll(() => {
  districts = read('essen_stadtteile.geojson').features.map((f) => ({
    id: `d${f.properties.nummer}`,
    number: f.properties.nummer as number,
    name: f.properties.name as string,
    boroughId: `b${f.properties.stadtbezirk_nr}`,
    geometry: f.geometry,
    bbox: bboxOf(f.geometry),
  }));
  const byName = new Map(districts.map((d) => [d.name, d]));
  const programme = JSON.parse(fs.readFileSync(path.join(DATA_DIR, 'programme-areas.json'), 'utf8')) as { areas: { name: string; stadtteile: string[] }[] };
  const polygon = read('bergmannsfeld-hoersterfeld-approx.geojson').features[0]!.geometry;
  areas = programme.areas.map((a, i) => {
    const geometry = a.name.startsWith('Bergmannsfeld') ? polygon : toMultiPolygon(a.stadtteile.map((n) => byName.get(n)!.geometry));
    return { id: `a${i}`, slug: a.name.toLowerCase().replace(/[^a-z]+/g, '-'), name: a.name, geometry, bbox: bboxOf(geometry) };
  });
  index = new LookupIndex(districts, areas, 1);
});

describe('point lookup on the Essen data', () => {
  it('has the 50 official Stadtteile with Karnap as number 40', () => {
    expect(districts).toHaveLength(50);
    expect(index.districtByNumber(40)?.name).toBe('Karnap');
    expect(new Set(districts.map((d) => d.number)).size).toBe(50);
  });

  it('finds Karnap and the programme area Karnap for a point in Karnap, testing only a few polygons', () => {
    const d = index.district(7.005, 51.52);
    expect(d?.number).toBe(40);
    expect(d?.name).toBe('Karnap');
    expect(index.lastPolygonTests).toBeLessThanOrEqual(4);
    expect(index.areasAt(7.005, 51.52).map((a) => a.name)).toEqual(['Karnap']);
  });

  it('finds Rüttenscheid but no programme area in the middle of Rüttenscheid', () => {
    expect(index.district(7.0047, 51.4309)?.name).toBe('Rüttenscheid');
    expect(index.areasAt(7.0047, 51.4309)).toEqual([]);
  });

  it('places Kray and Frohnhausen in their areas', () => {
    expect(index.district(7.078, 51.468)?.name).toBe('Kray');
    expect(index.areasAt(7.078, 51.468).map((a) => a.name)).toEqual(['Kray']);
    expect(index.district(6.968, 51.447)?.name).toBe('Frohnhausen');
    expect(index.areasAt(6.968, 51.447).map((a) => a.name)).toEqual(['Frohnhausen']);
  });

  it('finds Bergmannsfeld / Hörsterfeld on both sides of the Freisenbruch/Horst border, and not in the rest of Freisenbruch', () => {
    expect(index.district(7.105, 51.4445)?.name).toBe('Freisenbruch');
    expect(index.areasAt(7.105, 51.4445).map((a) => a.name)).toEqual(['Bergmannsfeld / Hörsterfeld']);
    expect(index.district(7.105, 51.439)?.name).toBe('Horst');
    expect(index.areasAt(7.105, 51.439).map((a) => a.name)).toEqual(['Bergmannsfeld / Hörsterfeld']);
    expect(index.district(7.12, 51.452)?.name).toBe('Freisenbruch');
    expect(index.areasAt(7.12, 51.452)).toEqual([]);
  });

  it('answers null outside the city', () => {
    expect(index.district(6.7735, 51.2277)).toBeNull(); // Düsseldorf
    expect(index.lastPolygonTests).toBe(0);
    expect(index.inCity(6.7735, 51.2277)).toBe(false);
    expect(index.inCity(7.005, 51.52)).toBe(true);
  });
});

describe('index cache', () => {
  it('reuses the index while the revision is unchanged and rebuilds when it changes', async () => {
    let builds = 0;
    const load = async () => {
      builds++;
      return { districts, areas };
    };
    invalidateIndex('t1');
    const a = await cachedIndex('t1', 3, load);
    const b = await cachedIndex('t1', 3, load);
    expect(a).toBe(b);
    expect(builds).toBe(1);
    const c = await cachedIndex('t1', 4, load);
    expect(c).not.toBe(a);
    expect(c.revision).toBe(4);
    expect(builds).toBe(2);
    invalidateIndex('t1');
    await cachedIndex('t1', 4, load);
    expect(builds).toBe(3);
  });
});

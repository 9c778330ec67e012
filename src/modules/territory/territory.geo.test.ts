import { describe, expect, it } from 'vitest';
import { areaKm2, bboxOf, geometriesOverlap, parseAreaGeometry, polygonIsSimple, segmentsCross, segmentsIntersect, type AreaGeometry, type Ring } from './territory.geo';

const square = (x: number, y: number, s: number): Ring => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
  [x, y],
];

const key = (input: unknown) => {
  const r = parseAreaGeometry(input);
  return r.ok ? 'ok' : r.issue.key;
};

describe('parseAreaGeometry', () => {
  it('accepts a Polygon, a MultiPolygon, a Feature and a FeatureCollection with one feature, as object or text', () => {
    const poly = { type: 'Polygon', coordinates: [square(7, 51.4, 0.01)] };
    expect(key(poly)).toBe('ok');
    expect(key(JSON.stringify(poly))).toBe('ok');
    expect(key({ type: 'Feature', properties: {}, geometry: poly })).toBe('ok');
    expect(key({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: poly }] })).toBe('ok');
    const multi = parseAreaGeometry({ type: 'MultiPolygon', coordinates: [[square(7, 51.4, 0.01)], [square(7.1, 51.4, 0.01)]] });
    expect(multi.ok && multi.geometry.type).toBe('MultiPolygon');
  });

  it('drops a third dimension and repeated points and rounds to 6 decimals', () => {
    const r = parseAreaGeometry({ type: 'Polygon', coordinates: [[[7, 51.4, 0], [7.0100000001, 51.4, 0], [7.01, 51.4], [7.01, 51.41], [7, 51.41], [7, 51.4]]] });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.geometry.coordinates[0]).toEqual([[7, 51.4], [7.01, 51.4], [7.01, 51.41], [7, 51.41], [7, 51.4]]);
  });

  it('names the problem with a message key', () => {
    expect(key('')).toBe('territory.error.geometryRequired');
    expect(key('{"type": "Polygon",')).toBe('territory.error.geometrySyntax');
    expect(key({ type: 'Point', coordinates: [7, 51] })).toBe('territory.error.geometryType');
    expect(key([1, 2])).toBe('territory.error.geometryType');
    expect(key({ type: 'FeatureCollection', features: [] })).toBe('territory.error.geometryOneFeature');
    expect(key({ type: 'Polygon', coordinates: [[[7, 'a'], [7, 51], [8, 51], [7, 'a']]] })).toBe('territory.error.geometryCoordinates');
    expect(key({ type: 'Polygon', coordinates: [[[7, 95], [8, 95], [8, 96], [7, 95]]] })).toBe('territory.error.geometryRange');
    expect(key({ type: 'Polygon', coordinates: [[[7, 51], [8, 51], [7, 51]]] })).toBe('territory.error.geometryRingTooShort');
    expect(key({ type: 'Polygon', coordinates: [[[7, 51], [8, 51], [8, 52], [7, 52]]] })).toBe('territory.error.geometryRingOpen');
    expect(key({ type: 'Polygon', coordinates: [[[7, 51], [8, 51], [9, 51], [7, 51]]] })).toBe('territory.error.geometryEmpty');
    // A bow tie crosses itself.
    expect(key({ type: 'Polygon', coordinates: [[[7, 51], [8, 52], [8, 51], [7, 52], [7, 51]]] })).toBe('territory.error.geometrySelfIntersection');
    // A hole outside its outer ring.
    expect(key({ type: 'Polygon', coordinates: [square(7, 51, 0.1), square(7.5, 51, 0.01)] })).toBe('territory.error.geometryHole');
    // A hole crossing the outer ring.
    expect(key({ type: 'Polygon', coordinates: [square(7, 51, 0.1), square(7.05, 51.05, 0.1)] })).toBe('territory.error.geometrySelfIntersection');
    const big: Ring = Array.from({ length: 5001 }, (_, i) => [7 + Math.cos((i / 5000) * 2 * Math.PI) * 0.01, 51 + Math.sin((i / 5000) * 2 * Math.PI) * 0.01] as [number, number]);
    big[big.length - 1] = big[0]!;
    expect(key({ type: 'Polygon', coordinates: [big] })).toBe('territory.error.geometryTooLarge');
  });

  it('accepts a polygon with a proper hole', () => {
    expect(key({ type: 'Polygon', coordinates: [square(7, 51, 0.1), square(7.02, 51.02, 0.01)] })).toBe('ok');
  });
});

describe('plane geometry', () => {
  it('tells crossing from touching segments', () => {
    expect(segmentsIntersect([0, 0], [2, 2], [0, 2], [2, 0])).toBe(true);
    expect(segmentsCross([0, 0], [2, 2], [0, 2], [2, 0])).toBe(true);
    expect(segmentsIntersect([0, 0], [1, 0], [1, 0], [2, 1])).toBe(true);
    expect(segmentsCross([0, 0], [1, 0], [1, 0], [2, 1])).toBe(false);
    expect(segmentsIntersect([0, 0], [1, 0], [0, 1], [1, 1])).toBe(false);
  });

  it('detects a spike folding back onto its neighbour', () => {
    expect(polygonIsSimple([[[0, 0], [2, 0], [1, 0], [1, 1], [0, 0]]])).toBe(false);
    expect(polygonIsSimple([square(0, 0, 1)])).toBe(true);
  });

  it('computes boxes, areas and overlaps', () => {
    const a: AreaGeometry = { type: 'Polygon', coordinates: [square(7, 51.4, 0.01)] };
    const b: AreaGeometry = { type: 'Polygon', coordinates: [square(7.005, 51.405, 0.01)] };
    const touching: AreaGeometry = { type: 'Polygon', coordinates: [square(7.01, 51.4, 0.01)] };
    expect(bboxOf(a)).toEqual([7, 51.4, 7.01, 51.41]);
    // 0.01° × 0.01° at 51.4° N ≈ 0.696 km × 1.112 km
    expect(areaKm2(a)).toBeGreaterThan(0.75);
    expect(areaKm2(a)).toBeLessThan(0.8);
    expect(geometriesOverlap(a, b)).toBe(true);
    expect(geometriesOverlap(a, touching)).toBe(false);
  });
});

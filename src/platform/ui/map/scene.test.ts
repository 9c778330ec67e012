import { describe, expect, it } from 'vitest';
import type { MapGeometry } from './geo';
import { mapPointsFromRows, type MapPoint } from './points';
import { formatBBox, mapViewFromUrl, parseBBox, viewHref } from './query';
import { buildMapScene, classSlug, clusterRadius, labelPoint, pathData, pointRadius, type ClusterMarker, type PointMarker } from './scene';
import { fitView } from './projection';

const CITY: MapGeometry = { type: 'Polygon', coordinates: [[[6.9, 51.35], [7.14, 51.35], [7.14, 51.54], [6.9, 51.54], [6.9, 51.35]]] };

/** Deterministic points: `n` in a tight group around (lat, lon) within ~`spread` degrees. */
function group(prefix: string, n: number, lat: number, lon: number, spread = 0.001): MapPoint[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}${String(i).padStart(3, '0')}`,
    lat: lat + (((i * 37) % 17) / 17 - 0.5) * spread,
    lon: lon + (((i * 53) % 19) / 19 - 0.5) * spread,
    label: `${prefix} Nr. ${i + 1}`,
    href: `/x/${prefix}${i}`,
    weight: i % 4,
  }));
}

const kray = group('k', 30, 51.463, 7.078);
const lonely: MapPoint[] = [
  { id: 'a', lat: 51.52, lon: 7.0, label: 'Karnap', href: '/x/a', category: 'litter', categoryLabel: 'Müll', status: 'received', statusLabel: 'Eingegangen' },
  { id: 'b', lat: 51.44, lon: 6.96, label: 'Frohnhausen', href: '/x/b', category: 'traffic', categoryLabel: 'Verkehr', status: 'resolved', statusLabel: 'Erledigt' },
];
const base = { outlines: [{ name: 'city', features: [{ geometry: CITY, label: 'Essen' }] }], link: { path: '/karte', query: { kategorie: 'litter' } }, fragment: 'm' };

describe('clustering', () => {
  const scene = buildMapScene({ ...base, points: [...lonely, ...kray] });
  const clusters = scene.markers.filter((m): m is ClusterMarker => m.kind === 'cluster');
  const singles = scene.markers.filter((m): m is PointMarker => m.kind === 'point');

  it('groups a dense spot on the city view and leaves lone points alone', () => {
    expect(clusters).toHaveLength(1);
    expect(clusters[0]!.count).toBe(30);
    expect(clusters[0]!.weight).toBe(kray.reduce((s, p) => s + (p.weight ?? 0), 0));
    expect(singles.map((m) => m.id).sort()).toEqual(['a', 'b']);
    expect(scene.visiblePoints).toHaveLength(32);
    expect(scene.interactive).toBe(true);
  });

  it('sizes clusters by count and points by weight, within bounds', () => {
    expect(clusters[0]!.r).toBe(clusterRadius(30));
    expect(clusterRadius(2)).toBeLessThan(clusterRadius(30));
    expect(clusterRadius(100_000)).toBeLessThanOrEqual(24);
    expect(pointRadius(0)).toBe(5);
    expect(pointRadius(3)).toBeGreaterThan(pointRadius(1));
    expect(pointRadius(1_000_000)).toBeLessThanOrEqual(12);
  });

  it('links a cluster to a zoomed view holding all its members, keeping the other query parameters', () => {
    const c = clusters[0]!;
    expect(c.href).toBe(`/karte?kategorie=litter&bbox=${formatBBox(c.bbox)}#m`);
    const { view, link } = mapViewFromUrl(`http://x${c.href.replace('#m', '')}`);
    expect(link).toEqual({ path: '/karte', query: { kategorie: 'litter' }, param: 'bbox' });
    for (const p of kray) {
      expect(p.lon).toBeGreaterThanOrEqual(view![0]);
      expect(p.lon).toBeLessThanOrEqual(view![2]);
      expect(p.lat).toBeGreaterThanOrEqual(view![1]);
      expect(p.lat).toBeLessThanOrEqual(view![3]);
    }
    // Following the link (no JavaScript involved) spreads the group out: only those points, more markers.
    const zoomed = buildMapScene({ ...base, points: [...lonely, ...kray], view, link });
    expect(zoomed.zoomed).toBe(true);
    expect(zoomed.resetHref).toBe('/karte?kategorie=litter#m');
    expect(zoomed.projection.zoom).toBeGreaterThan(scene.projection.zoom + 3);
    expect(zoomed.markers.length).toBeGreaterThan(1);
    expect(zoomed.visiblePoints.map((p) => p.id).sort()).toEqual(kray.map((p) => p.id).sort());
  });

  it('never groups below minPoints, past maxZoom, or when switched off', () => {
    expect(buildMapScene({ ...base, points: kray.slice(0, 3), cluster: { minPoints: 4 } }).markers.every((m) => m.kind === 'point')).toBe(true);
    expect(buildMapScene({ ...base, points: kray, cluster: { minPoints: 4 } }).markers.some((m) => m.kind === 'cluster')).toBe(true);
    expect(buildMapScene({ ...base, points: kray, cluster: false }).markers).toHaveLength(30);
    expect(buildMapScene({ ...base, points: kray, cluster: { maxZoom: 8 } }).markers).toHaveLength(30);
    // A small radius keeps points apart that a large one groups.
    const spread = group('s', 10, 51.45, 7.0, 0.02);
    const small = buildMapScene({ ...base, points: spread, cluster: { radius: 2 } }).markers.length;
    const large = buildMapScene({ ...base, points: spread, cluster: { radius: 80 } }).markers.length;
    expect(small).toBeGreaterThan(large);
  });

  it('orders markers for reading and keyboard: top to bottom, then left to right', () => {
    for (let i = 1; i < scene.markers.length; i++) {
      const [a, b] = [scene.markers[i - 1]!, scene.markers[i]!];
      expect(a.y < b.y || (a.y === b.y && a.x <= b.x)).toBe(true);
    }
  });

  it('is deterministic', () => {
    const again = buildMapScene({ ...base, points: [...lonely, ...kray] });
    expect(JSON.stringify(again)).toBe(JSON.stringify(scene));
  });

  it('styles by category (stable colour slots) and status (closed ones hollow)', () => {
    expect(scene.categories).toEqual([
      { key: 'litter', label: 'Müll', slot: 0 },
      { key: 'traffic', label: 'Verkehr', slot: 1 },
    ]);
    expect(singles.find((m) => m.id === 'a')!.className).toBe('q-map-point q-map-point--k0 q-map-point--s-received q-map-point--open');
    expect(singles.find((m) => m.id === 'b')!.className).toBe('q-map-point q-map-point--k1 q-map-point--s-resolved q-map-point--closed');
    expect(classSlug('In Bearbeitung <b>')).toBe('in-bearbeitung-b');
  });
});

describe('outlines', () => {
  it('fits the named layers, leaves out shapes off the canvas and labels shapes inside them', () => {
    const far: MapGeometry = { type: 'Polygon', coordinates: [[[9, 53], [9.1, 53], [9.1, 53.1], [9, 53]]] };
    const s = buildMapScene({ outlines: [{ name: 'a', showLabels: true, features: [{ geometry: CITY, label: 'Essen' }] }, { name: 'b', features: [{ geometry: far, label: 'Hamburg' }] }], fitLayers: ['a'] });
    expect(s.paths.map((p) => p.label)).toEqual(['Essen']);
    expect(s.paths[0]!.className).toBe('q-map-outline q-map-outline--a');
    expect(s.labels).toHaveLength(1);
    expect(s.labels[0]!.x).toBeCloseTo(300, -1);
    expect(s.interactive).toBe(false);
  });

  it('places a label inside a concave shape', () => {
    // A "U": its centroid lies in the notch, outside the shape.
    const u: MapGeometry = { type: 'Polygon', coordinates: [[[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]]] };
    const v = fitView([0, 0, 3, 3], { width: 300, maxHeight: 300, padding: 0 });
    const [x, y] = labelPoint(u, v.project)!;
    const [lon] = v.unproject(x, y);
    expect(lon < 1 || lon > 2).toBe(true);
  });

  it('writes one closed subpath per ring without repeated points', () => {
    const v = fitView([7, 51, 7.1, 51.1], { width: 100, maxHeight: 1000, padding: 0 });
    const d = pathData({ type: 'Polygon', coordinates: [[[7, 51], [7.1, 51], [7.1, 51], [7.1, 51.1], [7, 51.1], [7, 51]]] }, v.project);
    expect(d.match(/M/g)).toHaveLength(1);
    expect(d).toMatch(/^M0 ([\d.]+)L100 \1L100 ([\d.]+)L0 \2Z$/);
  });

  it('draws nothing without anything to draw', () => {
    expect(buildMapScene({}).height).toBe(0);
  });
});

describe('view parameters', () => {
  it('accepts only sane boxes', () => {
    expect(parseBBox('6.9,51.3,7.1,51.5')).toEqual([6.9, 51.3, 7.1, 51.5]);
    for (const bad of [null, '', '1,2,3', '7.1,51.3,6.9,51.5', '6.9,51.3,7.1,51.3', 'a,b,c,d', '1e3,0,2e3,1', '-200,0,0,1', '6.9,51.3,7.1,89'])
      expect(parseBBox(bad), String(bad)).toBeNull();
  });

  it('writes links with the view and without it', () => {
    const link = { path: '/p', query: { z: '1', a: 'x y' } };
    expect(viewHref(link, [6.123456789, 51, 7, 52], 'm')).toBe('/p?a=x+y&z=1&bbox=6.12346,51,7,52#m');
    expect(viewHref(link, null)).toBe('/p?a=x+y&z=1');
    expect(viewHref({ path: '/p', param: 'karte' }, [1, 2, 3, 4])).toBe('/p?karte=1,2,3,4');
  });
});

describe('mapPointsFromRows', () => {
  it('maps rows by field name or function, converts numeric strings and drops rows without a position', () => {
    const rows = [
      { id: 1, lat: '51.45', lon: 7.01, title: 'A', number: '2026-000001', support_count: '3', category: 'litter', status: 'received' },
      { id: 2, lat: null, lon: 7.0, title: 'no position', number: 'x', support_count: 0, category: null, status: 'received' },
      { id: 3, lat: 95, lon: 7.0, title: 'outside', number: 'y', support_count: 0, category: null, status: 'received' },
      { id: 4, lat: 51.4, lon: 'abc', title: 'broken', number: 'z', support_count: 0, category: null, status: 'received' },
    ];
    const pts = mapPointsFromRows(rows, { id: 'id', lat: 'lat', lon: 'lon', label: (r) => `${r.number}: ${r.title}`, href: (r) => `/anliegen/${r.number}`, weight: 'support_count', category: 'category', status: 'status' });
    expect(pts).toEqual([{ id: '1', lat: 51.45, lon: 7.01, label: '2026-000001: A', href: '/anliegen/2026-000001', weight: 3, category: 'litter', status: 'received' }]);
  });
});

import { describe, expect, it } from 'vitest';
import { fitView, latFromMercatorY, lonFromMercatorX, mercatorX, mercatorY, TILE_SIZE } from './projection';
import { unprojector, projector } from '../islands/map-core';

const ESSEN: [number, number, number, number] = [6.894, 51.347, 7.138, 51.535];

describe('Web Mercator', () => {
  it('round-trips degrees through world coordinates', () => {
    for (const [lon, lat] of [[7.0, 51.45], [-73.98, 40.75], [0, 0], [179.9, -60], [13.4, 52.5]] as const) {
      expect(lonFromMercatorX(mercatorX(lon))).toBeCloseTo(lon, 10);
      expect(latFromMercatorY(mercatorY(lat))).toBeCloseTo(lat, 10);
    }
  });

  it('matches the tile scheme of XYZ tile servers (Essen at zoom 12 is tile 2127/1363)', () => {
    const n = 2 ** 12;
    expect(Math.floor(mercatorX(7.0) * n)).toBe(2127);
    expect(Math.floor(mercatorY(51.45) * n)).toBe(1363);
    expect(mercatorY(0)).toBeCloseTo(0.5, 12);
  });

  it('fits a box into the canvas, north up, with padding, and converts both ways', () => {
    const v = fitView(ESSEN, { width: 600, maxHeight: 2000, padding: 10 });
    expect(v.width).toBe(600);
    const [xw, yn] = v.project(ESSEN[0], ESSEN[3]);
    const [xe, ys] = v.project(ESSEN[2], ESSEN[1]);
    expect(xw).toBeCloseTo(10, 0);
    expect(xe).toBeCloseTo(590, 0);
    expect(yn).toBeCloseTo(10, 0);
    expect(ys).toBeCloseTo(v.height - 10, 0);
    // Essen is about 17 km wide and 21 km tall: the canvas is taller than wide.
    expect(v.height).toBeGreaterThan(600);
    expect(v.zoom).toBeCloseTo(Math.log2(v.k / TILE_SIZE), 12);
    const [lon, lat] = v.unproject(300, v.height / 2);
    expect(v.project(lon, lat)).toEqual([300, Math.round((v.height / 2) * 10) / 10]);
    // The whole canvas shows at least the box.
    expect(v.bbox[0]).toBeLessThan(ESSEN[0]);
    expect(v.bbox[3]).toBeGreaterThan(ESSEN[3]);
  });

  it('scales a tall box down to the largest height and centres it', () => {
    const v = fitView([7.0, 51.4, 7.01, 51.5], { width: 400, maxHeight: 300, padding: 0 });
    expect(v.height).toBe(300);
    const [x0] = v.project(7.0, 51.5);
    const [x1] = v.project(7.01, 51.5);
    expect(Math.round(x0 + x1)).toBe(400);
  });

  it('never zooms past the largest zoom level', () => {
    const v = fitView([7, 51.45, 7.0000001, 51.4500001], { width: 600, maxHeight: 480, padding: 8, maxZoom: 19 });
    expect(v.zoom).toBeLessThanOrEqual(19);
  });

  it('is undone exactly by the island’s inverse (canvas → degrees → canvas)', () => {
    const v = fitView(ESSEN, { width: 600, maxHeight: 520, padding: 8 });
    const attr = `${v.x0} ${v.y0} ${v.k}`;
    const toLatLon = unprojector(attr)!;
    const toCanvas = projector(attr)!;
    for (const [x, y] of [[0, 0], [123.4, 456.7], [600, v.height]] as const) {
      const [lat, lon] = toLatLon(x, y);
      const [ulon, ulat] = v.unproject(x, y);
      expect(lat).toBeCloseTo(ulat, 9);
      expect(lon).toBeCloseTo(ulon, 9);
      const [cx, cy] = toCanvas(lat, lon);
      expect(cx).toBeCloseTo(x, 6);
      expect(cy).toBeCloseTo(y, 6);
    }
    expect(unprojector('nonsense')).toBeNull();
  });
});

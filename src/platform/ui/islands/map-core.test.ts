import { describe, expect, it } from 'vitest';
import { clampBox, clientToCanvas, coord, fill, formatBox, MAX_SCALE, panBox, parseBox, scaleOf, zoomBox } from './map-core';

const base = { x: 0, y: 0, w: 600, h: 400 };

describe('map island arithmetic', () => {
  it('reads and writes view boxes', () => {
    expect(parseBox('0 0 600 400')).toEqual(base);
    expect(parseBox('0,0,600,400')).toEqual(base);
    expect(parseBox('0 0 0 400')).toBeNull();
    expect(parseBox(null)).toBeNull();
    expect(formatBox({ x: 1.234, y: 2, w: 3.3333, h: 4 })).toBe('1.23 2 3.33 4');
  });

  it('zooms around the middle or a given point, between the whole map and 8×', () => {
    const z = zoomBox(base, 2, base);
    expect(z).toEqual({ x: 150, y: 100, w: 300, h: 200 });
    expect(scaleOf(z, base)).toBe(2);
    // The point under the pointer stays put.
    const p = zoomBox(base, 2, base, 100, 100);
    expect(p.x + ((100 - base.x) / base.w) * p.w).toBeCloseTo(100);
    let deep = base;
    for (let i = 0; i < 20; i++) deep = zoomBox(deep, 2, base);
    expect(deep.w).toBeCloseTo(base.w / MAX_SCALE);
    expect(zoomBox(base, 0.5, base)).toEqual(base);
  });

  it('pans within the map and not beyond it', () => {
    const z = zoomBox(base, 2, base);
    expect(panBox(z, 60, 0, base)).toEqual({ x: 210, y: 100, w: 300, h: 200 });
    expect(panBox(z, 10_000, 10_000, base)).toEqual({ x: 300, y: 200, w: 300, h: 200 });
    expect(panBox(z, -10_000, 0, base).x).toBe(0);
    expect(clampBox({ x: -5, y: -5, w: 2000, h: 2000 }, base)).toEqual(base);
  });

  it('turns client coordinates into canvas coordinates of the current view', () => {
    const z = zoomBox(base, 2, base);
    expect(clientToCanvas(z, { left: 10, top: 20, width: 300, height: 200 }, 160, 120)).toEqual([300, 200]);
    expect(clientToCanvas(base, { left: 0, top: 0, width: 300, height: 200 }, 300, 200)).toEqual([600, 400]);
  });

  it('formats coordinates and fills messages', () => {
    expect(coord(51.4634567891)).toBe('51.463457');
    expect(fill('Ort: {lat}, {lon} {x}', { lat: '1', lon: '2' })).toBe('Ort: 1, 2 {x}');
  });
});

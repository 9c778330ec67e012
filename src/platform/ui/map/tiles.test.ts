import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config';
import { fitView } from './projection';
import { isTileTemplate, tileCspSource, tilesForView, tileSourceFromConfig, tileUrl } from './tiles';

describe('tile URL templates', () => {
  it('fills {z}, {x}, {y} and a stable {s} subdomain', () => {
    expect(tileUrl('https://tile.example/{z}/{x}/{y}.png', 12, 2127, 1363)).toBe('https://tile.example/12/2127/1363.png');
    expect(tileUrl('https://{s}.tile.example/{z}/{x}/{y}@2x.png?key=k', 3, 1, 1)).toBe('https://c.tile.example/3/1/1@2x.png?key=k');
    expect(tileUrl('https://{s}.tile.example/{z}/{x}/{y}.png', 3, 1, 0)).toBe('https://b.tile.example/3/1/0.png');
  });

  it('accepts only http(s) templates with all three placeholders', () => {
    expect(isTileTemplate('https://tile.example/{z}/{x}/{y}.png')).toBe(true);
    expect(isTileTemplate('https://tile.example/{z}/{x}.png')).toBe(false);
    expect(isTileTemplate('javascript:alert(1)//{z}{x}{y}')).toBe(false);
    expect(isTileTemplate('ftp://tile.example/{z}/{x}/{y}.png')).toBe(false);
  });

  it('derives the CSP source from the host (wildcard for {s})', () => {
    expect(tileCspSource('https://tile.example/{z}/{x}/{y}.png')).toBe('https://tile.example');
    expect(tileCspSource('https://{s}.tile.example:8443/{z}/{x}/{y}.png')).toBe('https://*.tile.example:8443');
    expect(tileCspSource('https://ti le/{z}')).toBeNull();
  });

  it('is configured by MAP_TILE_URL and MAP_TILE_ATTRIBUTION (off by default, validated)', () => {
    expect(tileSourceFromConfig(parseConfig({}))).toBeNull();
    const c = parseConfig({ MAP_TILE_URL: 'https://tile.example/{z}/{x}/{y}.png', MAP_TILE_ATTRIBUTION: '© Beispiel' });
    expect(tileSourceFromConfig(c)).toEqual({ url: 'https://tile.example/{z}/{x}/{y}.png', attribution: '© Beispiel' });
    expect(() => parseConfig({ MAP_TILE_URL: 'https://tile.example/tiles.png' })).toThrow(/MAP_TILE_URL: must contain \{z\}, \{x\} and \{y\}/);
    expect(() => parseConfig({ MAP_TILE_URL: 'file:///etc/{z}/{x}/{y}' })).toThrow(/MAP_TILE_URL/);
  });
});

describe('tiles of a view', () => {
  const view = fitView([6.95, 51.42, 7.05, 51.48], { width: 600, maxHeight: 480, padding: 8 });
  const tiles = tilesForView(view, { url: 'https://tile.example/{z}/{x}/{y}.png' });

  it('covers the whole canvas at the nearest integer zoom, row by row, in the map’s projection', () => {
    const z = Math.round(view.zoom);
    expect(tiles.length).toBeGreaterThan(1);
    expect(tiles.length).toBeLessThanOrEqual(64);
    for (const tile of tiles) expect(tile.href).toMatch(new RegExp(`^https://tile\\.example/${z}/\\d+/\\d+\\.png$`));
    expect(Math.min(...tiles.map((t) => t.x))).toBeLessThanOrEqual(0);
    expect(Math.min(...tiles.map((t) => t.y))).toBeLessThanOrEqual(0);
    expect(Math.max(...tiles.map((t) => t.x + t.size))).toBeGreaterThanOrEqual(view.width);
    expect(Math.max(...tiles.map((t) => t.y + t.size))).toBeGreaterThanOrEqual(view.height);
    // A tile's top-left corner is where the map projects that corner's degrees.
    const first = tiles[0]!;
    const [, tx, ty] = /\/(\d+)\/(\d+)\.png$/.exec(first.href)!.map(Number) as [number, number, number];
    const n = 2 ** z;
    const lon = (tx / n) * 360 - 180;
    const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * ty) / n))) * 180) / Math.PI;
    const [px, py] = view.project(lon, lat);
    expect(first.x).toBeCloseTo(px, 0);
    expect(first.y).toBeCloseTo(py, 0);
    // Rows first: y never decreases.
    for (let i = 1; i < tiles.length; i++) expect(tiles[i]!.y).toBeGreaterThanOrEqual(tiles[i - 1]!.y);
  });

  it('stops at the limit', () => {
    expect(tilesForView(view, { url: 'https://tile.example/{z}/{x}/{y}.png' }, 3)).toHaveLength(3);
  });
});

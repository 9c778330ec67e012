import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { island, islandResponse, islandUrl, ISLAND_BUDGET_GZIP, prebuildIslands } from './build';

describe('islands', () => {
  it('bundles the map island within its budget of 8 KB gzip', () => {
    const b = island('map');
    const gz = gzipSync(b.code, { level: 9 }).length;
    console.info(`map island: ${b.code.length} bytes, ${gz} bytes gzip (budget ${ISLAND_BUDGET_GZIP})`);
    expect(b.gzipBytes).toBe(gz);
    expect(gz).toBeLessThanOrEqual(ISLAND_BUDGET_GZIP);
    expect(gz).toBeLessThanOrEqual(8 * 1024);
  });

  it('is a self-contained ES module with no inline-style tricks', () => {
    const code = island('map').code.toString('utf8');
    expect(code).not.toMatch(/\bimport\s*[({"']|\brequire\(/);
    expect(code).not.toMatch(/\.style\b|setAttribute\("style"|innerHTML|\beval\(|new Function/);
  });

  it('is built once and named by its content hash', () => {
    prebuildIslands();
    expect(island('map')).toBe(island('map'));
    expect(islandUrl('map')).toBe(`/static/islands/map.${island('map').hash}.js`);
  });

  it('answers the current hash with a year of caching, other names with revalidation or not at all', () => {
    const { hash, code } = island('map');
    expect(islandResponse(`map.${hash}.js`)).toEqual({ body: code, cacheControl: 'public, max-age=31536000, immutable' });
    expect(islandResponse('map.js')?.cacheControl).toBe('public, max-age=300');
    expect(islandResponse('map.0123456789ab.js')?.cacheControl).toBe('no-cache');
    for (const bad of ['nope.js', 'map.ts', '../build.ts', 'map.js.map', 'constructor.js']) expect(islandResponse(bad), bad).toBeNull();
  });
});

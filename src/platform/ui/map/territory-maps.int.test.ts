/**
 * The maps of the territory pages on a real database (SQLite and PostgreSQL), through the whole app: the public
 * overview and area pages draw server-side SVG in Web Mercator with the island loaded by a hashed module script, the
 * island is served with long caching, and a configured tile server shows tiles, its credit and its host in the CSP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { seedTerritory } from '../../../modules/territory';
import { islandUrl } from '../islands/build';

let plain: TestApp;
let tiled: TestApp;

beforeAll(async () => {
  plain = await createTestApp();
  await seedTerritory(plain.handle.db, plain.tenant.id);
  tiled = await createTestApp({ MAP_TILE_URL: 'https://{s}.tile.example/{z}/{x}/{y}.png', MAP_TILE_ATTRIBUTION: '© Beispiel-Kartendienst' });
  await seedTerritory(tiled.handle.db, tiled.tenant.id);
});
afterAll(async () => {
  await plain?.close();
  await tiled?.close();
});

const svgOf = (html: string, id: string) => new RegExp(`<svg[^>]*id="${id}"[^>]*>[\\s\\S]*?</svg>`).exec(html)?.[0] ?? '';

describe('territory maps without a tile server (the default)', () => {
  it('draws the overview: every Stadtteil, the programme areas with their names, no tiles, no external host', async () => {
    const res = await plain.client().get('/areas');
    expect(res.status).toBe(200);
    const html = await res.text();
    const svg = svgOf(html, 'map-overview');
    expect(svg).toMatch(/role="img"[^>]*aria-labelledby="map-overview-title map-overview-desc"/);
    expect(svg.match(/class="q-map__district"/g)).toHaveLength(50);
    expect(svg.match(/class="q-map__area"/g)).toHaveLength(4);
    for (const name of ['Kray', 'Karnap', 'Frohnhausen']) expect(svg).toMatch(new RegExp(`<text [^>]*class="q-map-label q-map-label--area"[^>]*>${name}</text>`));
    expect(svg).toMatch(/data-q-map="0\.51\d+ 0\.33\d+ \d+(\.\d+)?"/);
    expect(svg).not.toContain('<image');
    expect(html).toContain(`<script type="module" src="${islandUrl('map')}"></script>`);
    expect(html).toContain('<div class="q-map-controls" id="map-overview-controls" role="group" aria-label="Karte bedienen" hidden="">');
    expect(res.headers.get('content-security-policy')).toContain("img-src 'self' data:;");
    expect(html).not.toMatch(/https?:\/\/[^"]*tile/);
  });

  it('draws an area with its Stadtteile named and tinted, in the page language', async () => {
    const html = await (await plain.client().get('/areas/kray?lang=en')).text();
    const svg = svgOf(html, 'map-area');
    expect(svg).toMatch(/<title id="map-area-title">[^<]*Kray[^<]*<\/title>/);
    expect(svg).toContain('class="q-map__district q-map__district--member"');
    expect(svg).toMatch(/<text [^>]*class="q-map-label q-map-label--member"[^>]*>Kray<\/text>/);
    expect(html).toContain('<span class="kern-label">Zoom in</span>');
  });

  it('serves the island with a content hash and a year of caching; unknown islands are 404', async () => {
    const res = await plain.client().get(islandUrl('map'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await res.text()).toContain('data-q-map');
    expect((await plain.client().get('/static/islands/map.js')).headers.get('cache-control')).toBe('public, max-age=300');
    expect((await plain.client().get('/static/islands/evil.js')).status).toBe(404);
    expect((await plain.client().get('/static/islands/..%2Fbuild.ts')).status).toBe(404);
  });

  it('ignores a broken view parameter', async () => {
    const res = await plain.client().get('/areas/karnap?bbox=garbage');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('id="map-area"');
  });
});

describe('territory maps with a configured tile server', () => {
  it('puts tiles under the outlines, credits them and allows only that host in img-src', async () => {
    const res = await tiled.client().get('/areas/karnap');
    expect(res.status).toBe(200);
    const html = await res.text();
    const svg = svgOf(html, 'map-area');
    expect(svg).toMatch(/<g class="q-map-tiles" aria-hidden="true"><image href="https:\/\/[abc]\.tile\.example\/\d+\/\d+\/\d+\.png"/);
    expect(svg).toContain('class="q-map q-map--tiles"');
    expect(html).toContain('Kartenhintergrund: © Beispiel-Kartendienst');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("img-src 'self' data: https://*.tile.example;");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain('unsafe');
  });
});

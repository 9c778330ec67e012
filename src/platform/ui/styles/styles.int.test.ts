/**
 * The stylesheet and the font cuts through the whole app (SQLite and PostgreSQL): every page links the one
 * content-hashed stylesheet, which is sent precompressed when the client accepts brotli or gzip and plain otherwise;
 * the font cuts are WOFF2 with a year of caching; bad names are 404.
 */
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { fontFaceCss } from './fonts';
import { stylesheet, stylesheetUrl } from './stylesheet';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('stylesheet and fonts over HTTP', () => {
  it('pages link the one stylesheet', async () => {
    const html = await (await t.client().get('/login')).text();
    expect(html.match(/<link rel="stylesheet"[^>]*>/g)).toEqual([`<link rel="stylesheet" href="${stylesheetUrl()}"/>`]);
  });

  it('sends the stylesheet precompressed by Accept-Encoding, plain without it', async () => {
    const { css } = stylesheet();
    const br = await t.client().request(stylesheetUrl(), { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.status).toBe(200);
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toBe('Accept-Encoding');
    expect(br.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).equals(css)).toBe(true);

    const gz = await t.client().request(stylesheetUrl(), { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).equals(css)).toBe(true);

    const plain = await t.client().request(stylesheetUrl());
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(Buffer.from(await plain.arrayBuffer()).equals(css)).toBe(true);
  });

  it('serves the font cuts and refuses other names', async () => {
    const url = /url\((\/static\/fonts\/fira-sans-600-latin\.[0-9a-f]{12}\.woff2)\)/.exec(fontFaceCss())![1]!;
    const res = await t.client().request(url, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('font/woff2');
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 4).toString('latin1')).toBe('wOF2');
    for (const bad of ['/static/fonts/nope.0123456789ab.woff2', '/static/fonts/..%2Ffonts.ts', '/static/quartier.css.map']) expect((await t.client().request(bad)).status, bad).toBe(404);
  });
});

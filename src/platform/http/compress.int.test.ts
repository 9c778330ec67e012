/**
 * The platform's compression middleware: on a small Hono app behind the real @hono/node-server (to see what goes over
 * the wire: one piece with Content-Length, or chunked), and in the real app on SQLite and PostgreSQL.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { seedTerritory } from '../../modules/territory';
import { COMPRESSIBLE_TYPE, compress, negotiateEncoding } from './compress';

interface Wire {
  status: number;
  headers: http.IncomingHttpHeaders;
  raw: Buffer;
}

function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Wire> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (ch: Buffer) => chunks.push(ch));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, raw: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function decode(w: Wire): Buffer {
  const enc = w.headers['content-encoding'];
  if (enc === 'gzip') return zlib.gunzipSync(w.raw);
  if (enc === 'br') return zlib.brotliDecompressSync(w.raw);
  expect(enc).toBeUndefined();
  return w.raw;
}

const BIG_HTML = `<!doctype html><html lang="de"><body>${Array.from({ length: 400 }, (_, i) => `<p>Absatz ${i}: Straßenfest in Kray — Anliegen ${i * 7}</p>`).join('\n')}</body></html>`;
const SMALL_JSON = JSON.stringify({ type: 'about:blank', title: 'Nicht gefunden', status: 404 });
const BYTES = new Uint8Array(4096).map((_, i) => (i * 31) % 251);
const STREAM_PARTS = Array.from({ length: 20 }, (_, i) => `id;name;wert\n${i};Zeile ${i};${'x'.repeat(300)}\n`);

describe('compress({ encodings: [br, gzip] }) on @hono/node-server', () => {
  let server: ServerType;
  let port: number;
  let lastBody: 'string' | 'bytes' | 'stream' | 'rebuilt' = 'rebuilt';
  beforeAll(async () => {
    const app = new Hono();
    app.use('*', compress({ encodings: ['br', 'gzip'] }));
    app.get('/big', (c) => c.html(BIG_HTML));
    app.get('/small', (c) => c.body(SMALL_JSON, 404, { 'content-type': 'application/problem+json; charset=utf-8' }));
    app.get('/png', (c) => c.body(BYTES, 200, { 'content-type': 'image/png' }));
    app.get('/no-transform', (c) => c.html(BIG_HTML, 200, { 'cache-control': 'no-transform' }));
    app.get('/encoded', (c) => c.body(new Uint8Array(zlib.gzipSync(BIG_HTML)), 200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' }));
    app.get('/empty', (c) => c.body(null, 204));
    app.get('/etag', (c) => c.html(BIG_HTML, 200, { etag: '"abc"' }));
    app.get('/stream', (c) => {
      let i = 0;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          await new Promise((r) => setTimeout(r, 2));
          if (i < STREAM_PARTS.length) controller.enqueue(new TextEncoder().encode(STREAM_PARTS[i++]));
          else controller.close();
        },
      });
      return c.body(body, 200, { 'content-type': 'text/csv; charset=utf-8' });
    });
    // @hono/node-server's own Response keeps [status, body, headers] under a symbol described 'cache' until someone
    // touches its body; with a string or bytes there the server writes the answer in one end() (its fast path).
    // Once the Response was rebuilt from its body stream (Hono's compress() adding Vary), the symbol is gone.
    server = serve({
      fetch: async (req) => {
        const res = await app.fetch(req);
        const key = Object.getOwnPropertySymbols(res).find((s) => s.description === 'cache');
        const cached = key ? (res as unknown as Record<symbol, unknown[]>)[key]![1] : undefined;
        lastBody = typeof cached === 'string' ? 'string' : cached instanceof Uint8Array ? 'bytes' : cached ? 'stream' : 'rebuilt';
        return res;
      },
      port: 0,
      hostname: '127.0.0.1',
    });
    await new Promise<void>((r) => server.once('listening', () => r()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('without Accept-Encoding: Vary is set and the string body stays on the fast path of @hono/node-server (one end())', async () => {
    const w = await get(port, '/big');
    expect(w.headers['vary']).toBe('Accept-Encoding');
    expect(w.headers['content-encoding']).toBeUndefined();
    expect(w.headers['transfer-encoding']).toBeUndefined();
    expect(w.headers['content-length']).toBe(String(Buffer.byteLength(BIG_HTML)));
    expect(w.raw.toString('utf8')).toBe(BIG_HTML);
    expect(lastBody).toBe('string');
  });

  it('gzip and br on request, whole and with a Content-Length; both decompress to the same bytes', async () => {
    for (const enc of ['gzip', 'br'] as const) {
      const w = await get(port, '/big', { 'accept-encoding': enc });
      expect(w.headers['content-encoding']).toBe(enc);
      expect(w.headers['vary']).toBe('Accept-Encoding');
      expect(w.headers['transfer-encoding']).toBeUndefined();
      expect(Number(w.headers['content-length'])).toBe(w.raw.length);
      expect(w.raw.length).toBeLessThan(Buffer.byteLength(BIG_HTML) / 4);
      expect(decode(w).toString('utf8')).toBe(BIG_HTML);
      expect(lastBody).toBe('bytes');
    }
  });

  it('follows the q-values of Accept-Encoding', async () => {
    expect((await get(port, '/big', { 'accept-encoding': 'gzip, deflate, br' })).headers['content-encoding']).toBe('br');
    expect((await get(port, '/big', { 'accept-encoding': 'br;q=0.5, gzip' })).headers['content-encoding']).toBe('gzip');
    expect((await get(port, '/big', { 'accept-encoding': 'identity' })).headers['content-encoding']).toBeUndefined();
    expect((await get(port, '/big', { 'accept-encoding': 'gzip;q=0, br;q=0' })).headers['content-encoding']).toBeUndefined();
    expect(negotiateEncoding('*', ['gzip'])).toBe('gzip');
    expect(negotiateEncoding('x-gzip', ['br', 'gzip'])).toBe('gzip');
    expect(negotiateEncoding('deflate', ['br', 'gzip'])).toBeUndefined();
    expect(negotiateEncoding(undefined)).toBeUndefined();
  });

  it('leaves small bodies, images, no-transform, encoded bodies and 204 alone', async () => {
    const small = await get(port, '/small', { 'accept-encoding': 'gzip' });
    expect(small.status).toBe(404);
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.headers['content-length']).toBe(String(Buffer.byteLength(SMALL_JSON)));
    expect(small.raw.toString('utf8')).toBe(SMALL_JSON);
    expect(lastBody).toBe('bytes');

    const png = await get(port, '/png', { 'accept-encoding': 'gzip, br' });
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.headers['vary']).toBeUndefined();
    expect(Buffer.compare(png.raw, Buffer.from(BYTES))).toBe(0);

    const nt = await get(port, '/no-transform', { 'accept-encoding': 'gzip' });
    expect(nt.headers['content-encoding']).toBeUndefined();
    expect(nt.raw.toString('utf8')).toBe(BIG_HTML);

    const enc = await get(port, '/encoded', { 'accept-encoding': 'gzip, br' });
    expect(enc.headers['content-encoding']).toBe('gzip');
    expect(decode(enc).toString('utf8')).toBe(BIG_HTML);

    const empty = await get(port, '/empty', { 'accept-encoding': 'gzip' });
    expect(empty.status).toBe(204);
    expect(empty.headers['content-encoding']).toBeUndefined();
  });

  it('HEAD: same headers as GET without compression and without a body', async () => {
    const w = await get(port, '/big', { 'accept-encoding': 'gzip' }, 'HEAD');
    expect(w.status).toBe(200);
    expect(w.headers['vary']).toBe('Accept-Encoding');
    expect(w.headers['content-encoding']).toBeUndefined();
    expect(w.raw.length).toBe(0);
  });

  it('weakens a strong ETag of a compressed answer', async () => {
    expect((await get(port, '/etag', { 'accept-encoding': 'gzip' })).headers['etag']).toBe('W/"abc"');
    expect((await get(port, '/etag')).headers['etag']).toBe('"abc"');
  });

  it('a streaming answer arrives whole, compressed as a stream or as it is', async () => {
    const expected = STREAM_PARTS.join('');
    const gz = await get(port, '/stream', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['transfer-encoding']).toBe('chunked');
    expect(decode(gz).toString('utf8')).toBe(expected);
    const plain = await get(port, '/stream');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.raw.toString('utf8')).toBe(expected);
    expect(lastBody).toBe('stream');
  });

  it('knows which types are compressible', () => {
    for (const t of ['text/html; charset=UTF-8', 'text/css', 'text/csv; charset=utf-8', 'text/calendar', 'application/json', 'application/problem+json',
      'application/geo+json; charset=utf-8', 'application/ld+json', 'application/xml', 'text/javascript; charset=utf-8', 'image/svg+xml']) {
      expect(COMPRESSIBLE_TYPE.test(t), t).toBe(true);
    }
    for (const t of ['image/png', 'image/jpeg', 'font/woff2', 'application/pdf', 'text/event-stream', 'application/octet-stream',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']) {
      expect(COMPRESSIBLE_TYPE.test(t), t).toBe(false);
    }
  });
});

describe('compression in the app', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedTerritory(t.handle.db, t.tenant.id);
  });
  afterAll(async () => t.close());

  it('a large HTML page: gzip on request decompresses to the page; Vary either way', async () => {
    const client = t.client();
    await client.get('/areas/kray'); // the anonymous CSRF cookie, so that the pages below are the same
    const plain = await client.get('/areas/kray');
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('vary')).toContain('Accept-Encoding');
    const html = Buffer.from(await plain.arrayBuffer());
    expect(html.length).toBeGreaterThan(1024);
    // The app offers gzip only (ADR 0030): a browser's "gzip, deflate, br" gets gzip, "br" alone nothing.
    const res = await client.request('/areas/kray', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('vary')).toContain('Accept-Encoding');
    const raw = Buffer.from(await res.arrayBuffer());
    expect(raw.length).toBeLessThan(html.length / 2);
    expect(Buffer.compare(zlib.gunzipSync(raw), html)).toBe(0);
    const brOnly = await client.request('/areas/kray', { headers: { 'accept-encoding': 'br' } });
    expect(brOnly.headers.get('content-encoding')).toBeNull();
    expect(brOnly.headers.get('vary')).toContain('Accept-Encoding');
    expect(Buffer.compare(Buffer.from(await brOnly.arrayBuffer()), html)).toBe(0);
  });

  it("a first visit's page sets the anonymous CSRF cookie and keeps the one-write fast path", async () => {
    const res = await t.client().request('/login');
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().some((c) => c.startsWith('q_anon='))).toBe(true);
    // The body is still the string the handler gave (see the node-server describe above): nothing rebuilt the Response.
    const key = Object.getOwnPropertySymbols(res).find((x) => x.description === 'cache');
    expect(key && typeof (res as unknown as Record<symbol, unknown[]>)[key]![1]).toBe('string');
  });

  it('a small error answer and a font stay uncompressed; HEAD has no body', async () => {
    const client = t.client();
    const small = await client.request('/api/v1/no-such-thing', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(small.status).toBe(404);
    expect(small.headers.get('content-encoding')).toBeNull();
    expect((await small.json()) as unknown).toMatchObject({ status: 404 });

    const font = await client.request('/static/kern/fonts/fira-sans/FiraSans-ExtraBold.woff2', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(font.status).toBe(200);
    expect(font.headers.get('content-type')).toBe('font/woff2');
    expect(font.headers.get('content-encoding')).toBeNull();
    expect(font.headers.get('vary')).toBeNull();

    const head = await client.request('/areas/kray', { method: 'HEAD', headers: { 'accept-encoding': 'gzip' } });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-encoding')).toBeNull();
    expect(head.headers.get('vary')).toContain('Accept-Encoding');
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });
});

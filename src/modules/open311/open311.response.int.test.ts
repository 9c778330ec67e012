/**
 * Open311 answers leave through @hono/node-server's fast path (ADR 0027): the string body is written in one piece,
 * not re-read from a stream — the compress middleware must find `Vary: Accept-Encoding` already set, or it rebuilds
 * the finished Response from its body stream. Compression on request still works.
 */
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';

let t: TestApp;
let server: ServerType;
let port = 0;
/** Per path: did the Response that left the app still hold node-server's cached body ("cache" symbol)? */
const cachedBody = new Map<string, boolean>();

beforeAll(async () => {
  t = await createTestApp();
  await new Promise<void>((resolve) => {
    server = serve(
      {
        fetch: async (req) => {
          const res = await t.app.fetch(req);
          cachedBody.set(new URL(req.url).pathname, Object.getOwnPropertySymbols(res).some((s) => s.description === 'cache'));
          return res;
        },
        port: 0,
        hostname: '127.0.0.1',
      },
      (info) => {
        port = info.port;
        resolve();
      },
    );
  });
});
afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await t?.close();
});

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers: { host: 'essen.test', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

describe('Open311 answers on the server fast path', () => {
  it.each(['/open311/v2/requests.json', '/open311/v2/requests.xml', '/open311/v2/services.json', '/open311/v2/discovery.xml'])(
    '%s without Accept-Encoding: the string body is written as it is, Vary names Accept-Encoding once',
    async (path) => {
      const r = await get(path);
      expect(r.status).toBe(200);
      expect(r.headers['vary']).toBe('Accept-Encoding');
      expect(r.headers['content-encoding']).toBeUndefined();
      expect(Number(r.headers['content-length'])).toBe(r.body.length);
      expect(cachedBody.get(path)).toBe(true);
    },
  );

  it('an error answer takes the same path', async () => {
    const r = await get('/open311/v2/requests.json?status=maybe');
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body.toString('utf8'))[0].code).toBe(400);
    expect(cachedBody.get('/open311/v2/requests.json')).toBe(true);
  });

  it('with Accept-Encoding: gzip the answer is still compressed', async () => {
    const r = await get('/open311/v2/services.json', { 'accept-encoding': 'gzip' });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(r.headers['vary']).toBe('Accept-Encoding');
    const services = JSON.parse(gunzipSync(r.body).toString('utf8')) as { service_code: string }[];
    expect(services.map((s) => s.service_code)).toContain('littering');
  });
});

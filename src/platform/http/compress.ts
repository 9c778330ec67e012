/**
 * Response compression that keeps @hono/node-server's fast path (ADR 0030).
 *
 * The server writes a handler's string or byte body in one `end()` as long as nobody touches the Response's body.
 * Hono's `compress()` adds `Vary` through `c.header()` after the handler, which rebuilds the finished Response from its
 * body stream — every compressible answer then went out through a ReadableStream, even uncompressed. Here:
 *
 * - `Vary: Accept-Encoding` is set on the finished Response's own headers (in place; no rebuild) for every compressible
 *   type, whether or not this answer is compressed, so caches keep the variants apart;
 * - the body is only read when it will (probably) be compressed: the client accepts gzip, the type is compressible,
 *   no Content-Encoding yet, not HEAD/204/206/304, no `Cache-Control: no-transform`, Content-Length (when given) ≥ 1 KiB;
 * - a body that turns out to be whole and smaller than 1 KiB goes out as it was (bytes, one `end()`); a whole larger
 *   body is compressed in one call on libuv's thread pool (node:zlib, not the event loop) and goes out with a
 *   Content-Length; a body that is still streaming is compressed as a stream.
 */
import { Readable, pipeline } from 'node:stream';
import zlib from 'node:zlib';
import { promisify } from 'node:util';
import type { Context, MiddlewareHandler } from 'hono';

export type Encoding = 'br' | 'gzip';

export interface CompressOptions {
  /** Smallest body compressed, in bytes (default 1024). */
  threshold?: number;
  /**
   * Encodings offered, in order of preference when the client weighs them equally. Default gzip only: brotli at a
   * quality cheap enough per request (4) saved 2–4 % of the bytes of gzip 6 at about 1.4 times the CPU (ADR 0030).
   */
  encodings?: readonly Encoding[];
}

/**
 * Compressible types: text/* (not event streams), JSON, XML, JavaScript, CSV and every `+json` / `+xml` type
 * (problem+json, geo+json, ld+json, image/svg+xml, atom+xml, …). text/calendar and text/csv are text/*.
 */
export const COMPRESSIBLE_TYPE = /^\s*(?:text\/(?!event-stream\s*(?:;|$))[\w.+-]+|application\/(?:json|xml|javascript|x-javascript|ecmascript|csv)|[\w.-]+\/[\w.-]+\+(?:json|xml))\s*(?:;|$)/i;

const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/i;
const VARY_HAS_ACCEPT_ENCODING = /(?:^|,)\s*accept-encoding\s*(?:,|$)/i;

/** Level 6 is zlib's default (level 9 saved almost nothing on our pages); brotli quality 4 when offered (ADR 0030). */
const GZIP_OPTIONS: zlib.ZlibOptions = { level: 6 };
const BROTLI_OPTIONS: zlib.BrotliOptions = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } };

const gzipAsync = promisify(zlib.gzip) as (buf: Uint8Array, options: zlib.ZlibOptions) => Promise<Buffer>;
const brotliAsync = promisify(zlib.brotliCompress) as (buf: Uint8Array, options: zlib.BrotliOptions) => Promise<Buffer>;

/**
 * The encoding to use for an Accept-Encoding header: the offered one with the highest q (explicit or through `*`),
 * ties broken by the order of `offered`; undefined when none is acceptable.
 */
export function negotiateEncoding(header: string | undefined, offered: readonly Encoding[] = ['gzip']): Encoding | undefined {
  if (!header) return undefined;
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.split(';');
    const token = name.trim().toLowerCase();
    if (!token) continue;
    let weight = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p);
      if (m) weight = Number(m[1]);
    }
    if (Number.isFinite(weight)) q.set(token, Math.max(q.get(token) ?? 0, Math.min(weight, 1)));
  }
  let best: Encoding | undefined;
  let bestQ = 0;
  for (const enc of offered) {
    const weight = q.get(enc) ?? (enc === 'gzip' ? q.get('x-gzip') : undefined) ?? q.get('*') ?? 0;
    if (weight > bestQ) {
      best = enc;
      bestQ = weight;
    }
  }
  return best;
}

function compressor(encoding: Encoding): zlib.Gzip | zlib.BrotliCompress {
  return encoding === 'br' ? zlib.createBrotliCompress(BROTLI_OPTIONS) : zlib.createGzip(GZIP_OPTIONS);
}

function compressWhole(body: Uint8Array, encoding: Encoding): Promise<Buffer> {
  return encoding === 'br' ? brotliAsync(body, BROTLI_OPTIONS) : gzipAsync(body, GZIP_OPTIONS);
}

/** The chunks already read, then the rest of the reader, compressed as a stream (backpressure through node streams). */
function compressStream(first: Uint8Array[], reader: ReadableStreamDefaultReader<Uint8Array>, encoding: Encoding): ReadableStream<Uint8Array> {
  async function* source(): AsyncGenerator<Uint8Array> {
    try {
      yield* first;
      for (;;) {
        const r = await reader.read();
        if (r.done) return;
        yield r.value;
      }
    } finally {
      // Cancelled or failed downstream: let the producer stop. (After a normal end this is a no-op.)
      reader.cancel().catch(() => undefined);
    }
  }
  const z = compressor(encoding);
  pipeline(Readable.from(source(), { objectMode: false }), z, () => undefined);
  return Readable.toWeb(z) as unknown as ReadableStream<Uint8Array>;
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let at = 0;
  for (const ch of chunks) {
    out.set(ch, at);
    at += ch.byteLength;
  }
  return out;
}

/** Adds Accept-Encoding to Vary on the Response's own headers, without rebuilding it (which would cost the fast path). */
function addVary(c: Context, headers: Headers): void {
  const current = headers.get('vary');
  if (current === '*' || (current && VARY_HAS_ACCEPT_ENCODING.test(current))) return;
  const value = current ? `${current}, Accept-Encoding` : 'Accept-Encoding';
  try {
    headers.set('vary', value);
  } catch {
    // Immutable headers (a Response from fetch() or Response.redirect()): Hono rebuilds the Response.
    c.header('Vary', value);
  }
}

/** Replaces the finished Response without Hono copying it once more from its body stream (see the `res` setter). */
function replaceResponse(c: Context, res: Response): void {
  c.res = undefined;
  c.res = res;
}

export function compress(options: CompressOptions = {}): MiddlewareHandler {
  const threshold = options.threshold ?? 1024;
  const offered = options.encodings ?? (['gzip'] as const);
  return async function compressResponse(c, next) {
    await next();
    const res = c.res;
    const headers = res.headers;
    if (headers.has('content-encoding')) return;
    const type = headers.get('content-type');
    if (!type || !COMPRESSIBLE_TYPE.test(type)) return;
    const declared = headers.get('content-length');
    if (declared !== null && Number(declared) < threshold) return;
    addVary(c, headers);
    const status = res.status;
    if (c.req.method === 'HEAD' || status < 200 || status === 204 || status === 206 || status === 304) return;
    if (headers.has('transfer-encoding')) return;
    const cacheControl = headers.get('cache-control');
    if (cacheControl && NO_TRANSFORM.test(cacheControl)) return;
    const encoding = negotiateEncoding(c.req.header('accept-encoding'), offered);
    if (!encoding) return;
    const body = res.body;
    if (!body) return;

    // Read until the threshold is reached or the body ends; one more read tells a whole body from a stream.
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    let done = false;
    while (!done) {
      const r = await reader.read();
      if (r.done) done = true;
      else {
        chunks.push(r.value);
        size += r.value.byteLength;
        if (size >= threshold) {
          const more = await reader.read();
          if (more.done) done = true;
          else {
            chunks.push(more.value);
            size += more.value.byteLength;
          }
          break;
        }
      }
    }
    const init = { status, statusText: res.statusText, headers };
    if (done && size < threshold) {
      replaceResponse(c, new Response(concat(chunks, size), init));
      return;
    }
    headers.delete('content-length');
    headers.set('content-encoding', encoding);
    const etag = headers.get('etag');
    if (etag && !etag.startsWith('W/')) headers.set('etag', `W/${etag}`);
    const out = done ? await compressWhole(concat(chunks, size), encoding) : compressStream(chunks, reader, encoding);
    replaceResponse(c, new Response(out, init));
  };
}

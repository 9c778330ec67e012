/**
 * Static files: our own (src/platform/ui/static), the KERN design system's CSS and fonts, the JavaScript islands
 * (bundled on first request by ui/islands/build.ts), the one stylesheet pages link (ui/styles/stylesheet.ts) and the
 * Fira Sans cuts (ui/styles/fonts.ts) — the last three with content-hashed names cached for a year.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Context } from 'hono';
import { islandResponse } from '../ui/islands/build';
import { fontResponse } from '../ui/styles/fonts';
import { stylesheetEncoded, stylesheetResponse } from '../ui/styles/stylesheet';
import { negotiateEncoding } from './compress';

const require = createRequire(import.meta.url);
const kernDist = path.join(path.dirname(require.resolve('@kern-ux/native/package.json')), 'dist');
const ownDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'ui', 'static');

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

const cache = new Map<string, Buffer>();

function safeJoin(root: string, rel: string): string | null {
  const p = path.resolve(root, `.${path.posix.normalize(`/${rel}`)}`);
  return p.startsWith(root + path.sep) ? p : null;
}

/** Adds `font-display: swap` to every @font-face rule that names no font-display. */
export function withFontDisplaySwap(css: Buffer): Buffer {
  return Buffer.from(css.toString('utf8').replace(/@font-face\s*\{(?![^}]*font-display)/g, '@font-face {\n    font-display: swap;'));
}

export async function serveStaticFile(c: Context, rel: string) {
  if (rel.startsWith('islands/')) {
    const js = islandResponse(rel.slice('islands/'.length));
    if (!js) return c.notFound();
    return c.body(new Uint8Array(js.body), 200, { 'Content-Type': TYPES['.js']!, 'Cache-Control': js.cacheControl });
  }
  if (rel.startsWith('fonts/')) {
    const font = await fontResponse(rel.slice('fonts/'.length));
    if (!font) return c.notFound();
    return c.body(new Uint8Array(font.body), 200, { 'Content-Type': TYPES['.woff2']!, 'Cache-Control': font.cacheControl });
  }
  const sheet = stylesheetResponse(rel);
  if (sheet) {
    // Sent precompressed (brotli 11 or gzip 9, made once); the compression middleware leaves encoded answers alone.
    const headers: Record<string, string> = { 'Content-Type': TYPES['.css']!, 'Cache-Control': sheet.cacheControl, Vary: 'Accept-Encoding' };
    const encoding = c.req.method === 'HEAD' ? undefined : negotiateEncoding(c.req.header('accept-encoding'), ['br', 'gzip']);
    if (!encoding) return c.body(new Uint8Array(sheet.body), 200, headers);
    return c.body(new Uint8Array(stylesheetEncoded(encoding)), 200, { ...headers, 'Content-Encoding': encoding });
  }
  const [root, sub] = rel.startsWith('kern/') ? [kernDist, rel.slice(5)] : [ownDir, rel];
  const file = safeJoin(root, sub);
  const type = file ? TYPES[path.extname(file)] : undefined;
  if (!file || !type) return c.notFound();
  let buf = cache.get(file);
  if (!buf) {
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return c.notFound();
    buf = fs.readFileSync(file);
    // KERN's font faces have no font-display: text stays invisible until four ~135 KB fonts arrive, which made them
    // the largest contentful paint on a slow line (Lighthouse, bench/budgets.ts: LCP 3.6–4.3 s → 1.4–1.6 s with swap,
    // no layout shift measured). Text shows at once in the fallback font and swaps.
    if (root === kernDist && sub.startsWith('fonts/') && file.endsWith('.css')) buf = withFontDisplaySwap(buf);
    cache.set(file, buf);
  }
  return c.body(new Uint8Array(buf), 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=3600' });
}

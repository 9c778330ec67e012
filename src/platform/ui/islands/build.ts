/**
 * Islands: the few bits of browser JavaScript Quartier has, written in TypeScript next to this file and bundled by
 * esbuild when first asked for (the first page that needs one, or `prebuildIslands()` at start) — no separate build
 * step, `npm install && npm start` is enough. Each bundle is kept in memory and served by http/static.ts as
 * /static/islands/<name>.<content hash>.js with a one-year immutable cache; a page always names the current hash.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Entry files by island name. */
export const ISLANDS = {
  map: path.join(here, 'map.ts'),
} as const;

export type IslandName = keyof typeof ISLANDS;

/** JavaScript budget per island, gzip (the public pages' total budget is 15 KB). */
export const ISLAND_BUDGET_GZIP = 8 * 1024;

export interface BuiltIsland {
  name: IslandName;
  code: Buffer;
  hash: string;
  url: string;
  gzipBytes: number;
}

const built = new Map<IslandName, BuiltIsland>();

/** Bundles an island (once per process): ES module, minified, for browsers from 2020 on. */
export function island(name: IslandName): BuiltIsland {
  const hit = built.get(name);
  if (hit) return hit;
  const result = buildSync({
    entryPoints: [ISLANDS[name]],
    bundle: true,
    format: 'esm',
    minify: true,
    target: ['es2020'],
    platform: 'browser',
    write: false,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
  });
  const code = Buffer.from(result.outputFiles[0]!.contents);
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 12);
  const b: BuiltIsland = { name, code, hash, url: `/static/islands/${name}.${hash}.js`, gzipBytes: gzipSync(code, { level: 9 }).length };
  built.set(name, b);
  return b;
}

/** The URL a page uses to load an island (content-hashed). */
export function islandUrl(name: IslandName): string {
  return island(name).url;
}

/** Builds every island now (e.g. at server start), so the first page does not wait. */
export function prebuildIslands(): void {
  for (const name of Object.keys(ISLANDS) as IslandName[]) island(name);
}

/**
 * A request below /static/islands/: "map.<hash>.js" (the current hash: cached for a year, immutable) or "map.js"
 * (always the current build, revalidated after five minutes). An old hash gets the current code, not cached.
 */
export function islandResponse(file: string): { body: Buffer; cacheControl: string } | null {
  const m = /^([a-z][a-z0-9-]*)(?:\.([0-9a-f]{12}))?\.js$/.exec(file);
  if (!m || !Object.hasOwn(ISLANDS, m[1]!)) return null;
  const b = island(m[1] as IslandName);
  if (!m[2]) return { body: b.code, cacheControl: 'public, max-age=300' };
  return { body: b.code, cacheControl: m[2] === b.hash ? 'public, max-age=31536000, immutable' : 'no-cache' };
}

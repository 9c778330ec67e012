/**
 * The one stylesheet every page links (ADR 0028): the KERN design system's CSS reduced to the rules Quartier's markup
 * can match, the Fira Sans faces cut by Unicode range (fonts.ts), and Quartier's own app.css — one request instead of
 * three, about half of KERN's 35 KB (gzip), served as /static/quartier.<content hash>.css with a one-year immutable
 * cache. Built with PostCSS when first asked for (or at start), like the islands: `npm install && npm start` is enough.
 *
 * What "can match" means: every `kern-…` class name written anywhere in src/ (markup, code, CSS; not tests) is collected; a
 * name built in a template literal (`kern-btn--${variant}`) keeps every class that starts with its fixed part. A KERN selector is
 * kept when each KERN class it needs is among them (canMatch: classes inside `:not(…)` are not needed, of `:is(…)`,
 * `:where(…)` and `:has(…)` one alternative is). Element and attribute selectors and keyframes are kept; custom properties only
 * when something reads them (`var(--…)` in the rules kept or in app.css).
 * A new KERN class in a template is therefore styled as soon as it is written; only a class name built from text
 * outside src/ (none today) would be missed.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import postcss, { type Root } from 'postcss';
import { fontFaceCss } from './fonts';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const srcDir = path.resolve(here, '..', '..', '..');
const kernCssFile = path.join(path.dirname(require.resolve('@kern-ux/native/package.json')), 'dist', 'kern.min.css');
const appCssFile = path.resolve(here, '..', 'static', 'app.css');

/** A `kern-…` name; followed by `${` it is the fixed start of a class built in a template literal. */
const KERN_CLASS = /kern-[A-Za-z0-9_-]*(\$\{)?/g;

/**
 * Every `kern-…` class name in the given folder's .ts/.tsx/.css files (tests aside), and the prefixes of names built
 * in template literals (`kern-btn--${variant}` → "kern-btn--").
 */
export function kernClassesUsed(dir: string = srcDir): { names: Set<string>; prefixes: string[] } {
  const names = new Set<string>();
  const prefixes = new Set<string>();
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.(tsx?|css)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
        for (const m of fs.readFileSync(p, 'utf8').matchAll(KERN_CLASS)) {
          const name = m[1] ? m[0].slice(0, -2) : m[0];
          if (m[1]) prefixes.add(name);
          else if (!/[-_]$/.test(name)) names.add(name);
        }
      }
    }
  };
  walk(dir);
  return { names, prefixes: [...prefixes] };
}

/** Removes every KERN rule (and selector) that needs a class the markup never uses; see the module comment. */
export function purgeKern(css: string, used: { names: Set<string>; prefixes: string[] }, alsoReferencing = ''): string {
  const isUsed = (cls: string) => used.names.has(cls) || used.prefixes.some((p) => cls.startsWith(p));
  const selectorMatches = (selector: string) => canMatch(selector, isUsed);
  const root: Root = postcss.parse(css);
  root.walkRules((rule) => {
    if (rule.parent?.type === 'atrule' && /keyframes$/i.test((rule.parent as { name: string }).name)) return;
    const kept = rule.selectors.filter(selectorMatches);
    if (kept.length === 0) rule.remove();
    else if (kept.length < rule.selectors.length) rule.selectors = kept;
  });
  pruneCustomProperties(root, alsoReferencing);
  // Rules and media queries (and the like) left empty go too, innermost first.
  root.walkRules((rule) => {
    if (rule.nodes.length === 0) rule.remove();
  });
  let removed = true;
  while (removed) {
    removed = false;
    root.walkAtRules((at) => {
      if (at.nodes && at.nodes.length === 0) {
        at.remove();
        removed = true;
      }
    });
  }
  return root.toString();
}

const NEVER = '.kern-\u0000never';

/**
 * Whether a selector can match markup whose KERN classes all pass `isUsed`: `:not(…)` needs nothing; `:is()`,
 * `:where()`, `:has()` (and old aliases) need one of their alternatives; every other KERN class is needed.
 * Innermost functional pseudo-classes are resolved first, so nesting works.
 */
export function canMatch(selector: string, isUsed: (cls: string) => boolean): boolean {
  const simple = (sel: string) => !sel.includes(NEVER) && (sel.match(/\.kern-[A-Za-z0-9_-]+/g) ?? []).every((c) => isUsed(c.slice(1)));
  // Arguments without selectors in them (:nth-child(2n+1), :lang(ar), :dir(rtl)) are dropped first.
  let s = selector.replace(/:(?:nth-[a-z-]+|lang|dir)\([^()]*\)/g, '');
  const inner = /:(not|is|where|has|matches|-webkit-any|-moz-any)\(([^()]*)\)/;
  for (let m = inner.exec(s); m; m = inner.exec(s)) {
    const ok = m[1] === 'not' || m[2]!.split(',').some((alt) => simple(alt));
    s = s.slice(0, m.index) + (ok ? '' : NEVER) + s.slice(m.index + m[0].length);
  }
  return simple(s);
}

const VAR_REF = /var\(\s*(--[A-Za-z0-9_-]+)/g;

/**
 * Drops custom property declarations (`--kern-…: …`) that nothing reads through `var()` — neither the rules kept nor
 * `alsoReferencing` (Quartier's own CSS) — repeated until none is left, since one property may only feed another.
 * KERN defines about 500 (colour scales, themes); a page's style computation carries every one it inherits.
 */
function pruneCustomProperties(root: Root, alsoReferencing: string): void {
  const outside = new Set([...alsoReferencing.matchAll(VAR_REF)].map((m) => m[1]!));
  for (;;) {
    const read = new Set(outside);
    root.walkDecls((d) => {
      for (const m of d.value.matchAll(VAR_REF)) if (m[1] !== d.prop) read.add(m[1]!);
    });
    let dropped = 0;
    root.walkDecls((d) => {
      if (d.prop.startsWith('--') && !read.has(d.prop)) {
        d.remove();
        dropped++;
      }
    });
    if (dropped === 0) return;
  }
}

export interface BuiltStylesheet {
  css: Buffer;
  hash: string;
  url: string;
  gzipBytes: number;
}

let built: BuiltStylesheet | undefined;

/** Builds the stylesheet (once per process). */
export function stylesheet(): BuiltStylesheet {
  if (built) return built;
  const app = fs.readFileSync(appCssFile, 'utf8');
  const kern = purgeKern(fs.readFileSync(kernCssFile, 'utf8').replace(/^@charset[^;]*;/, ''), kernClassesUsed(), app);
  const css = Buffer.from(
    `@charset "UTF-8";\n/* KERN UX ${kernVersion()} (EUPL-1.2), the rules Quartier uses */\n${kern}\n/* Fira Sans (SIL OFL 1.1), cut by Unicode range */\n${fontFaceCss()}\n/* Quartier */\n${app}`,
  );
  const hash = createHash('sha256').update(css).digest('hex').slice(0, 12);
  built = { css, hash, url: `/static/quartier.${hash}.css`, gzipBytes: gzipSync(css, { level: 9 }).length };
  return built;
}

function kernVersion(): string {
  return (require('@kern-ux/native/package.json') as { version: string }).version;
}

/** The URL every page links (content-hashed). */
export function stylesheetUrl(): string {
  return stylesheet().url;
}

const encoded = new Map<string, Buffer>();

/**
 * The stylesheet compressed once per process at the strongest settings — brotli 11 (about 15 KB) or gzip 9 (about
 * 19 KB) — instead of by the compression middleware on every request. static.ts picks one by Accept-Encoding.
 */
export function stylesheetEncoded(encoding: 'br' | 'gzip'): Buffer {
  const s = stylesheet();
  const key = `${s.hash}:${encoding}`;
  let body = encoded.get(key);
  if (!body) {
    body =
      encoding === 'br'
        ? brotliCompressSync(s.css, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: s.css.length } })
        : gzipSync(s.css, { level: 9 });
    encoded.set(key, body);
  }
  return body;
}

/**
 * A request for /static/quartier.<hash>.css (the current hash: cached for a year, immutable) or /static/quartier.css
 * (always the current one, revalidated after five minutes); an old hash gets the current CSS, not cached. Other names: null.
 */
export function stylesheetResponse(file: string): { body: Buffer; cacheControl: string } | null {
  const m = /^quartier(?:\.([0-9a-f]{12}))?\.css$/.exec(file);
  if (!m) return null;
  const s = stylesheet();
  if (!m[1]) return { body: s.css, cacheControl: 'public, max-age=300' };
  return { body: s.css, cacheControl: m[1] === s.hash ? 'public, max-age=31536000, immutable' : 'no-cache' };
}

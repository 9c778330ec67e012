/**
 * Fira Sans, the KERN design system's typeface, in small pieces (ADR 0028).
 *
 * KERN ships each weight as one ~135 KB WOFF2 file with every script and OpenType feature of the font. A public page
 * uses four weights, so a first visit on a slow mobile line downloaded about 540 KB of fonts before the text settled,
 * and Lighthouse counted them into the first paint (bench/budgets.ts). Here each face is cut into three Unicode
 * ranges — Latin (German, English, the digits of every language), Latin Extended (Turkish) and Cyrillic (Ukrainian) —
 * declared with `unicode-range`, so a browser fetches only the ranges a page's text uses: about 11 KB per weight for a
 * German page. Arabic has no glyphs in Fira Sans; it falls back to the system's Arabic font, as before.
 *
 * The cuts are made with HarfBuzz (subset-font, WebAssembly — no native binary, no download) when first asked for and
 * kept in memory; their URLs carry a hash of the source file and the cut, so they are cached for a year. Kept: the
 * layout features text needs (kerning, ligatures, contextual alternates, marks, localised forms); dropped: stylistic
 * sets, old-style figures and TrueType hinting (current browsers render unhinted outlines well; it halves the size).
 * Fira Sans is under the SIL Open Font License 1.1, which allows such subsets.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import subsetFont from 'subset-font';
import type { Locale } from '../../i18n';

const require = createRequire(import.meta.url);
const firaDir = path.join(path.dirname(require.resolve('@kern-ux/native/package.json')), 'dist', 'fonts', 'fira-sans');

/** Code point ranges [from, to] per cut, as in `unicode-range`. */
export const FONT_RANGES = {
  latin: [
    [0x0000, 0x00ff],
    [0x0131, 0x0131],
    [0x0152, 0x0153],
    [0x02bb, 0x02bc],
    [0x02c6, 0x02c6],
    [0x02da, 0x02da],
    [0x02dc, 0x02dc],
    [0x2000, 0x206f],
    [0x20ac, 0x20ac],
    [0x2122, 0x2122],
    [0x2190, 0x2193],
    [0x2212, 0x2212],
    [0x2215, 0x2215],
    [0xfeff, 0xfeff],
    [0xfffd, 0xfffd],
  ],
  'latin-ext': [
    [0x0100, 0x0130],
    [0x0132, 0x0151],
    [0x0154, 0x024f],
    [0x0259, 0x0259],
    [0x1e00, 0x1eff],
    [0x20a0, 0x20ab],
    [0x20ad, 0x20cf],
    [0x2c60, 0x2c7f],
    [0xa720, 0xa7ff],
  ],
  cyrillic: [
    [0x0400, 0x045f],
    [0x0490, 0x0491],
    [0x04b0, 0x04b1],
    [0x2116, 0x2116],
  ],
} as const satisfies Record<string, ReadonlyArray<readonly [number, number]>>;

export type FontRange = keyof typeof FONT_RANGES;

/** The faces a page may use: KERN's weights (400 body, 500 sublines, 600 headings and labels) and 700 (app.css). */
const FACES = [
  { weight: 400, style: 'normal', file: 'FiraSans-Regular.woff2' },
  { weight: 400, style: 'italic', file: 'FiraSans-Italic.woff2' },
  { weight: 500, style: 'normal', file: 'FiraSans-Medium.woff2' },
  { weight: 600, style: 'normal', file: 'FiraSans-SemiBold.woff2' },
  { weight: 700, style: 'normal', file: 'FiraSans-Bold.woff2' },
  { weight: 700, style: 'italic', file: 'FiraSans-BoldItalic.woff2' },
] as const;

/** OpenType features kept in every cut. */
const KEEP_FEATURES = ['kern', 'liga', 'clig', 'calt', 'ccmp', 'locl', 'mark', 'mkmk'];

interface Cut {
  name: string;
  hash: string;
  source: string;
  range: FontRange;
  weight: number;
  style: string;
}

let cuts: Map<string, Cut> | undefined;
const made = new Map<string, Promise<Buffer>>();

function hex(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, '0');
}

function unicodeRange(range: FontRange): string {
  return FONT_RANGES[range].map(([a, b]) => (a === b ? `U+${hex(a)}` : `U+${hex(a)}-${hex(b)}`)).join(', ');
}

function allCuts(): Map<string, Cut> {
  if (cuts) return cuts;
  cuts = new Map();
  for (const face of FACES) {
    const source = path.join(firaDir, face.file);
    const sourceHash = createHash('sha256').update(fs.readFileSync(source)).digest('hex');
    for (const range of Object.keys(FONT_RANGES) as FontRange[]) {
      const hash = createHash('sha256')
        .update(`${sourceHash}|${unicodeRange(range)}|${KEEP_FEATURES.join(',')}|no-hinting`)
        .digest('hex')
        .slice(0, 12);
      const name = `fira-sans-${face.weight}${face.style === 'italic' ? 'i' : ''}-${range}`;
      cuts.set(name, { name, hash, source, range, weight: face.weight, style: face.style });
    }
  }
  return cuts;
}

/**
 * The cuts every page in a language draws text with (measured in the browser; test/e2e/portal.e2e.test.ts checks
 * that each one is used): the page shell's text (400), labels and headings (600), the brand (700) and the language
 * switcher's "Українська" (Cyrillic 400). They are preloaded from the page's head, so they arrive beside the
 * stylesheet and the first layout already uses them. Without it the faces came one after another after the first
 * paint, and every arrival laid the whole page out again (5–8 passes): Lighthouse's total blocking time on a phone.
 */
const PRELOAD: Record<Locale, string[]> = {
  de: ['fira-sans-400-latin', 'fira-sans-600-latin', 'fira-sans-700-latin', 'fira-sans-400-cyrillic'],
  en: ['fira-sans-400-latin', 'fira-sans-600-latin', 'fira-sans-700-latin', 'fira-sans-400-cyrillic'],
  ar: ['fira-sans-400-latin', 'fira-sans-600-latin', 'fira-sans-700-latin', 'fira-sans-400-cyrillic'],
  tr: ['fira-sans-400-latin', 'fira-sans-400-latin-ext', 'fira-sans-600-latin', 'fira-sans-700-latin', 'fira-sans-400-cyrillic'],
  uk: ['fira-sans-400-latin', 'fira-sans-700-latin', 'fira-sans-400-cyrillic', 'fira-sans-600-cyrillic', 'fira-sans-700-cyrillic'],
};

/** The URL of a cut by its name (e.g. "fira-sans-400-latin"), with the current hash. */
export function fontCutUrl(name: string): string {
  const c = allCuts().get(name);
  if (!c) throw new Error(`No font cut named ${name}`);
  return `/static/fonts/${c.name}.${c.hash}.woff2`;
}

/**
 * The cuts a page preloads: those of its language, and Fira Sans 500 (Latin) when the page has a
 * `kern-heading-x-large` heading (its largest text, so the first paint is the final one).
 */
export function preloadFontUrls(locale: Locale, opts: { largeHeading?: boolean } = {}): string[] {
  return [...PRELOAD[locale], ...(opts.largeHeading ? ['fira-sans-500-latin'] : [])].map(fontCutUrl);
}

/** The @font-face rules of every cut (font-display: swap — text shows at once in the fallback font). */
export function fontFaceCss(): string {
  return [...allCuts().values()]
    .map(
      (c) =>
        `@font-face{font-family:"Fira Sans";font-style:${c.style};font-weight:${c.weight};font-display:swap;` +
        `src:url(${fontCutUrl(c.name)}) format("woff2");unicode-range:${unicodeRange(c.range)}}`,
    )
    .join('\n');
}

function codePoints(range: FontRange): string {
  let s = '';
  for (const [a, b] of FONT_RANGES[range]) for (let cp = a; cp <= b; cp++) if (cp >= 0x20) s += String.fromCodePoint(cp);
  return s;
}

function cutFont(c: Cut): Promise<Buffer> {
  let p = made.get(c.name);
  if (!p) {
    p = subsetFont(fs.readFileSync(c.source), codePoints(c.range), { targetFormat: 'woff2', keepFeatures: KEEP_FEATURES, noHinting: true });
    // A failed cut is not kept: the next request tries again.
    p.catch(() => made.delete(c.name));
    made.set(c.name, p);
  }
  return p;
}

/**
 * A request below /static/fonts/: "<cut>.<hash>.woff2" with the current hash (cached for a year, immutable); an old
 * hash gets the current cut, not cached. Unknown names: null.
 */
export async function fontResponse(file: string): Promise<{ body: Buffer; cacheControl: string } | null> {
  const m = /^([a-z0-9-]+)\.([0-9a-f]{12})\.woff2$/.exec(file);
  const c = m ? allCuts().get(m[1]!) : undefined;
  if (!m || !c) return null;
  const body = await cutFont(c);
  return { body, cacheControl: m[2] === c.hash ? 'public, max-age=31536000, immutable' : 'no-cache' };
}

/** Makes every cut now (in the background at server start), so that no visitor waits for one. */
export async function prepareFonts(): Promise<void> {
  await Promise.all([...allCuts().values()].map((c) => cutFont(c)));
}

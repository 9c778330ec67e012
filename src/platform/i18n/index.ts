/**
 * Message catalogs. German is the source language. Each part of the app keeps its catalogs beside its code in
 * `messages/{de,en,tr,ar,uk}.json` (flat keys, ICU MessageFormat values: plurals by CLDR rules); `registerCatalog`
 * merges them. A key missing in a language falls back to German; a key missing in German is a programming error
 * and shows the key (tests list both, see i18n.test.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';

export const LOCALES = ['de', 'en', 'tr', 'ar', 'uk'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'de';
export const RTL_LOCALES: ReadonlySet<Locale> = new Set<Locale>(['ar']);
/** Each language in its own name (endonym), so a reader finds theirs without knowing the current one. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = { de: 'Deutsch', en: 'English', tr: 'Türkçe', ar: 'العربية', uk: 'Українська' };

export type Catalog = Record<string, string>;
const catalogs: Record<Locale, Catalog> = { de: {}, en: {}, tr: {}, ar: {}, uk: {} };
const compiled = new Map<string, IntlMessageFormat>();

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

export function registerCatalog(source: string, byLocale: Partial<Record<Locale, Catalog>>): void {
  for (const locale of LOCALES) {
    const cat = byLocale[locale];
    if (!cat) continue;
    for (const [k, v] of Object.entries(cat)) {
      if (locale === 'de' && k in catalogs.de && catalogs.de[k] !== v) {
        throw new Error(`i18n key ${k} defined twice (second time in ${source})`);
      }
      catalogs[locale][k] = v;
    }
  }
  compiled.clear();
}

export function catalogKeys(locale: Locale): string[] {
  return Object.keys(catalogs[locale]);
}

/** The raw (unformatted) message of a locale, if present. */
export function rawMessage(locale: Locale, key: string): string | undefined {
  return catalogs[locale][key];
}

export function hasKey(key: string): boolean {
  return key in catalogs.de;
}

export type Params = Record<string, string | number | Date | boolean | null | undefined>;
export type Translate = (key: string, params?: Params) => string;

/** Called when a key has no message in the requested language (see `recordFallbacks`). */
export type FallbackRecorder = (locale: Locale, key: string) => void;
let fallbackRecorder: FallbackRecorder | null = null;

/**
 * Installs (or, with `null`, removes) a hook that hears every key `translate` could not find in the requested
 * language — it then shows German, or the key itself when German lacks it too. Used by the test that crawls the
 * pages and lists untranslated keys; when no hook is installed the cost is one comparison on the fallback path.
 */
export function recordFallbacks(recorder: FallbackRecorder | null): void {
  fallbackRecorder = recorder;
}

export function translate(locale: Locale, key: string, params?: Params): string {
  const own = catalogs[locale][key];
  if (own === undefined && fallbackRecorder !== null) fallbackRecorder(locale, key);
  const src = own ?? catalogs.de[key];
  const loc = own !== undefined ? locale : 'de';
  if (src === undefined) return key;
  if (!params && !src.includes('{')) return src;
  const cacheKey = `${loc}\u0000${key}`;
  let fmt = compiled.get(cacheKey);
  if (!fmt) {
    fmt = new IntlMessageFormat(src, loc);
    compiled.set(cacheKey, fmt);
  }
  return String(fmt.format((params ?? {}) as Record<string, string | number | Date | boolean>));
}

/**
 * A label the database stores per language (`label_de`, `label_en`, `label_ar` of categories, topics, types …):
 * the reader's language when stored, otherwise German (Turkish and Ukrainian have no columns; German is the source).
 */
export function storedLabel(labels: { de: string } & Partial<Record<Locale, string | null>>, locale: Locale): string {
  return labels[locale] ?? labels.de;
}

export function translator(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}

export function direction(locale: Locale): 'rtl' | 'ltr' {
  return RTL_LOCALES.has(locale) ? 'rtl' : 'ltr';
}

/** Picks the best supported locale from an Accept-Language header. */
export function negotiate(header: string | undefined | null): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((r) => r.trim().startsWith('q='));
      return { tag: tag.toLowerCase().split('-')[0] ?? '', q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((x) => x.tag && !Number.isNaN(x.q))
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) if (isLocale(tag)) return tag;
  return null;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

export function formatDate(locale: Locale, iso: string | null | undefined, opts: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string {
  if (!iso) return '';
  const key = `${locale}|${JSON.stringify(opts)}`;
  let fmt = dateFormats.get(key);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat(locale === 'ar' ? 'ar-EG' : locale, { timeZone: 'Europe/Berlin', ...opts });
    dateFormats.set(key, fmt);
  }
  return fmt.format(new Date(iso));
}

export function formatDateTime(locale: Locale, iso: string | null | undefined): string {
  return formatDate(locale, iso, { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatNumber(locale: Locale, n: number, opts?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(locale, opts).format(n);
}

/** Registers `messages/{de,en,tr,ar,uk}.json` found in `dir` (a module's or platform part's folder). */
export function registerCatalogDir(source: string, dir: string): void {
  const byLocale: Partial<Record<Locale, Catalog>> = {};
  for (const locale of LOCALES) {
    const file = path.join(dir, 'messages', `${locale}.json`);
    if (fs.existsSync(file)) byLocale[locale] = JSON.parse(fs.readFileSync(file, 'utf8')) as Catalog;
  }
  registerCatalog(source, byLocale);
}

/**
 * Catalog checks over every part of the app: German is complete for every key used in the code; English and
 * Arabic have every German key (the list of untranslated keys is printed when this fails); every language has only
 * German keys and the same placeholders. Turkish/Ukrainian coverage of the pages: test/i18n/untranslated.int.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogKeys, formatDate, formatDateTime, formatNumber, negotiate, rawMessage, recordFallbacks, registerCatalog, registerCatalogDir, translate, direction, LOCALES } from './index';
import { IntlMessageFormat } from 'intl-messageformat';
import { modules } from '../../modules';

const root = path.resolve(__dirname, '..', '..');
for (const m of modules) registerCatalogDir(m.name, m.dir);

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|tsx)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) out.push(p);
  }
  return out;
}

/** Keys written literally in the code: t('a.b'), labelKey: 'a.b', key: 'a.b', redirectWithNotice(c, '/x', 'a.b'). */
function keysUsedInCode(): Map<string, string> {
  const used = new Map<string, string>();
  const patterns = [/\bt\(\s*'([a-z][\w-]*(?:\.[\w-]+)+)'/g, /\b(?:labelKey|key|titleKey|textKey|hintKey)\s*:\s*'([a-z][\w-]*(?:\.[\w-]+)+)'/g, /redirectWithNotice\([^)]*?'([a-z][\w-]*(?:\.[\w-]+)+)'\s*(?:,|\))/g];
  for (const f of sourceFiles(root)) {
    const text = fs.readFileSync(f, 'utf8');
    for (const re of patterns) for (const m of text.matchAll(re)) used.set(m[1]!, path.relative(root, f));
  }
  return used;
}

interface Shape {
  args: Set<string>;
  /** Plural/selectordinal arguments and the categories each offers (exact `=n` selectors aside). */
  plurals: Map<string, Set<string>>;
}

/** Argument names and plural categories of an ICU message, from the parsed message (so nesting is handled). */
function shape(message: string, locale: string): Shape {
  const out: Shape = { args: new Set(), plurals: new Map() };
  type Node = { type: number; value?: unknown; options?: Record<string, { value: Node[] }>; pluralType?: string; children?: Node[] };
  const walk = (nodes: Node[]): void => {
    for (const n of nodes) {
      if (typeof n.value === 'string' && n.type >= 1 && n.type <= 6) out.args.add(n.value);
      if (n.options) {
        if (n.pluralType !== undefined && typeof n.value === 'string') {
          const cats = out.plurals.get(n.value) ?? new Set<string>();
          for (const k of Object.keys(n.options)) if (!k.startsWith('=')) cats.add(k);
          out.plurals.set(n.value, cats);
        }
        for (const o of Object.values(n.options)) walk(o.value);
      }
      if (n.children) walk(n.children);
    }
  };
  walk(new IntlMessageFormat(message, locale).getAst() as unknown as Node[]);
  return out;
}

function placeholders(s: string): string[] {
  return [...new Set([...s.matchAll(/\{\s*([a-zA-Z_]\w*)\s*[,}]/g)].map((m) => m[1]!))].sort();
}

describe('message catalogs', () => {
  it('German has every key the code uses', () => {
    const de = new Set(catalogKeys('de'));
    const missing = [...keysUsedInCode()].filter(([k]) => !de.has(k)).map(([k, f]) => `${k} (${f})`);
    expect(missing, `keys used in code but missing in de:\n${missing.join('\n')}`).toEqual([]);
  });

  // English and Arabic translate every German key. Turkish and Ukrainian must cover every key a public page uses
  // (and English every staff key) — test/i18n/untranslated.int.test.ts crawls the pages and lists the gaps.
  for (const locale of ['en', 'ar'] as const) {
    it(`${locale} translates every German key`, () => {
      const own = new Set(catalogKeys(locale));
      const untranslated = catalogKeys('de').filter((k) => !own.has(k));
      if (untranslated.length) console.warn(`untranslated (${locale}):\n  ${untranslated.join('\n  ')}`);
      expect(untranslated, `untranslated keys in ${locale}`).toEqual([]);
    });
  }

  for (const locale of LOCALES.filter((l) => l !== 'de')) {
    it(`${locale} has only German keys, with the same placeholders`, () => {
      const de = new Set(catalogKeys('de'));
      const orphans = catalogKeys(locale).filter((k) => !de.has(k));
      expect(orphans, `keys in ${locale} that German does not have`).toEqual([]);
      const mismatched = catalogKeys(locale).filter((k) => placeholders(rawMessage('de', k) ?? '').join() !== placeholders(rawMessage(locale, k) ?? '').join());
      expect(mismatched, `placeholder mismatch in ${locale}`).toEqual([]);
    });
  }

  for (const locale of ['tr', 'uk'] as const) {
    it(`${locale}: every message parses, names the German arguments and offers the CLDR plural categories`, () => {
      const required = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
      const problems: string[] = [];
      for (const key of catalogKeys(locale)) {
        let own: Shape;
        try {
          own = shape(rawMessage(locale, key)!, locale);
        } catch (e) {
          problems.push(`${key}: does not parse (${e instanceof Error ? e.message : String(e)})`);
          continue;
        }
        const de = shape(rawMessage('de', key) ?? '', 'de');
        if ([...own.args].sort().join() !== [...de.args].sort().join()) problems.push(`${key}: arguments ${[...own.args].join()} ≠ German ${[...de.args].join()}`);
        for (const [arg, cats] of own.plurals) {
          const missing = required.filter((c) => !cats.has(c));
          if (missing.length) problems.push(`${key}: plural ${arg} lacks ${missing.join(', ')}`);
        }
      }
      expect(problems).toEqual([]);
    });
  }

  it('formats plurals by CLDR rules and falls back to German', () => {
    expect(translate('de', 'form.errorSummary', { count: 1 })).toContain('1 Angabe');
    expect(translate('de', 'form.errorSummary', { count: 3 })).toContain('3 Angaben');
    expect(translate('en', 'form.errorSummary', { count: 2 })).toContain('2 entries');
    expect(translate('ar', 'form.errorSummary', { count: 2 })).toContain('إدخالين');
    expect(translate('uk', 'form.errorSummary', { count: 3 })).toBe('Будь ласка, виправте 3 поля:');
    expect(translate('uk', 'form.errorSummary', { count: 5 })).toBe('Будь ласка, виправте 5 полів:');
    expect(translate('tr', 'form.errorSummary', { count: 2 })).toBe('Lütfen 2 bilgiyi düzeltin:');
    expect(translate('en', 'no.such.key')).toBe('no.such.key');
  });

  it('negotiates languages and directions', () => {
    expect(negotiate('ar-EG,ar;q=0.9,en;q=0.8')).toBe('ar');
    expect(negotiate('fr-FR, en;q=0.5')).toBe('en');
    expect(negotiate('fr')).toBeNull();
    expect(negotiate('tr-TR,tr;q=0.9,de;q=0.8')).toBe('tr');
    expect(negotiate('ru;q=0.9, uk-UA')).toBe('uk');
    expect(negotiate('en;q=0.4, uk;q=0.7')).toBe('uk');
    expect(direction('ar')).toBe('rtl');
    for (const l of ['de', 'en', 'tr', 'uk'] as const) expect(direction(l)).toBe('ltr');
    expect(formatDate('de', '2026-11-25T10:00:00Z')).toBe('25.11.2026');
  });

  it('formats dates and numbers by CLDR per language', () => {
    const iso = '2026-11-25T10:00:00Z';
    expect(formatDate('tr', iso)).toBe('25 Kas 2026');
    expect(formatDate('uk', iso)).toMatch(/^25 лист\. 2026/);
    expect(formatDate('en', iso)).toBe('Nov 25, 2026');
    expect(formatDateTime('tr', '2026-11-25T17:05:00Z')).toContain('18:05'); // Europe/Berlin
    expect(formatNumber('de', 1234.5)).toBe('1.234,5');
    expect(formatNumber('tr', 1234.5)).toBe('1.234,5');
    expect(formatNumber('uk', 1234.5)).toBe('1\u00a0234,5');
    expect(formatNumber('en', 1234.5)).toBe('1,234.5');
  });

  it('uses the plural categories of Turkish and Ukrainian', () => {
    registerCatalog('i18n.test', {
      de: { 'i18n.test.requests': '{count, plural, one {# Anliegen} other {# Anliegen}}' },
      tr: { 'i18n.test.requests': '{count, plural, one {# talep} other {# talep}}' },
      uk: { 'i18n.test.requests': '{count, plural, one {# звернення} few {# звернення} many {# звернень} other {# звернення}}' },
    });
    expect(translate('uk', 'i18n.test.requests', { count: 1 })).toBe('1 звернення');
    expect(translate('uk', 'i18n.test.requests', { count: 5 })).toBe('5 звернень');
    expect(translate('uk', 'i18n.test.requests', { count: 11 })).toBe('11 звернень');
    expect(translate('uk', 'i18n.test.requests', { count: 22 })).toBe('22 звернення');
    expect(translate('tr', 'i18n.test.requests', { count: 1000 })).toBe('1.000 talep');
    expect(new Intl.PluralRules('uk').resolvedOptions().pluralCategories.sort()).toEqual(['few', 'many', 'one', 'other']);
  });

  it('reports a fallback to German only while a recorder is installed', () => {
    const heard: string[] = [];
    recordFallbacks((locale, key) => heard.push(`${locale}:${key}`));
    try {
      translate('tr', 'i18n.test.requests', { count: 2 });
      translate('tr', 'no.such.key');
      translate('en', 'form.errorSummary', { count: 2 });
    } finally {
      recordFallbacks(null);
    }
    translate('tr', 'no.such.key.either');
    expect(heard).toEqual(['tr:no.such.key']);
  });
});

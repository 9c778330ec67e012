/**
 * Catalog checks over every part of the app: German is complete for every key used in the code; English and
 * Arabic have every German key (the list of untranslated keys is printed when this fails); placeholders match.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogKeys, formatDate, negotiate, rawMessage, registerCatalogDir, translate, direction, LOCALES } from './index';
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

function placeholders(s: string): string[] {
  return [...new Set([...s.matchAll(/\{\s*([a-zA-Z_]\w*)\s*[,}]/g)].map((m) => m[1]!))].sort();
}

describe('message catalogs', () => {
  it('German has every key the code uses', () => {
    const de = new Set(catalogKeys('de'));
    const missing = [...keysUsedInCode()].filter(([k]) => !de.has(k)).map(([k, f]) => `${k} (${f})`);
    expect(missing, `keys used in code but missing in de:\n${missing.join('\n')}`).toEqual([]);
  });

  for (const locale of LOCALES.filter((l) => l !== 'de')) {
    it(`${locale} translates every German key with the same placeholders`, () => {
      const own = new Set(catalogKeys(locale));
      const untranslated = catalogKeys('de').filter((k) => !own.has(k));
      if (untranslated.length) console.warn(`untranslated (${locale}):\n  ${untranslated.join('\n  ')}`);
      expect(untranslated, `untranslated keys in ${locale}`).toEqual([]);
      const mismatched = catalogKeys('de').filter((k) => own.has(k) && placeholders(rawMessage('de', k) ?? '').join() !== placeholders(rawMessage(locale, k) ?? '').join());
      expect(mismatched, `placeholder mismatch in ${locale}`).toEqual([]);
    });
  }

  it('formats plurals by CLDR rules and falls back to German', () => {
    expect(translate('de', 'form.errorSummary', { count: 1 })).toContain('1 Angabe');
    expect(translate('de', 'form.errorSummary', { count: 3 })).toContain('3 Angaben');
    expect(translate('en', 'form.errorSummary', { count: 2 })).toContain('2 entries');
    expect(translate('ar', 'form.errorSummary', { count: 2 })).toContain('إدخالين');
    expect(translate('en', 'no.such.key')).toBe('no.such.key');
  });

  it('negotiates languages and directions', () => {
    expect(negotiate('ar-EG,ar;q=0.9,en;q=0.8')).toBe('ar');
    expect(negotiate('fr-FR, en;q=0.5')).toBe('en');
    expect(negotiate('fr')).toBeNull();
    expect(direction('ar')).toBe('rtl');
    expect(direction('de')).toBe('ltr');
    expect(formatDate('de', '2026-11-25T10:00:00Z')).toBe('25.11.2026');
  });
});

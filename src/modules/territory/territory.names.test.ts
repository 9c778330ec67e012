import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryKeys, streetKeys } from './territory.names';
import { DATA_DIR, parseCsv } from './territory.seed';

describe('street name normalisation', () => {
  it('ignores case, spacing, hyphens and spells umlauts out (norm) or drops them (fold)', () => {
    expect(streetKeys('Rüttenscheider Straße')).toEqual({ norm: 'ruettenscheiderstrasse', fold: 'ruttenscheiderstrasse' });
    expect(streetKeys('Heinrich-Sense-Weg')).toEqual({ norm: 'heinrichsenseweg', fold: 'heinrichsenseweg' });
    expect(streetKeys("Auf'm Bögel").norm).toBe('aufmboegel');
    expect(streetKeys('Joseph-Lenné-Straße')).toEqual({ norm: 'josephlennestrasse', fold: 'josephlennestrasse' });
  });

  it('treats ß/ss, ä/ae and "Str." alike and drops a house number in queries', () => {
    const target = streetKeys('Rüttenscheider Straße');
    for (const q of ['rüttenscheider strasse', 'RUETTENSCHEIDER STRASSE', 'Rüttenscheider Str.', 'Ruettenscheider Str', 'Rüttenscheiderstr. 12a', 'Rüttenscheider Straße 3-5']) {
      const k = queryKeys(q);
      expect(k.norm === target.norm || k.fold === target.fold, q).toBe(true);
    }
    // Without the umlaut at all ("Ruttenscheider"): the fold key matches.
    expect(queryKeys('Ruttenscheider').fold).toBe('ruttenscheider');
    expect(target.fold.startsWith(queryKeys('Ruttenscheider').fold)).toBe(true);
    // A prefix of the spelled-out form matches the norm key.
    expect(target.norm.startsWith(queryKeys('Ruettensch').norm)).toBe(true);
  });

  it('keeps numbers that are part of an official name', () => {
    expect(streetKeys('Stadtteilbibliothek 1930 Esternhovede').norm).toBe('stadtteilbibliothek1930esternhovede');
  });

  it('finds every street of the Essen list by its own name (query keys = stored keys)', () => {
    const rows = parseCsv(fs.readFileSync(path.join(DATA_DIR, 'essen_strasse_stadtteil.csv'), 'utf8'));
    expect(rows.length).toBe(3354);
    for (const r of rows) {
      const stored = streetKeys(r.strasse!);
      expect(stored.norm.length, r.strasse).toBeGreaterThan(1);
      if (!/\d/.test(r.strasse!)) expect(queryKeys(r.strasse!), r.strasse).toEqual(stored);
    }
  });
});

describe('CSV parser', () => {
  it('reads quoted fields with commas, doubled quotes and CRLF', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi"""\r\n1,\n')).toEqual([
      { a: 'x, y', b: 'say "hi"' },
      { a: '1', b: '' },
    ]);
  });
});

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

describe('street list (Essen, 2015)', () => {
  const rows = parseCsv(fs.readFileSync(path.join(DATA_DIR, 'essen_strasse_stadtteil.csv'), 'utf8'));
  const exact = (q: string) => {
    const k = queryKeys(q);
    return rows.filter((r) => {
      const s = streetKeys(r.strasse!);
      return s.norm === k.norm || s.fold === k.fold;
    });
  };

  it('maps a street inside one Stadtteil to that one', () => {
    expect(exact('Karnaper Str. 100').map((r) => [r.strasse, r.stadtteil_nummern])).toEqual([['Karnaper Straße', '40']]);
    expect(exact('erasmusstrasse 2a').map((r) => r.stadtteile)).toEqual(['Freisenbruch']);
  });

  it('maps a street across a border to every candidate', () => {
    expect(exact('Rüttenscheider Strasse').map((r) => r.stadtteil_nummern)).toEqual(['10; 5']);
    expect(exact('Wieselweg').map((r) => r.stadtteile)).toEqual(['Altenessen-Süd; Vogelheim']);
    const many = rows.filter((r) => Number(r.anzahl_stadtteile) >= 3);
    expect(many.length).toBe(44);
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

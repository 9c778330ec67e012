import { describe, expect, it } from 'vitest';
import { csvCell, parseCsv, parseIndicatorCsv } from './reports.csv';

const districts = new Set([1, 2, 27]);

describe('parseCsv', () => {
  it('reads quoted fields, doubled quotes, CRLF and semicolons', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi"""\r\n').rows).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
    ]);
    const r = parseCsv('a;b\n1,5;2\n');
    expect(r.delimiter).toBe(';');
    expect(r.rows).toEqual([
      ['a', 'b'],
      ['1,5', '2'],
    ]);
  });
  it('defuses spreadsheet formulas and quotes delimiters', () => {
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell(-3)).toBe('-3');
  });
});

describe('parseIndicatorCsv', () => {
  it('accepts valid rows with German headers and decimal commas', () => {
    const r = parseIndicatorCsv('Stadtteil;Indikator;Jahr;Wert;Quelle;Lizenz\n27;sgb2_share;2024;23,5;Erfunden;CC0\n', districts);
    expect(r).toEqual({ ok: true, rows: [{ districtNumber: 27, indicator: 'sgb2_share', year: 2024, value: 23.5, source: 'Erfunden', licence: 'CC0' }] });
  });
  it('reports every problem with line and column', () => {
    const csv = [
      'district_number,indicator,year,value,source,licence',
      '27,population,2024,1000,S,L',
      '99,population,2024,1000,S,L',
      '1,Population!,24,abc,,L',
      '27,population,2024,5,S,L',
      '2,population,2024',
    ].join('\n');
    const r = parseIndicatorCsv(csv, districts);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const brief = r.problems.map((p) => `${p.line}:${p.column ?? '-'}:${p.key.split('.').pop()}`);
    expect(brief).toEqual([
      '3:district_number:unknownDistrict',
      '4:indicator:indicatorKey',
      '4:year:year',
      '4:value:number',
      '4:source:required',
      '5:-:duplicate',
      '6:-:fieldCount',
      '6:value:required',
      '6:source:required',
      '6:licence:required',
    ]);
    expect(r.problems.find((p) => p.line === 5)!.params).toEqual({ first: 2 });
  });
  it('names missing header columns and refuses an empty file', () => {
    const r = parseIndicatorCsv('district_number,indicator,year,value\n', districts);
    expect(r.ok ? [] : r.problems.map((p) => p.column)).toEqual(['source', 'licence']);
    expect(parseIndicatorCsv('', districts).ok).toBe(false);
  });
});

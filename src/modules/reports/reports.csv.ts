/**
 * CSV reading and writing for reports: a small RFC 4180 parser (quoted fields, doubled quotes, CRLF, comma or
 * semicolon as delimiter — German spreadsheets write semicolons) and the row-by-row validation of the social
 * indicator import. Pure functions; the service does the database part in one transaction.
 *
 * Indicator CSV format (documented in the README): a header line with the columns
 *   district_number, indicator, year, value, source, licence
 * (in any order; German names stadtteil, indikator, jahr, wert, quelle, lizenz are accepted too), then one row per
 * Stadtteil, indicator and year. Values use a decimal point, or a decimal comma with semicolon delimiters.
 */

export type Delimiter = ',' | ';';

/** Splits CSV text into rows of fields. Returns the rows and the delimiter it detected from the header line. */
export function parseCsv(text: string): { rows: string[][]; delimiter: Delimiter } {
  const src = text.replace(/^\uFEFF/, '');
  const firstLine = src.split(/\r?\n/, 1)[0] ?? '';
  const delimiter: Delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return { rows: rows.filter((r) => !(r.length === 1 && r[0]!.trim() === '')), delimiter };
}

/** One CSV cell: quoted when needed; a leading =, +, -, @ is defused against formula injection in spreadsheets. */
export function csvCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",;\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export const INDICATOR_COLUMNS = ['district_number', 'indicator', 'year', 'value', 'source', 'licence'] as const;
export type IndicatorColumn = (typeof INDICATOR_COLUMNS)[number];

const ALIASES: Record<string, IndicatorColumn> = {
  district_number: 'district_number',
  district: 'district_number',
  stadtteil: 'district_number',
  stadtteil_nr: 'district_number',
  stadtteilnummer: 'district_number',
  indicator: 'indicator',
  indikator: 'indicator',
  year: 'year',
  jahr: 'year',
  value: 'value',
  wert: 'value',
  source: 'source',
  quelle: 'source',
  licence: 'licence',
  license: 'licence',
  lizenz: 'licence',
};

export const INDICATOR_KEY = /^[a-z][a-z0-9_]{0,59}$/;
export const MAX_IMPORT_ROWS = 20_000;

export interface IndicatorRow {
  districtNumber: number;
  indicator: string;
  year: number;
  value: number;
  source: string;
  licence: string;
}

/** One problem: line number in the file (1 = header), column (when one is at fault), message key and params. */
export interface RowProblem {
  line: number;
  column: IndicatorColumn | null;
  key: string;
  params?: Record<string, string | number>;
}

export type IndicatorParse = { ok: true; rows: IndicatorRow[] } | { ok: false; problems: RowProblem[] };

/**
 * Validates indicator CSV text row by row. Every problem is reported (up to 100), each with its line and column;
 * when there is any, nothing may be imported.
 */
export function parseIndicatorCsv(text: string, knownDistricts: ReadonlySet<number>): IndicatorParse {
  const { rows } = parseCsv(text);
  const problems: RowProblem[] = [];
  const add = (p: RowProblem) => {
    if (problems.length < 100) problems.push(p);
  };
  if (rows.length === 0) return { ok: false, problems: [{ line: 1, column: null, key: 'reports.import.error.empty' }] };
  const header = rows[0]!.map((h) => h.trim().toLowerCase().replace(/[\s-]+/g, '_'));
  const pos = new Map<IndicatorColumn, number>();
  header.forEach((h, i) => {
    const col = ALIASES[h];
    if (col && !pos.has(col)) pos.set(col, i);
  });
  const missing = INDICATOR_COLUMNS.filter((c) => !pos.has(c));
  if (missing.length) return { ok: false, problems: missing.map((c) => ({ line: 1, column: c, key: 'reports.import.error.missingColumn' })) };
  if (rows.length === 1) return { ok: false, problems: [{ line: 2, column: null, key: 'reports.import.error.noRows' }] };
  if (rows.length - 1 > MAX_IMPORT_ROWS) return { ok: false, problems: [{ line: MAX_IMPORT_ROWS + 2, column: null, key: 'reports.import.error.tooManyRows', params: { max: MAX_IMPORT_ROWS } }] };

  const out: IndicatorRow[] = [];
  const seen = new Map<string, number>();
  for (let i = 1; i < rows.length; i++) {
    const line = i + 1;
    const r = rows[i]!;
    const cell = (c: IndicatorColumn) => (r[pos.get(c)!] ?? '').trim();
    let bad = false;
    const fail = (column: IndicatorColumn | null, key: string, params?: Record<string, string | number>) => {
      bad = true;
      add({ line, column, key, ...(params ? { params } : {}) });
    };
    if (r.length !== header.length) fail(null, 'reports.import.error.fieldCount', { expected: header.length, got: r.length });

    const dRaw = cell('district_number');
    const district = /^\d{1,3}$/.test(dRaw) ? Number(dRaw) : NaN;
    if (dRaw === '') fail('district_number', 'reports.import.error.required');
    else if (!Number.isInteger(district)) fail('district_number', 'reports.import.error.integer', { value: dRaw });
    else if (!knownDistricts.has(district)) fail('district_number', 'reports.import.error.unknownDistrict', { value: dRaw });

    const indicator = cell('indicator');
    if (indicator === '') fail('indicator', 'reports.import.error.required');
    else if (!INDICATOR_KEY.test(indicator)) fail('indicator', 'reports.import.error.indicatorKey', { value: indicator });

    const yRaw = cell('year');
    const year = /^\d{4}$/.test(yRaw) ? Number(yRaw) : NaN;
    if (yRaw === '') fail('year', 'reports.import.error.required');
    else if (!Number.isInteger(year) || year < 1900 || year > 2100) fail('year', 'reports.import.error.year', { value: yRaw });

    const vRaw = cell('value');
    // A decimal comma arrives unquoted only with semicolon delimiters (with commas it would split the row).
    const value = /^-?\d+([.,]\d+)?$/.test(vRaw) ? Number(vRaw.replace(',', '.')) : NaN;
    if (vRaw === '') fail('value', 'reports.import.error.required');
    else if (!Number.isFinite(value)) fail('value', 'reports.import.error.number', { value: vRaw });

    const source = cell('source');
    if (source === '') fail('source', 'reports.import.error.required');
    else if (source.length > 300) fail('source', 'reports.import.error.tooLong', { max: 300 });
    const licence = cell('licence');
    if (licence === '') fail('licence', 'reports.import.error.required');
    else if (licence.length > 200) fail('licence', 'reports.import.error.tooLong', { max: 200 });

    if (!bad) {
      const k = `${district}|${indicator}|${year}`;
      const first = seen.get(k);
      if (first) fail(null, 'reports.import.error.duplicate', { first });
      else seen.set(k, line);
    }
    if (!bad) out.push({ districtNumber: district, indicator, year, value, source, licence });
  }
  return problems.length ? { ok: false, problems } : { ok: true, rows: out };
}

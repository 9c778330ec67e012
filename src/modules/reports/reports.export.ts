/**
 * The tables of an annual report and their exports: one list of tables (title, header, rows) feeds the print page,
 * CSV, XLSX (exceljs) and the PDF (pdfkit with DejaVu fonts embedded, a table of contents and page numbers).
 * Charts in the PDF are Vega's scenegraph drawn onto the page (reports.pdfchart.ts) — the geometry is Vega's.
 */
import ExcelJS from 'exceljs';
import { formatDate, formatNumber, type Locale, type Translate } from '../../platform/i18n';
import { toCsv } from './reports.csv';
import { languageName, pairCounts } from './reports.figures';
import type { AnnualReport } from './reports.service';

export interface ReportTable {
  key: string;
  title: string;
  header: string[];
  /** Cells as values (numbers stay numbers for XLSX); null = no value. */
  rows: (string | number | null)[][];
}

export const TABLE_KEYS = ['concerns-summary', 'concerns-by-category', 'concerns-by-status', 'advice-summary', 'advice-by-topic', 'advice-by-language', 'advice-by-referral', 'indicators'] as const;

const pair = pairCounts;

export function reportTables(r: AnnualReport, t: Translate, districtName: (n: number) => string, locale: Locale = 'de'): ReportTable[] {
  const cur = String(r.year);
  const prev = String(r.year - 1);
  const c = r.concerns.current;
  const p = r.concerns.previous;
  const round = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
  return [
    {
      key: 'concerns-summary',
      title: t('reports.concerns.summary'),
      header: [t('reports.figure'), cur, prev],
      rows: [
        [t('reports.concerns.total'), c.total, p.total],
        [t('reports.concerns.resolved'), c.resolved, p.resolved],
        [`${t('reports.concerns.shareResolved')} (%)`, round(c.shareResolved), round(p.shareResolved)],
        [t('reports.concerns.medianResolution'), c.medianDaysToResolution, p.medianDaysToResolution],
      ],
    },
    {
      key: 'concerns-by-category',
      title: t('reports.concerns.byCategory'),
      header: [t('reports.concerns.category'), cur, prev],
      rows: pair(c.byCategory, p.byCategory).map((x) => [r.concerns.categories[x.key] ?? x.key, x.cur, x.prev]),
    },
    {
      key: 'concerns-by-status',
      title: t('reports.concerns.byStatus'),
      header: [t('reports.concerns.status'), cur, prev],
      rows: pair(c.byStatus, p.byStatus).map((x) => [t(`concerns.status.${x.key}`), x.cur, x.prev]),
    },
    ...adviceTables(r, t, locale, cur, prev),
    {
      key: 'indicators',
      title: t('reports.indicators.latest'),
      header: [t('reports.indicators.district'), t('reports.indicators.indicator'), t('reports.indicators.year'), t('reports.indicators.value'), t('reports.indicators.source'), t('reports.indicators.licence')],
      rows: r.indicators.map((i) => [`${i.districtNumber} ${districtName(i.districtNumber)}`, i.indicator, i.year, i.value, i.source, i.licence]),
    },
  ];
}

export function tableCsv(table: ReportTable): string {
  return toCsv(table.header, table.rows);
}

export async function tableXlsx(table: ReportTable, meta: { title: string; source: string }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Quartier';
  wb.title = meta.title;
  const ws = wb.addWorksheet(table.title.slice(0, 31).replace(/[[\]*?/\\:]/g, ' '));
  ws.addRow([meta.title]).font = { bold: true };
  ws.addRow([table.title]);
  ws.addRow([]);
  const head = ws.addRow(table.header);
  head.font = { bold: true };
  for (const row of table.rows) ws.addRow(row.map((v) => (v === null ? null : v)));
  ws.addRow([]);
  ws.addRow([meta.source]);
  ws.columns.forEach((col, i) => {
    col.width = Math.min(60, Math.max(12, ...[table.header[i] ?? '', ...table.rows.map((r) => String(r[i] ?? ''))].map((s) => s.length + 2)));
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function fundingLine(r: AnnualReport, locale: Locale, t: Translate): string[] {
  return r.funding.map((f) =>
    t('reports.annual.fundingLine', {
      funder: f.funder,
      from: f.startDate ? formatDate(locale, f.startDate) : '…',
      to: f.endDate ? formatDate(locale, f.endDate) : '…',
    }),
  );
}

export function cellText(locale: Locale, v: string | number | null): string {
  if (v === null) return '–';
  return typeof v === 'number' ? formatNumber(locale, v, { maximumFractionDigits: 2 }) : v;
}

/** The advice tables (only when the reader may see advice statistics). */
function adviceTables(r: AnnualReport, t: Translate, locale: Locale, cur: string, prev: string): ReportTable[] {
  if (!r.advice) return [];
  const a = r.advice.current;
  const b = r.advice.previous;
  const lang = (code: string) => languageName(locale, code);
  return [
    {
      key: 'advice-summary',
      title: t('reports.advice.summary'),
      header: [t('reports.figure'), cur, prev],
      rows: [
        [t('reports.advice.total'), a.total, b.total],
        [t('reports.advice.referred'), a.referred, b.referred],
        [t('reports.advice.hours'), Math.round(a.minutes / 6) / 10, Math.round(b.minutes / 6) / 10],
      ],
    },
    { key: 'advice-by-topic', title: t('reports.advice.byTopic'), header: [t('reports.advice.topic'), cur, prev], rows: pair(a.byTopic, b.byTopic).map((x) => [t(`offices.topic.${x.key}`), x.cur, x.prev]) },
    { key: 'advice-by-language', title: t('reports.advice.byLanguage'), header: [t('reports.advice.language'), cur, prev], rows: pair(a.byLanguage, b.byLanguage).map((x) => [lang(x.key), x.cur, x.prev]) },
    { key: 'advice-by-referral', title: t('reports.advice.byReferral'), header: [t('reports.advice.referral'), cur, prev], rows: pair(a.byReferral, b.byReferral).map((x) => [t(`offices.referral.${x.key}`), x.cur, x.prev]) },
  ];
}

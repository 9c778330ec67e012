/**
 * The tables of an annual report and their exports: one list of tables (title, header, rows) feeds the print page,
 * CSV, XLSX (exceljs) and the PDF (pdfkit with DejaVu fonts embedded, a table of contents and page numbers).
 * Charts in the PDF are Vega's scenegraph drawn onto the page (reports.pdfchart.ts) — the geometry is Vega's.
 */
import ExcelJS from 'exceljs';
import { formatDate, type Locale, type Translate } from '../../platform/i18n';
import { toCsv } from './reports.csv';
import { languageName, pairCounts } from './reports.figures';
import type { Count } from '../../platform/reporting';
import type { BarDatum } from './reports.charts';
import type { AnnualReport } from './reports.service';
import type { Dashboard } from './reports.types';

/** The sections of a report, in their order (each table belongs to one). */
export const SECTIONS = ['concerns', 'contacts', 'dialogues', 'meetings', 'offers', 'rooms', 'advice', 'groups', 'indicators'] as const;
export type SectionKey = (typeof SECTIONS)[number];

export interface ReportTable {
  key: string;
  section: SectionKey;
  title: string;
  header: string[];
  /** Cells as values (numbers stay numbers for XLSX); null = no data (shown as "–"). */
  rows: (string | number | null)[][];
  /** A breakdown "label, current, previous" drawn as a grouped bar chart beside the table. */
  chart?: boolean;
}

export const TABLE_KEYS = [
  'concerns-summary',
  'concerns-by-area',
  'concerns-by-category',
  'concerns-by-status',
  'contacts-summary',
  'contacts-by-type',
  'contacts-by-logic',
  'contacts-by-channel',
  'dialogues-by-phase',
  'dialogues-agreements',
  'meetings-summary',
  'meetings-by-type',
  'offers-summary',
  'rooms-summary',
  'advice-summary',
  'advice-by-topic',
  'advice-by-language',
  'advice-by-referral',
  'groups-by-stage',
  'groups-summary',
  'indicators',
] as const;

const pair = pairCounts;
const hours = (minutes: number) => Math.round(minutes / 6) / 10;
const percent = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);

/**
 * Every table of a dashboard or annual report, section by section; `cur` and `prev` are the column headers of the
 * two periods (the years in an annual report). The advice tables only when the reader may see them.
 */
export function reportTables(d: Dashboard, t: Translate, districtName: (n: number) => string, locale: Locale, heads: { cur: string; prev: string }): ReportTable[] {
  const { cur, prev } = heads;
  const figureHead = [t('reports.figure'), cur, prev];
  const breakdown = (key: string, section: SectionKey, title: string, label: string, a: readonly Count[], b: readonly Count[], name: (k: string) => string): ReportTable => ({
    key,
    section,
    title,
    header: [label, cur, prev],
    rows: pair(a, b).map((x) => [name(x.key), x.cur, x.prev]),
    chart: true,
  });
  const summary = (key: string, section: SectionKey, title: string, rows: (string | number | null)[][]): ReportTable => ({ key, section, title, header: figureHead, rows });
  const c = d.concerns.current;
  const cp = d.concerns.previous;
  const k = d.contacts.current;
  const kp = d.contacts.previous;
  const g = d.dialogues.current;
  const gp = d.dialogues.previous;
  const o = d.offices.current;
  const op = d.offices.previous;
  const r = d.groups.current;
  const rp = d.groups.previous;
  const lang = (code: string) => languageName(locale, code);
  const noneOr = (name: (x: string) => string) => (x: string) => (x === 'none' ? t('reports.contacts.noOrganisation') : name(x));
  const tables: ReportTable[] = [
    summary('concerns-summary', 'concerns', t('reports.concerns.summary'), [
      [t('reports.concerns.total'), c.received, cp.received],
      [t('reports.concerns.answered'), c.answered, cp.answered],
      [t('reports.concerns.medianFirstAnswer'), c.medianDaysToFirstAnswer, cp.medianDaysToFirstAnswer],
      [t('reports.concerns.resolved'), c.resolved, cp.resolved],
      [`${t('reports.concerns.shareResolved')} (%)`, percent(c.received ? c.resolved / c.received : null), percent(cp.received ? cp.resolved / cp.received : null)],
      [t('reports.concerns.medianResolution'), c.medianDaysToResolution, cp.medianDaysToResolution],
    ]),
    ...(d.scope.kind === 'programme'
      ? [breakdown('concerns-by-area', 'concerns', t('reports.concerns.byArea'), t('reports.concerns.area'), c.byArea, cp.byArea, (id) => d.labels.areas[id] ?? id)]
      : []),
    breakdown('concerns-by-category', 'concerns', t('reports.concerns.byCategory'), t('reports.concerns.category'), c.byCategory, cp.byCategory, (id) => d.labels.categories[id] ?? id),
    breakdown('concerns-by-status', 'concerns', t('reports.concerns.byStatus'), t('reports.concerns.status'), c.byStatus, cp.byStatus, (s) => t(`concerns.status.${s}`)),
    summary('contacts-summary', 'contacts', t('reports.contacts.summary'), [[t('reports.contacts.total'), k.total, kp.total]]),
    breakdown('contacts-by-type', 'contacts', t('reports.contacts.byType'), t('reports.contacts.type'), k.byActorType, kp.byActorType, noneOr((x) => d.labels.orgTypes[x] ?? x)),
    breakdown('contacts-by-logic', 'contacts', t('reports.contacts.byLogic'), t('reports.contacts.logic'), k.byLogic, kp.byLogic, noneOr((x) => t(`network.logic.${x}`))),
    breakdown('contacts-by-channel', 'contacts', t('reports.contacts.byChannel'), t('reports.contacts.channel'), k.byChannel, kp.byChannel, (x) => t(`network.channel.${x}`)),
    breakdown('dialogues-by-phase', 'dialogues', t('reports.dialogues.byPhase'), t('reports.dialogues.phase'), g.byPhase, gp.byPhase, (x) => t(`dialogues.phase.${x}`)),
    summary('dialogues-agreements', 'dialogues', t('reports.dialogues.agreements'), [
      [t('reports.dialogues.agreementsTotal'), g.agreements.total, gp.agreements.total],
      [t('reports.dialogues.agreementsDone'), g.agreements.done, gp.agreements.done],
      [t('reports.dialogues.agreementsOverdue'), g.agreements.overdue, gp.agreements.overdue],
      [t('reports.dialogues.agreementsOpen'), g.agreements.open, gp.agreements.open],
    ]),
    summary('meetings-summary', 'meetings', t('reports.meetings.summary'), [
      [t('reports.meetings.total'), g.meetings, gp.meetings],
      [t('reports.meetings.attendance'), g.attendance, gp.attendance],
    ]),
    breakdown('meetings-by-type', 'meetings', t('reports.meetings.byType'), t('reports.meetings.type'), g.meetingsByType, gp.meetingsByType, (x) => t(`dialogues.meetingType.${x}`)),
    summary('offers-summary', 'offers', t('reports.offers.summary'), [
      [t('reports.offers.offers'), o.offers.offers, op.offers.offers],
      [t('reports.offers.sessions'), o.offers.sessions, op.offers.sessions],
      [t('reports.offers.registrations'), o.offers.registrations, op.offers.registrations],
      [t('reports.offers.attendance'), o.offers.attendance, op.offers.attendance],
    ]),
    summary('rooms-summary', 'rooms', t('reports.rooms.summary'), [
      [t('reports.rooms.bookedHours'), o.rooms.bookedHours, op.rooms.bookedHours],
      [t('reports.rooms.openingHours'), o.rooms.openingHours, op.rooms.openingHours],
      [`${t('reports.rooms.share')} (%)`, percent(o.rooms.share), percent(op.rooms.share)],
    ]),
    ...(d.adviceVisible
      ? [
          summary('advice-summary', 'advice', t('reports.advice.summary'), [
            [t('reports.advice.total'), o.advice.total, op.advice.total],
            [t('reports.advice.referred'), o.advice.referred, op.advice.referred],
            [t('reports.advice.hours'), hours(o.advice.minutes), hours(op.advice.minutes)],
          ]),
          breakdown('advice-by-topic', 'advice', t('reports.advice.byTopic'), t('reports.advice.topic'), o.advice.byTopic, op.advice.byTopic, (x) => t(`offices.topic.${x}`)),
          breakdown('advice-by-language', 'advice', t('reports.advice.byLanguage'), t('reports.advice.language'), o.advice.byLanguage, op.advice.byLanguage, lang),
          breakdown('advice-by-referral', 'advice', t('reports.advice.byReferral'), t('reports.advice.referral'), o.advice.byReferral, op.advice.byReferral, (x) => t(`offices.referral.${x}`)),
        ]
      : []),
    breakdown('groups-by-stage', 'groups', t('reports.groups.byStage'), t('reports.groups.stage'), r.byStage, rp.byStage, (x) => t(`groups.stage.${x}`)),
    summary('groups-summary', 'groups', t('reports.groups.summary'), [
      [t('reports.groups.movesForward'), r.movesForward, rp.movesForward],
      [t('reports.groups.becameSelfSustaining'), r.becameSelfSustaining, rp.becameSelfSustaining],
      [t('reports.groups.supportHours'), r.supportHours, rp.supportHours],
    ]),
    {
      key: 'indicators',
      section: 'indicators',
      title: t('reports.indicators.latest'),
      header: [t('reports.indicators.district'), t('reports.indicators.indicator'), t('reports.indicators.year'), t('reports.indicators.value'), t('reports.indicators.source'), t('reports.indicators.licence')],
      rows: d.indicators.map((i) => [`${i.districtNumber} ${districtName(i.districtNumber)}`, i.indicator, i.year, i.value, i.source, i.licence]),
    },
  ];
  return tables;
}

/** Bar-chart data of a breakdown table: one bar per row and period (rows whose values are all zero are left out). */
export function chartData(table: ReportTable): BarDatum[] {
  const [, cur = '', prev = ''] = table.header;
  return table.rows
    .filter((row) => Number(row[1] ?? 0) > 0 || Number(row[2] ?? 0) > 0)
    .flatMap((row) => [
      { label: String(row[0]), series: cur, value: Number(row[1] ?? 0) },
      { label: String(row[0]), series: prev, value: Number(row[2] ?? 0) },
    ]);
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
  return typeof v === 'number' ? cellNumbers(locale).format(v) : v;
}

/**
 * The number format of table cells per locale, made once (`formatNumber` with the same options makes an
 * Intl.NumberFormat per call, a large share of a PDF's time for its thousands of cells).
 */
const cellFormats = new Map<Locale, Intl.NumberFormat>();
function cellNumbers(locale: Locale): Intl.NumberFormat {
  let f = cellFormats.get(locale);
  if (!f) cellFormats.set(locale, (f = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 })));
  return f;
}

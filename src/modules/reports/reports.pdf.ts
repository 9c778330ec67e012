/**
 * The annual report as PDF (pdfkit): DejaVu Sans embedded (German umlauts and ß, Arabic letters in names), a title
 * page with the table of contents (section → page), page numbers "Seite x von y" on every page, PDF outline
 * (bookmarks), the narrative sections, every table, and the charts drawn from Vega's scenegraph (Vega computes
 * all geometry — scales, axes, bars, labels; this file only copies its items onto the page).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import type { Translate } from '../../platform/i18n';
import { chartScene, type BarChart, type SceneMark } from './reports.charts';
import { cellText, type ReportTable } from './reports.export';
import type { Locale } from '../../platform/i18n';

const require = createRequire(import.meta.url);
const FONT_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
export const FONTS = { regular: path.join(FONT_DIR, 'DejaVuSans.ttf'), bold: path.join(FONT_DIR, 'DejaVuSans-Bold.ttf') };
/**
 * The fonts, read and parsed once per process: pdfkit takes a parsed font (fontkit, the parser it uses itself) as
 * well as a file, and parsing DejaVu's tables anew for every document was a fifth of a PDF's time. A document only
 * reads the parsed font (its glyphs, metrics and shaping tables); its subset of glyphs is its own.
 */
let fontData: { regular: fontkit.Font; bold: fontkit.Font } | null = null;
function fonts(): { regular: fontkit.Font; bold: fontkit.Font } {
  return (fontData ??= { regular: fontkit.create(fs.readFileSync(FONTS.regular)), bold: fontkit.create(fs.readFileSync(FONTS.bold)) });
}

export interface PdfInput {
  title: string;
  subtitle: string;
  funding: string[];
  sections: { title: string; paragraphs: string[] }[];
  figuresTitle: string;
  figuresNote: string;
  /** Heading of each figure section (concerns, contacts …), in the order of the tables. */
  sectionTitles: Record<string, string>;
  /** What a figure section counts (a note under its heading), where there is one. */
  sectionNotes: Record<string, string>;
  tables: ReportTable[];
  /** Bar charts, by table key. */
  charts: Record<string, BarChart>;
}

type Doc = InstanceType<typeof PDFDocument>;

/* ---------------------------------------------------------------- Vega scenegraph → PDF */

function drawMark(doc: Doc, mark: SceneMark, ox: number, oy: number): void {
  for (const it of mark.items) {
    const x = ox + (it.x ?? 0);
    const y = oy + (it.y ?? 0);
    if (it.opacity === 0) continue;
    switch (mark.marktype) {
      case 'group':
        if (it.fill && it.fill !== 'transparent' && mark.role !== 'frame') doc.rect(x, y, it.width ?? 0, it.height ?? 0).fill(it.fill);
        for (const child of it.items ?? []) drawMark(doc, child, x, y);
        break;
      case 'rect':
        if (it.fill && (it.width ?? 0) > 0 && (it.height ?? 0) > 0) doc.rect(x, y, it.width!, it.height!).fill(it.fill);
        break;
      case 'rule':
        doc
          .lineWidth(it.strokeWidth ?? 1)
          .moveTo(x, y)
          .lineTo(ox + (it.x2 ?? it.x ?? 0), oy + (it.y2 ?? it.y ?? 0))
          .stroke(it.stroke ?? '#888888');
        break;
      case 'symbol': {
        const r = Math.sqrt(it.size ?? 64) / 2;
        doc.rect(x - r, y - r, 2 * r, 2 * r).fill(it.fill ?? it.stroke ?? '#000000');
        break;
      }
      case 'text': {
        const text = Array.isArray(it.text) ? it.text.join(' ') : (it.text ?? '');
        if (!text) break;
        const size = it.fontSize ?? 10;
        doc.font('sans').fontSize(size).fillColor(it.fill ?? '#000000');
        const w = doc.widthOfString(text);
        const tx = x + (it.dx ?? 0) - (it.align === 'center' ? w / 2 : it.align === 'right' ? w : 0);
        const base = it.baseline ?? 'alphabetic';
        const ty = y + (it.dy ?? 0) - (base === 'middle' ? size * 0.6 : base === 'top' ? 0 : base === 'bottom' ? size * 1.15 : size * 0.93);
        doc.text(text, tx, ty, { lineBreak: false });
        break;
      }
      default:
        break; // paths (backgrounds) carry no figures
    }
  }
}

async function drawChart(doc: Doc, chart: BarChart, maxWidth: number): Promise<void> {
  const root = await chartScene(chart);
  {
    // The drawn extent of everything (axes and legends lie outside the plot area).
    const b = root.bounds;
    const bounds: [number, number] = [4 - b.x1, 4 - b.y1];
    const width = b.x2 - b.x1 + 8;
    const height = b.y2 - b.y1 + 8;
    const s = Math.min(1, maxWidth / width);
    if (doc.y + height * s > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const top = doc.y;
    doc.save();
    doc.translate(doc.page.margins.left, top);
    doc.scale(s);
    drawMark(doc, root, bounds[0], bounds[1]);
    doc.restore();
    doc.x = doc.page.margins.left;
    doc.y = top + height * s + 6;
  }
}

/* ---------------------------------------------------------------- layout */

function ensureSpace(doc: Doc, needed: number): void {
  if (doc.y + needed > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

function drawTable(doc: Doc, table: ReportTable, locale: Locale): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const n = table.header.length;
  const first = n > 3 ? width * 0.22 : width * 0.5;
  const colW = (i: number) => (i === 0 ? first : (width - first) / (n - 1));
  const row = (cells: string[], bold: boolean) => {
    doc.font(bold ? 'sans-bold' : 'sans').fontSize(n > 3 ? 8 : 10);
    const h = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: colW(i) - 6 }))) + 6;
    ensureSpace(doc, h);
    const y = doc.y;
    let x = left;
    cells.forEach((c, i) => {
      doc.fillColor('#000000').text(c, x + 3, y + 3, { width: colW(i) - 6, align: i > 0 && n <= 3 ? 'right' : 'left' });
      x += colW(i);
    });
    doc.moveTo(left, y + h).lineTo(left + width, y + h).lineWidth(0.5).stroke('#999999');
    doc.x = left;
    doc.y = y + h;
  };
  row(table.header, true);
  if (table.rows.length === 0) row(['–', ...table.header.slice(1).map(() => '')], false);
  for (const r of table.rows) row(r.map((v) => cellText(locale, v)), false);
  doc.moveDown(1);
}

function heading(doc: Doc, text: string, size = 16): void {
  ensureSpace(doc, size * 3);
  doc.moveDown(0.5);
  doc.font('sans-bold').fontSize(size).fillColor('#000000').text(text, doc.page.margins.left, doc.y);
  doc.outline.addItem(text);
  doc.moveDown(0.3);
}

/** Renders the annual report to a PDF buffer. */
export async function annualPdf(input: PdfInput, t: Translate, locale: Locale): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 56, bufferPages: true, lang: locale, displayTitle: true, info: { Title: input.title, Creator: 'Quartier' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('sans', fonts().regular);
  doc.registerFont('sans-bold', fonts().bold);

  // Title page with the table of contents (page numbers filled in at the end).
  doc.font('sans-bold').fontSize(22).text(input.title);
  doc.moveDown(0.3);
  doc.font('sans').fontSize(12).text(input.subtitle);
  doc.moveDown(0.5);
  for (const f of input.funding) doc.fontSize(11).text(f);
  doc.moveDown(1);
  doc.font('sans-bold').fontSize(16).text(t('reports.annual.toc'));
  doc.moveDown(0.5);
  const tocTop = doc.y;

  const toc: { title: string; page: number }[] = [];
  const startSection = (title: string) => {
    toc.push({ title, page: doc.bufferedPageRange().start + doc.bufferedPageRange().count });
    heading(doc, title);
  };

  doc.addPage();
  for (const s of input.sections) {
    startSection(s.title);
    doc.font('sans').fontSize(11);
    if (s.paragraphs.length === 0) doc.fillColor('#555555').text(t('reports.annual.noText')).fillColor('#000000');
    for (const p of s.paragraphs) {
      doc.text(p, { paragraphGap: 6 });
    }
  }
  const contentWidth = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  let section: string | null = null;
  for (const table of input.tables) {
    if (table.section !== section) {
      section = table.section;
      doc.addPage();
      startSection(`${input.figuresTitle}: ${input.sectionTitles[section] ?? section}`);
      doc.font('sans').fontSize(9).text(input.sectionNotes[section] ?? input.figuresNote);
      if (input.sectionNotes[section]) doc.text(input.figuresNote);
      doc.moveDown(0.5);
    }
    heading(doc, table.title, 12);
    const chart = input.charts[table.key];
    if (chart && table.rows.length) await drawChart(doc, chart, contentWidth);
    drawTable(doc, table, locale);
  }

  // Table of contents on the title page.
  doc.switchToPage(0);
  doc.font('sans').fontSize(12);
  let y = tocTop;
  for (const entry of toc) {
    doc.text(entry.title, doc.page.margins.left, y, { width: contentWidth - 60, lineBreak: false });
    doc.text(String(entry.page), doc.page.margins.left + contentWidth - 50, y, { width: 50, align: 'right', lineBreak: false });
    y += 20;
  }
  // Page numbers.
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('sans').fontSize(9).fillColor('#444444');
    doc.text(t('reports.annual.pageOf', { page: i + 1, pages: range.count }), doc.page.margins.left, doc.page.height - 36, { width: contentWidth, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

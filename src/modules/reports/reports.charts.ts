/**
 * Charts as SVG, rendered on the server by Vega (ADR 0013): we only build the Vega spec — scales, axes and marks
 * are Vega's. Every chart is shown next to a table with its numbers (the SVG is marked as an image with a title;
 * the table is the accessible form).
 */
import * as vega from 'vega';

export interface BarDatum {
  label: string;
  /** Which series ("Zeitraum", "Vorzeitraum"). */
  series: string;
  value: number;
}

/** A grouped horizontal bar chart: one row per label, one bar per series. */
export function barChartSpec(data: BarDatum[], opts: { width?: number } = {}): vega.Spec {
  const labels = [...new Set(data.map((d) => d.label))];
  const series = [...new Set(data.map((d) => d.series))];
  const rowHeight = 14 * Math.max(1, series.length) + 8;
  return {
    $schema: 'https://vega.github.io/schema/vega/v6.json',
    width: opts.width ?? 420,
    height: Math.max(40, labels.length * rowHeight),
    padding: 5,
    background: '#ffffff',
    data: [{ name: 'table', values: data }],
    scales: [
      { name: 'y', type: 'band', domain: labels, range: 'height', padding: 0.2 },
      { name: 'x', type: 'linear', domain: { data: 'table', field: 'value' }, range: 'width', nice: true, zero: true },
      { name: 'color', type: 'ordinal', domain: series, range: ['#1f5f8b', '#9bbdd6'] },
    ],
    axes: [
      { orient: 'left', scale: 'y', labelLimit: 160, labelFontSize: 11, labelFont: 'DejaVu Sans, sans-serif' },
      { orient: 'bottom', scale: 'x', tickMinStep: 1, format: 'd', labelFont: 'DejaVu Sans, sans-serif' },
    ],
    legends: series.length > 1 ? [{ fill: 'color', orient: 'bottom', direction: 'horizontal', labelFont: 'DejaVu Sans, sans-serif' }] : [],
    marks: [
      {
        type: 'group',
        from: { facet: { data: 'table', name: 'facet', groupby: 'label' } },
        encode: { enter: { y: { scale: 'y', field: 'label' } } },
        signals: [{ name: 'rowBand', update: "bandwidth('y')" }],
        scales: [{ name: 'pos', type: 'band', range: 'height', domain: series }],
        marks: [
          {
            type: 'rect',
            from: { data: 'facet' },
            encode: {
              enter: {
                y: { scale: 'pos', field: 'series' },
                height: { scale: 'pos', band: 1 },
                x: { scale: 'x', field: 'value' },
                x2: { scale: 'x', value: 0 },
                fill: { scale: 'color', field: 'series' },
              },
            },
          },
        ],
      },
    ],
  } as vega.Spec;
}

/** Renders a Vega spec to an SVG string (no DOM, no canvas). */
export async function renderSvg(spec: vega.Spec): Promise<string> {
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * A small memo of rendered charts keyed by their whole content (spec with its data, and title): Vega needs tens of
 * milliseconds per chart, a report has about fifteen, and the same report is opened again and again while its
 * figures do not change. A changed figure is a different key, so nothing stale is ever served.
 */
export class ChartMemo<T> {
  private readonly entries = new Map<string, Promise<T>>();
  constructor(private readonly max = 256) {}
  get(key: string, make: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const made = make();
    this.entries.set(key, made);
    made.catch(() => this.entries.delete(key));
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    return made;
  }
  clear(): void {
    this.entries.clear();
  }
  get size(): number {
    return this.entries.size;
  }
}

const svgMemo = new ChartMemo<string>();

/** Forgets every memoised chart (the bench measures cold pages with it). */
export function clearChartMemos(): void {
  svgMemo.clear();
  for (const clear of memoClearers) clear();
}
const memoClearers: (() => void)[] = [];
/** Lets another chart memo (the PDF's scenegraphs) be cleared with the SVG memo. */
export function registerChartMemo(memo: { clear(): void }): void {
  memoClearers.push(() => memo.clear());
}

/**
 * The SVG for embedding in a page: marked as an image with an accessible name (the table beside it holds the
 * numbers), Vega's own ARIA roles on inner groups dropped so screen readers read only the title. Memoised by content.
 */
export function chartSvg(spec: vega.Spec, title: string): Promise<string> {
  return svgMemo.get(`${title}\u0000${JSON.stringify(spec)}`, () => svgOf(spec, title));
}

async function svgOf(spec: vega.Spec, title: string): Promise<string> {
  const svg = await renderSvg(spec);
  const esc = title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  return svg
    .replace(/ (role|aria-roledescription|aria-label)="[^"]*"/g, '')
    .replace(/^<svg /, `<svg role="img" aria-label="${esc}" focusable="false" `)
    .replace(/^(<svg[^>]*>)/, `$1<title>${esc}</title>`);
}

/**
 * Charts as SVG, rendered on the server by Vega (ADR 0013): we only build the Vega spec — scales, axes and marks
 * are Vega's. Every chart is shown next to a table with its numbers (the SVG is marked as an image with a title;
 * the table is the accessible form).
 *
 * Parsing a spec and building its dataflow costs most of a chart's time, and every bar chart of a report has the
 * same shape: only its data, its labels, its series and its height differ. So each shape (width, with or without a
 * legend) is parsed once per process into one Vega View whose labels, series and height are signals; a chart sets
 * them with its data and runs the view again (ADR 0033). The picture is the one a fresh parse of `barChartSpec`
 * gives — the tests compare the two.
 */
import * as vega from 'vega';

export interface BarDatum {
  label: string;
  /** Which series ("Zeitraum", "Vorzeitraum"). */
  series: string;
  value: number;
}

/** A grouped horizontal bar chart's content: everything its picture depends on. */
export interface BarChart {
  data: BarDatum[];
  width: number;
}

/** A grouped horizontal bar chart: one row per label, one bar per series. */
export function barChart(data: BarDatum[], opts: { width?: number } = {}): BarChart {
  return { data, width: opts.width ?? 420 };
}

interface Layout {
  labels: string[];
  series: string[];
  height: number;
}

function layoutOf(data: readonly BarDatum[]): Layout {
  const labels = [...new Set(data.map((d) => d.label))];
  const series = [...new Set(data.map((d) => d.series))];
  const rowHeight = 14 * Math.max(1, series.length) + 8;
  return { labels, series, height: Math.max(40, labels.length * rowHeight) };
}

/**
 * The spec of a bar chart; `labels` and `series` are literal domains (a spec of its own) or signal references (the
 * shared view of a shape, set per chart).
 */
function specOf(o: { width: number; height: number; legend: boolean; labels: string[] | vega.SignalRef; series: string[] | vega.SignalRef; values: BarDatum[] }): vega.Spec {
  return {
    $schema: 'https://vega.github.io/schema/vega/v6.json',
    width: o.width,
    height: o.height,
    padding: 5,
    background: '#ffffff',
    ...(Array.isArray(o.labels) ? {} : { signals: [{ name: 'labels', value: [] }, { name: 'series', value: [] }] }),
    data: [{ name: 'table', values: o.values }],
    scales: [
      { name: 'y', type: 'band', domain: o.labels, range: 'height', padding: 0.2 },
      { name: 'x', type: 'linear', domain: { data: 'table', field: 'value' }, range: 'width', nice: true, zero: true },
      { name: 'color', type: 'ordinal', domain: o.series, range: ['#1f5f8b', '#9bbdd6'] },
    ],
    axes: [
      { orient: 'left', scale: 'y', labelLimit: 160, labelFontSize: 11, labelFont: 'DejaVu Sans, sans-serif' },
      { orient: 'bottom', scale: 'x', tickMinStep: 1, format: 'd', labelFont: 'DejaVu Sans, sans-serif' },
    ],
    legends: o.legend ? [{ fill: 'color', orient: 'bottom', direction: 'horizontal', labelFont: 'DejaVu Sans, sans-serif' }] : [],
    marks: [
      {
        type: 'group',
        from: { facet: { data: 'table', name: 'facet', groupby: 'label' } },
        encode: { enter: { y: { scale: 'y', field: 'label' } } },
        signals: [{ name: 'rowBand', update: "bandwidth('y')" }],
        scales: [{ name: 'pos', type: 'band', range: 'height', domain: o.series }],
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

/** The whole Vega spec of a bar chart, data included (a spec of its own; the pages render through `chartSvg`). */
export function barChartSpec(data: BarDatum[], opts: { width?: number } = {}): vega.Spec {
  const l = layoutOf(data);
  return specOf({ width: opts.width ?? 420, height: l.height, legend: l.series.length > 1, labels: l.labels, series: l.series, values: data });
}

/** Renders a Vega spec to an SVG string (no DOM, no canvas), with a view of its own. */
export async function renderSvg(spec: vega.Spec): Promise<string> {
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** One parsed view per chart shape; a chart has it to itself from setting its data until its output is taken. */
interface Shape {
  view: vega.View;
  queue: Promise<unknown>;
}
const shapes = new Map<string, Shape>();

/** Runs `use` on the view of the chart's shape with the chart's data set and the dataflow run. */
function withView<T>(chart: BarChart, use: (view: vega.View) => Promise<T> | T): Promise<T> {
  const l = layoutOf(chart.data);
  const legend = l.series.length > 1;
  const key = `${chart.width}|${legend}`;
  let shape = shapes.get(key);
  if (!shape) {
    const spec = specOf({ width: chart.width, height: 40, legend, labels: { signal: 'labels' }, series: { signal: 'series' }, values: [] });
    shape = { view: new vega.View(vega.parse(spec), { renderer: 'none' }), queue: Promise.resolve() };
    shapes.set(key, shape);
  }
  const { view } = shape;
  const run = async () => {
    // Empty first: the previous chart's axis ticks, labels and groups leave, so the next chart's enter in their own
    // order — as in a view of its own (the same SVG, element for element).
    view.signal('labels', []).signal('series', []).height(40).data('table', []);
    await view.runAsync();
    // resize(): the autosize padding (axis labels, legend) is computed anew even when the height stays the same.
    view.signal('labels', l.labels).signal('series', l.series).height(l.height).resize();
    // Vega marks the tuples it ingests: give it copies, never the caller's objects.
    view.data('table', chart.data.map((d) => ({ ...d })));
    await view.runAsync();
    return use(view);
  };
  const result = shape.queue.then(run, run);
  shape.queue = result.catch(() => undefined);
  return result;
}

/** Renders a bar chart to an SVG string through the shared view of its shape. */
export function renderBarChartSvg(chart: BarChart): Promise<string> {
  return withView(chart, (view) => view.toSVG());
}

/** A plain copy of a scene item: what the PDF draws (reports.pdf.ts), detached from the reused view. */
export interface SceneItem {
  x?: number;
  y?: number;
  x2?: number;
  y2?: number;
  width?: number;
  height?: number;
  fill?: string;
  stroke?: string;
  strokeWidth?: number;
  text?: string | string[];
  fontSize?: number;
  align?: 'left' | 'center' | 'right';
  baseline?: string;
  dx?: number;
  dy?: number;
  size?: number;
  items?: SceneMark[];
  opacity?: number;
}
export interface SceneMark {
  marktype: string;
  role?: string;
  items: SceneItem[];
}
export type SceneRoot = SceneMark & { bounds: { x1: number; y1: number; x2: number; y2: number } };

const ITEM_FIELDS = ['x', 'y', 'x2', 'y2', 'width', 'height', 'fill', 'stroke', 'strokeWidth', 'text', 'fontSize', 'align', 'baseline', 'dx', 'dy', 'size', 'opacity'] as const;

function copyMark(mark: SceneMark): SceneMark {
  return { marktype: mark.marktype, ...(mark.role !== undefined ? { role: mark.role } : {}), items: mark.items.map(copyItem) };
}
function copyItem(item: SceneItem): SceneItem {
  const out: Record<string, unknown> = {};
  for (const f of ITEM_FIELDS) if (item[f] !== undefined) out[f] = Array.isArray(item[f]) ? [...(item[f] as string[])] : item[f];
  if (item.items) out.items = item.items.map(copyMark);
  return out as SceneItem;
}

/** Vega's scenegraph of a bar chart (the geometry the PDF copies onto its pages), as a plain copy. */
export function barChartScene(chart: BarChart): Promise<SceneRoot> {
  return withView(chart, (view) => {
    const root = (view.scenegraph() as unknown as { root: SceneRoot }).root;
    const { x1, y1, x2, y2 } = root.bounds;
    return { ...copyMark(root), bounds: { x1, y1, x2, y2 } };
  });
}

/**
 * A small memo of rendered charts keyed by their whole content (data, width, and title): a report has about fifteen
 * charts, and the same report is opened again and again while its figures do not change. A changed figure is a
 * different key, so nothing stale is ever served.
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
const sceneMemo = new ChartMemo<SceneRoot>(128);

/** Forgets every memoised chart (the bench measures cold pages with it). The parsed views of the shapes stay. */
export function clearChartMemos(): void {
  svgMemo.clear();
  sceneMemo.clear();
}

const keyOf = (chart: BarChart) => `${chart.width}\u0000${JSON.stringify(chart.data)}`;

/**
 * The SVG for embedding in a page: marked as an image with an accessible name (the table beside it holds the
 * numbers), Vega's own ARIA roles on inner groups dropped so screen readers read only the title. Memoised by content.
 */
export function chartSvg(chart: BarChart, title: string): Promise<string> {
  return svgMemo.get(`${title}\u0000${keyOf(chart)}`, async () => accessibleSvg(await renderBarChartSvg(chart), title));
}

/** The scenegraph of a chart for the PDF, memoised by content like the SVGs. */
export function chartScene(chart: BarChart): Promise<SceneRoot> {
  return sceneMemo.get(keyOf(chart), () => barChartScene(chart));
}

/** Marks a rendered SVG as one image with the title as its accessible name. */
export function accessibleSvg(svg: string, title: string): string {
  const esc = title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  return svg
    .replace(/ (role|aria-roledescription|aria-label)="[^"]*"/g, '')
    .replace(/^<svg /, `<svg role="img" aria-label="${esc}" focusable="false" `)
    .replace(/^(<svg[^>]*>)/, `$1<title>${esc}</title>`);
}

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
 * The SVG for embedding in a page: marked as an image with an accessible name (the table beside it holds the
 * numbers), Vega's own ARIA roles on inner groups dropped so screen readers read only the title.
 */
export async function chartSvg(spec: vega.Spec, title: string): Promise<string> {
  const svg = await renderSvg(spec);
  const esc = title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  return svg
    .replace(/ (role|aria-roledescription|aria-label)="[^"]*"/g, '')
    .replace(/^<svg /, `<svg role="img" aria-label="${esc}" focusable="false" `)
    .replace(/^(<svg[^>]*>)/, `$1<title>${esc}</title>`);
}

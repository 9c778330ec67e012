/**
 * The charts of a report are rendered through one parsed Vega view per chart shape (ADR 0033): the SVG must be the
 * one a view of its own gives for the whole spec (`barChartSpec` parsed afresh), whatever was drawn before, also
 * when charts are asked for at the same time; and the scenegraph the PDF draws must be a copy that the next chart
 * does not change.
 */
import { describe, expect, it } from 'vitest';
import { barChart, barChartScene, barChartSpec, chartSvg, clearChartMemos, renderBarChartSvg, renderSvg, type BarDatum } from './reports.charts';

function bars(labels: string[], values: [number, number][], series: [string, string] = ['2025', '2024']): BarDatum[] {
  return labels.flatMap((label, i) => [
    { label, series: series[0], value: values[i]![0] },
    { label, series: series[1], value: values[i]![1] },
  ]);
}

const charts: BarDatum[][] = [
  bars(['Altendorf', 'Frohnhausen', 'Katernberg', 'Kray', 'Steele'], [[1200, 950], [30, 4100], [0, 17], [560, 560], [88000, 91234]]),
  bars(['Straße und Verkehr'], [[3, 9]]),
  bars(['Frohnhausen', 'Altendorf', 'Überruhr-Hinsel, Überruhr-Holthausen und ein sehr langer Name'], [[5, 0], [2, 7], [40, 1]]),
  // one series only: the shape without a legend
  [{ label: 'Türkçe', series: '2025', value: 12 }, { label: 'العربية', series: '2025', value: 4 }, { label: 'Українська', series: '2025', value: 31 }],
  bars(['Kray', 'Steele', 'Altendorf', 'Katernberg'], [[7, 8], [9, 10], [11, 12], [13, 14]], ['Zeitraum', 'Vorzeitraum']),
  bars(['Straße und Verkehr'], [[3, 9]]),
];

describe('bar charts through the shared view of their shape', () => {
  it('draw the same SVG as a view of their own, one after the other, in any order', async () => {
    const fresh = await Promise.all(charts.map((d) => renderSvg(barChartSpec(d))));
    for (const order of [[0, 1, 2, 3, 4, 5], [5, 4, 3, 2, 1, 0], [2, 2, 0, 3, 1, 4]]) {
      for (const i of order) expect(await renderBarChartSvg(barChart(charts[i]!))).toBe(fresh[i]);
    }
    // The charts differ from each other, so equal output is not an accident of an unchanged view.
    expect(new Set(fresh).size).toBe(charts.length - 1);
  });

  it('draw the same SVG when asked for at the same time', async () => {
    const fresh = await Promise.all(charts.map((d) => renderSvg(barChartSpec(d))));
    clearChartMemos();
    const shared = await Promise.all(charts.map((d, i) => chartSvg(barChart(d), `Diagramm ${i}`)));
    shared.forEach((svg, i) => {
      expect(svg.startsWith(`<svg role="img" aria-label="Diagramm ${i}" focusable="false" `)).toBe(true);
      expect(svg.replace(/^<svg role="img" aria-label="[^"]*" focusable="false" /, '<svg ').replace(/<title>[^<]*<\/title>/, '')).toBe(
        fresh[i]!.replace(/ (role|aria-roledescription|aria-label)="[^"]*"/g, ''),
      );
    });
  });

  it('give the PDF a copy of the scenegraph that later charts leave alone', async () => {
    const first = await barChartScene(barChart(charts[0]!));
    const before = JSON.stringify(first);
    await barChartScene(barChart(charts[2]!));
    await renderBarChartSvg(barChart(charts[3]!));
    expect(JSON.stringify(first)).toBe(before);
    expect(JSON.stringify(await barChartScene(barChart(charts[0]!)))).toBe(before);
    // The bars are in it: one rect per label and series, the widest for the largest value (91,234 on an axis
    // rounded up to 100,000 over 420 points).
    const rects: number[] = [];
    const walk = (m: { marktype: string; items: { width?: number; items?: typeof m[] }[] }): void => {
      for (const it of m.items) {
        if (m.marktype === 'rect') rects.push(it.width ?? 0);
        for (const child of it.items ?? []) walk(child);
      }
    };
    walk(first);
    expect(rects).toHaveLength(10);
    expect(Math.max(...rects)).toBeCloseTo((420 * 91234) / 100000, 3);
    expect(first.bounds.x2 - first.bounds.x1).toBeGreaterThan(420);
  });
});

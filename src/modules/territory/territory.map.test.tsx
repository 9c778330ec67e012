/** @jsxImportSource hono/jsx */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bboxOf, type AreaGeometry } from './territory.geo';
import { overviewMap, pathData, projectMap, projector } from './territory.map';
import { DATA_DIR } from './territory.seed';
import { SvgMap } from './views/map';

const square: AreaGeometry = { type: 'Polygon', coordinates: [[[7, 51], [7.1, 51], [7.1, 51.1], [7, 51.1], [7, 51]]] };

describe('projection', () => {
  it('maps the focus box onto the canvas with north up and keeps proportions', () => {
    const { project, height } = projector([7, 51, 7.1, 51.1], 200, 1000, 10);
    expect(project(7, 51.1)).toEqual([10, 10]); // north-west corner → top left
    const [x, y] = project(7.1, 51);
    expect(x).toBe(190);
    // 0.1° of latitude is longer than 0.1° of longitude at 51° N: taller than wide.
    expect(y).toBeGreaterThan(190);
    expect(height).toBe(Math.ceil(y + 10));
  });

  it('scales tall shapes down to the maximum height and centres them', () => {
    const { project, height } = projector([7, 51, 7.01, 51.1], 200, 100, 0);
    expect(height).toBe(100);
    const [x0] = project(7, 51.1);
    const [x1] = project(7.01, 51.1);
    expect(x0).toBeGreaterThan(0);
    expect(Math.round(x0 + x1)).toBe(200);
  });

  it('writes one closed subpath per ring, without repeated points', () => {
    const { project, height } = projector(bboxOf(square), 100, 1000, 0);
    const d = pathData(square, project);
    // The ring starts in the south-west corner (bottom left) and runs east, north, west.
    const bottom = project(7, 51)[1];
    expect(d).toBe(`M0 ${bottom}L100 ${bottom}L100 0L0 0Z`);
    expect(height).toBe(Math.ceil(bottom));
    expect(d.endsWith('Z')).toBe(true);
    expect(d.match(/M/g)).toHaveLength(1);
    expect(d).not.toContain('NaN');
  });

  it('leaves out shapes outside the focus', () => {
    const far: AreaGeometry = { type: 'Polygon', coordinates: [[[9, 53], [9.1, 53], [9.1, 53.1], [9, 53]]] };
    const m = projectMap(
      [
        { geometry: square, className: 'a' },
        { geometry: far, className: 'b' },
      ],
      { focus: [6.9, 50.9, 7.2, 51.2] },
    );
    expect(m.paths.map((p) => p.className)).toEqual(['a']);
    expect(m.viewBox).toBe(`0 0 600 ${m.height}`);
  });

  it('draws all 50 Stadtteile of Essen on the overview', () => {
    const fc = JSON.parse(fs.readFileSync(path.join(DATA_DIR, 'essen_stadtteile.geojson'), 'utf8')) as { features: { properties: { nummer: number; name: string }; geometry: AreaGeometry }[] };
    const ds = fc.features.map((f) => ({ id: String(f.properties.nummer), name: f.properties.name, geometry: f.geometry }));
    const m = overviewMap(ds, [{ id: 'k', name: 'Karnap', geometry: ds.find((d) => d.name === 'Karnap')!.geometry }]);
    expect(m.paths.filter((p) => p.className === 'q-map__district')).toHaveLength(50);
    expect(m.paths.filter((p) => p.className === 'q-map__area')).toHaveLength(1);
    expect(m.height).toBeLessThanOrEqual(520);
    for (const p of m.paths) expect(p.d).toMatch(/^M[\d. L-]+Z/);
  });
});

describe('SVG view', () => {
  it('is one accessible image named by <title> and described by <desc>', () => {
    const { project } = projector(bboxOf(square), 100, 1000, 0);
    const html = String(
      <SvgMap
        id="m1"
        model={{ width: 100, height: 120, viewBox: '0 0 100 120', paths: [{ d: pathData(square, project), className: 'q-map__area', label: 'Karnap' }] }}
        title="Umriss des Quartiers Karnap"
        description="Das Quartier liegt in: Karnap."
        caption="Text"
      />,
    );
    expect(html).toContain('role="img"');
    expect(html).toContain('aria-labelledby="m1-title m1-desc"');
    expect(html).toContain('<title id="m1-title">Umriss des Quartiers Karnap</title>');
    expect(html).toContain('<desc id="m1-desc">Das Quartier liegt in: Karnap.</desc>');
    expect(html).toContain('viewBox="0 0 100 120"');
    expect(html).toContain('<figcaption');
    expect(html).not.toContain('style=');
  });

  it('renders nothing without shapes', () => {
    expect(String(<SvgMap id="m2" model={{ width: 600, height: 0, viewBox: '0 0 600 0', paths: [] }} title="x" description="y" />)).toBe('');
  });
});

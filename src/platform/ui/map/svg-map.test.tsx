/** @jsxImportSource hono/jsx */
import { describe, expect, it } from 'vitest';
import { translator } from '../../i18n';
import { islandUrl } from '../islands/build';
import { buildMapScene, SvgMap, type MapGeometry, type MapPoint } from './index';

const t = translator('de');
const CITY: MapGeometry = { type: 'Polygon', coordinates: [[[6.9, 51.35], [7.14, 51.35], [7.14, 51.54], [6.9, 51.54], [6.9, 51.35]]] };
const outlines = [{ name: 'city', features: [{ geometry: CITY, label: 'Essen' }] }];
const dense: MapPoint[] = Array.from({ length: 12 }, (_, i) => ({ id: `d${i}`, lat: 51.463 + i * 0.00005, lon: 7.078 + i * 0.00005, label: `Anliegen ${i + 1}`, href: `/anliegen/${i + 1}` }));
const points: MapPoint[] = [
  { id: 'a', lat: 51.52, lon: 7.0, label: '2026-000001: Sperrmüll', href: '/anliegen/1a', category: 'litter', categoryLabel: 'Müll', status: 'received', statusLabel: 'Eingegangen', detail: '3 Unterstützungen', weight: 3 },
  { id: 'b', lat: 51.4, lon: 6.95, label: 'Ohne Link' },
  ...dense,
];

const render = (el: unknown) => String(el);
/** The element structure (tags, roles, names) without coordinates: what must not change by accident. */
function structure(html: string): string[] {
  return [...html.matchAll(/<(\/?)([a-z0-9]+)([^>]*)>/g)]
    .filter((m) => !m[1])
    .map((m) => {
      const attrs = m[3] ?? '';
      const keep = [...attrs.matchAll(/\s(role|aria-label|aria-labelledby|aria-describedby|class|href|hidden|type)="([^"]*)"/g)].map((a) => `${a[1]}=${a[2]}`);
      return [m[2], ...keep].join(' ');
    });
}

describe('SvgMap', () => {
  it('draws outlines only as one image named by <title> and described by <desc>', () => {
    const html = render(<SvgMap id="m1" scene={buildMapScene({ outlines })} t={t} title="Karte von Essen" description="Die Stadtgrenze." caption="Quelle: Stadt Essen" />);
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="m1-title m1-desc"/);
    expect(html).toContain('<title id="m1-title">Karte von Essen</title>');
    expect(html).toContain('<desc id="m1-desc">Die Stadtgrenze.</desc>');
    expect(html).toContain('<title>Essen</title>');
    expect(html).not.toContain('<a ');
    expect(html).not.toContain('q-map-list');
    expect(html).toMatch(/data-q-map="0\.5\d+ 0\.3\d+ \d+(\.\d+)?"/);
    expect(html).toContain('<figcaption class="kern-body kern-body--small q-map-caption"><span class="q-map-caption__text">Quelle: Stadt Essen </span></figcaption>');
  });

  it('makes every point and cluster a link with an accessible name, inside a named group', () => {
    const scene = buildMapScene({ outlines, points, link: { path: '/anliegen/karte' }, fragment: 'm2' });
    const html = render(<SvgMap id="m2" scene={scene} t={t} title="Anliegen in Essen" description="Gemeldete Anliegen." />);
    expect(html).toMatch(/<svg[^>]*role="group"[^>]*aria-labelledby="m2-title"[^>]*aria-describedby="m2-desc"/);
    expect(html).toContain('<a href="/anliegen/1a" class="q-map-point q-map-point--k0 q-map-point--s-received q-map-point--open" aria-label="2026-000001: Sperrmüll, Müll · Eingegangen · 3 Unterstützungen" data-id="a">');
    // A point without href is drawn, named for pointer users, but not focusable.
    expect(html).toMatch(/<g class="q-map-point" data-id="b"><title>Ohne Link<\/title>/);
    const cluster = /<a href="([^"]+)" class="q-map-cluster" aria-label="([^"]+)" data-count="12">/.exec(html);
    expect(cluster?.[2]).toBe('12 Einträge in diesem Bereich – Ausschnitt vergrößern');
    expect(cluster?.[1]).toMatch(/^\/anliegen\/karte\?bbox=[\d.,]+#m2$/);
    expect(html).toContain('data-q-scale="font-size:12" aria-hidden="true">12</text>');
    expect(html).toContain('14 Einträge in diesem Kartenausschnitt, davon einige als 1 Gruppe zusammengefasst.');
  });

  it('always offers the points as a list next to the map, linked from the caption', () => {
    const scene = buildMapScene({ outlines, points });
    const html = render(<SvgMap id="m3" scene={scene} t={t} title="T" description="D" listHeadingLevel={3} />);
    expect(html).toContain('<a class="kern-link q-map-caption__list" href="#m3-list">Die Einträge der Karte als Liste</a>');
    expect(html).toContain('<section class="q-map-list" id="m3-list" aria-labelledby="m3-list-heading"><h3 class="kern-heading-small" id="m3-list-heading">Einträge auf der Karte</h3>');
    for (const p of points) expect(html).toContain(p.href ? `<a class="kern-link" href="${p.href}">${p.label}</a>` : `<li>${p.label}</li>`);
    expect(html).toContain('<span class="q-map-list__meta"> – Müll · Eingegangen · 3 Unterstützungen</span>');
    expect(html).toContain('14 Einträge in diesem Ausschnitt (insgesamt 14).');
    // The legend names the colours in text.
    expect(html).toMatch(/<ul class="q-map-legend" aria-label="Kategorien"><li><svg class="q-map-swatch q-map-point--k0"[^>]*aria-hidden="true">.*?<\/svg>Müll<\/li><\/ul>/);
    // Shortened list, or the caller's own table.
    expect(render(<SvgMap id="m4" scene={scene} t={t} title="T" description="D" listLimit={5} />)).toContain('Gezeigt werden die ersten 5.');
    const own = render(<SvgMap id="m5" scene={scene} t={t} title="T" description="D" list={{ href: '#tabelle' }} />);
    expect(own).toContain('href="#tabelle"');
    expect(own).not.toContain('q-map-list"');
  });

  it('has zoom controls hidden until the island runs, and loads the island by a hashed module script', () => {
    const html = render(<SvgMap id="m6" scene={buildMapScene({ outlines })} t={translator('ar')} title="T" description="D" />);
    expect(html).toContain('<div class="q-map-controls" id="m6-controls" role="group" aria-label="التحكم في الخريطة" hidden="">');
    expect(html).toContain('data-q-map-action="in" aria-controls="m6"><span class="kern-label">تكبير</span>');
    expect(html).toContain('data-q-msg-zoom="التكبير: {factor} مرات"');
    expect(html).toContain(`<script type="module" src="${islandUrl('map')}"></script>`);
    expect(islandUrl('map')).toMatch(/^\/static\/islands\/map\.[0-9a-f]{12}\.js$/);
    expect(html).not.toMatch(/style=|<style|\son[a-z]+=/);
    expect(render(<SvgMap id="m7" scene={buildMapScene({ outlines })} t={t} title="T" description="D" island={false} />)).not.toContain('<script');
  });

  it('marks a location picker for a form', () => {
    const html = render(<SvgMap id="m8" scene={buildMapScene({ outlines })} t={t} title="T" description="D" pick={{ lat: 'f-lat', lon: 'f-lon' }} />);
    expect(html).toContain('data-q-pick="f-lat f-lon"');
    expect(html).toContain('class="q-map q-map--pick"');
    expect(html).toContain('Sie können den Ort in der Karte anklicken');
    expect(html).toContain('data-q-msg-picked="Ort gesetzt: Breite {lat}, Länge {lon}"');
  });

  it('shows tiles under the outlines with their attribution when configured, and a way back from a zoomed view', () => {
    const scene = buildMapScene({ outlines, tiles: { url: 'https://tile.example/{z}/{x}/{y}.png', attribution: '© Beispiel-Karten' }, view: [7.0, 51.44, 7.05, 51.47], link: { path: '/karte' } });
    const html = render(<SvgMap id="m9" scene={scene} t={t} title="T" description="D" />);
    expect(html).toMatch(/<g class="q-map-tiles" aria-hidden="true"><image href="https:\/\/tile\.example\/\d+\/\d+\/\d+\.png" x="[-\d.]+" y="[-\d.]+" width="[\d.]+" height="[\d.]+" preserveAspectRatio="none"><\/image>/);
    expect(html.indexOf('q-map-tiles')).toBeLessThan(html.indexOf('q-map-shapes'));
    expect(html).toContain('class="q-map q-map--tiles"');
    expect(html).toContain('Kartenhintergrund: © Beispiel-Karten');
    expect(html).toContain('Sie sehen einen vergrößerten Ausschnitt der Karte. <a class="kern-link" href="/karte">Ganze Karte zeigen</a>');
    // No tiles unless configured.
    expect(render(<SvgMap id="m10" scene={buildMapScene({ outlines })} t={t} title="T" description="D" />)).not.toContain('<image');
  });

  it('renders the same markup for the same input (structure snapshot)', () => {
    const el = () => <SvgMap id="s" scene={buildMapScene({ outlines, points: points.slice(0, 3) })} t={t} title="T" description="D" />;
    expect(render(el())).toBe(render(el()));
    expect(structure(render(el()))).toEqual([
      'div class=q-map-block',
      'figure class=q-map-figure',
      'svg class=q-map role=group aria-labelledby=s-title aria-describedby=s-desc',
      'title',
      'desc',
      'g class=q-map-shapes',
      'path class=q-map-outline q-map-outline--city',
      'title',
      'g class=q-map-markers',
      'a href=/anliegen/1a class=q-map-point q-map-point--k0 q-map-point--s-received q-map-point--open aria-label=2026-000001: Sperrmüll, Müll · Eingegangen · 3 Unterstützungen',
      'title',
      'circle',
      'a href=/anliegen/1 class=q-map-point aria-label=Anliegen 1',
      'title',
      'circle',
      'g class=q-map-point',
      'title',
      'circle',
      'div class=q-map-controls role=group aria-label=Karte bedienen hidden=',
      'button type=button class=kern-btn kern-btn--secondary kern-btn--x-small',
      'span class=kern-label',
      'button type=button class=kern-btn kern-btn--secondary kern-btn--x-small',
      'span class=kern-label',
      'button type=button class=kern-btn kern-btn--secondary kern-btn--x-small',
      'span class=kern-label',
      'p class=kern-body kern-body--small q-map-hint',
      'p class=kern-sr-only role=status',
      'figcaption class=kern-body kern-body--small q-map-caption',
      'a class=kern-link q-map-caption__list href=#s-list',
      'ul class=q-map-legend aria-label=Kategorien',
      'li',
      'svg class=q-map-swatch q-map-point--k0',
      'circle',
      'script type=module',
      'section class=q-map-list aria-labelledby=s-list-heading',
      'h2 class=kern-heading-medium',
      'p class=kern-body kern-body--small',
      'ul class=kern-list q-map-list__items',
      'li',
      'a class=kern-link href=/anliegen/1a',
      'span class=q-map-list__meta',
      'li',
      'li',
      'a class=kern-link href=/anliegen/1',
    ]);
  });
});

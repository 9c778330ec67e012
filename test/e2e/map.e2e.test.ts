/**
 * The map in the browser: the island zooms and pans the server-drawn SVG of an area page with the buttons and the
 * keyboard; without JavaScript the map is still there and the controls stay hidden. A small page of points (served
 * by a second, minimal app with the same security headers and static files) shows clusters that zoom by plain links
 * and the location picker that fills a form's hidden inputs. Every page is checked by axe-core (no serious or
 * critical violations), for a strict CSP, for no inline code and for no CSP violation reported by the browser.
 */
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityHeaders } from '../../src/platform/http/middleware';
import { serveStaticFile } from '../../src/platform/http/static';
import { translator } from '../../src/platform/i18n';
import { buildMapScene, mapViewFromUrl, SvgMap, type MapPoint } from '../../src/platform/ui/map';
import { chromiumAvailable } from './support/browser';
import { useE2e } from './support/fixture';

declare const document: any;

const width = (vb: string) => Number(vb.split(' ')[2]);
const x = (vb: string) => Number(vb.split(' ')[0]);

describe.skipIf(!chromiumAvailable())('map island (Chromium)', () => {
  const e2e = useE2e();

  it('zooms and pans an area map with the buttons and the keyboard, accessibly and within the CSP', async () => {
    const { page, watch } = await e2e.open();
    await watch.visit('/areas/kray');
    const controls = page.locator('#map-area-controls');
    await controls.waitFor({ state: 'visible' });
    const map = page.locator('#map-area');
    const vb = async () => (await map.getAttribute('viewBox'))!;
    const base = await vb();

    await controls.getByRole('button', { name: 'Vergrößern' }).click();
    const zoomed = await vb();
    expect(width(zoomed)).toBeCloseTo(width(base) / 1.5, 0);
    expect(await page.locator('#map-area-controls [role="status"]').textContent()).toBe('Vergrößerung: 1.5-fach');
    await controls.getByRole('button', { name: 'Verkleinern' }).click();
    expect(await vb()).toBe(base);

    // Keyboard: the map takes the focus; + zooms, arrows pan, 0 resets.
    await page.locator('#map-area').focus();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('map-area');
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    const twice = await vb();
    expect(width(twice)).toBeCloseTo(width(base) / 2.25, 0);
    await page.keyboard.press('ArrowRight');
    const panned = await vb();
    expect(x(panned)).toBeGreaterThan(x(twice));
    await page.keyboard.press('-');
    expect(width(await vb())).toBeCloseTo(width(base) / 1.5, 0);
    await page.keyboard.press('0');
    expect(await vb()).toBe(base);

    // Wheel zooms at the pointer.
    await page.locator('#map-area').hover();
    await page.mouse.wheel(0, -200);
    expect(width(await vb())).toBeLessThan(width(base));
    // Labels keep their size on screen: their font size shrinks in map units.
    const fs = await page.locator('#map-area .q-map-label').first().getAttribute('font-size');
    expect(Number(fs)).toBeLessThan(12);

    // The enhanced page is still accessible, with no CSP violation.
    await watch.check('/areas/kray (map zoomed)');
    // The overview map too.
    await watch.visit('/areas');
    await page.locator('#map-overview-controls').waitFor({ state: 'visible' });
    await page.locator('#map-overview-controls').getByRole('button', { name: 'Vergrößern' }).click();
    expect(width((await page.locator('#map-overview').getAttribute('viewBox'))!)).toBeLessThan(600);
    await watch.check('/areas (map zoomed)');
  });

  it('works without JavaScript: the map is drawn and the controls stay hidden', async () => {
    // (axe and the DOM checks need JavaScript in the page; the page itself is checked in the test above.)
    const { page } = await e2e.open({ javaScriptEnabled: false });
    expect((await page.goto('/areas/kray'))?.status()).toBe(200);
    expect(await page.locator('#map-area path').count()).toBeGreaterThan(1);
    expect(await page.locator('#map-area-controls').isVisible()).toBe(false);
  });
});

/* A page with points and a form, served by a minimal app with Quartier's security headers and static files. */

const POINTS: MapPoint[] = [
  ...Array.from({ length: 15 }, (_, i) => ({ id: `k${i}`, lat: 51.4625 + (i % 5) * 0.0003, lon: 7.077 + Math.floor(i / 5) * 0.0004, label: `Anliegen ${i + 1} in Kray`, href: `/punkt/${i + 1}`, status: 'received' })),
  { id: 'karnap', lat: 51.52, lon: 7.0, label: 'Anliegen in Karnap', href: '/punkt/karnap', status: 'resolved' },
];

function pointsApp(): Hono {
  const app = new Hono();
  const t = translator('de');
  app.use('*', securityHeaders() as any);
  app.get('/static/*', (c) => serveStaticFile(c, c.req.path.slice('/static/'.length)));
  app.get('/karte', (c) => {
    const { view, link } = mapViewFromUrl(c.req.url);
    const scene = buildMapScene({ points: POINTS, view, link, fragment: 'karte', focus: view ?? [6.94, 51.42, 7.12, 51.54] });
    const map = String(SvgMap({ id: 'karte', scene, t, title: 'Anliegen in Essen', description: 'Gemeldete Anliegen.', pick: { lat: 'f-lat', lon: 'f-lon' } }));
    const page = `<html lang="de"><head><meta charset="utf-8"><title>Kartentest</title><link rel="stylesheet" href="/static/kern/kern.min.css"><link rel="stylesheet" href="/static/app.css"></head><body><main><h1>Anliegen auf der Karte</h1><form method="get" action="/karte">${map}<input type="hidden" id="f-lat" name="lat" value=""><input type="hidden" id="f-lon" name="lon" value=""></form></main></body></html>`;
    return c.html(`<!doctype html>${page}`);
  });
  return app;
}

describe.skipIf(!chromiumAvailable())('clusters and the location picker (Chromium)', () => {
  const e2e = useE2e();
  let server: ServerType;
  let base = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => {
      server = serve({ fetch: pointsApp().fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
        base = `http://127.0.0.1:${info.port}`;
        resolve();
      });
    });
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('zooms into a cluster by its link, then sets a location by click and by keyboard', async () => {
    const { page, watch } = await e2e.open();
    await watch.visit(`${base}/karte`, { label: '/karte (points)' });
    const cluster = page.locator('#karte a.q-map-cluster');
    expect(await cluster.count()).toBe(1);
    expect(await cluster.getAttribute('aria-label')).toBe('15 Einträge in diesem Bereich – Ausschnitt vergrößern');
    expect(await page.locator('#karte-list li').count()).toBe(16);

    // The cluster is a plain link: following it shows the zoomed view from the server.
    await Promise.all([page.waitForURL(/bbox=/), cluster.click()]);
    await watch.check('/karte?bbox=… (zoomed by link)');
    expect(await page.locator('#karte a.q-map-point').count()).toBeGreaterThan(1);
    expect(await page.locator('#karte-list li').count()).toBe(15);
    expect(await page.locator('figcaption a', { hasText: 'Ganze Karte zeigen' }).count()).toBe(1);

    // The picker: a click on the map fills the hidden inputs with the place under the pointer.
    await page.locator('#karte-controls').waitFor({ state: 'visible' });
    const box = (await page.locator('#karte').boundingBox())!;
    await page.mouse.click(box.x + 5, box.y + box.height - 5);
    const lat = Number(await page.locator('#f-lat').inputValue());
    const lon = Number(await page.locator('#f-lon').inputValue());
    expect(lat).toBeGreaterThan(51.4);
    expect(lat).toBeLessThan(51.47);
    expect(lon).toBeGreaterThan(7.0);
    expect(lon).toBeLessThan(7.08);
    expect(await page.locator('#karte circle.q-map-pick').count()).toBe(1);
    expect(await page.locator('#karte-controls [role="status"]').textContent()).toMatch(/^Ort gesetzt: Breite 51\.\d{6}, Länge 7\.\d{6}$/);

    // Keyboard: Enter on the focused map takes its middle.
    await page.locator('#karte').focus();
    await page.keyboard.press('Enter');
    const lat2 = Number(await page.locator('#f-lat').inputValue());
    expect(lat2).toBeGreaterThan(lat);
    await watch.check('/karte (place picked)');
  });
});

/**
 * Map island (progressive enhancement of ui/map/svg-map.tsx; the map works without it):
 * - zoom and pan: the buttons (revealed by this script), the keyboard on the focused map (arrows pan, + and −
 *   zoom, 0 resets), the mouse wheel and dragging with a mouse or pen; markers and labels keep their size;
 * - a location picker for forms: a click on a map with data-q-pick="<lat input id> <lon input id>" (or Enter on the
 *   focused map: its middle) fills the two inputs and marks the place. The form never depends on it.
 * Loaded as <script type="module" src="/static/islands/map.<hash>.js">; no inline script or style (CSP): only SVG
 * attributes (viewBox, r, font-size, transform) change.
 *
 * The project's TypeScript has no DOM library (server code must not see browser globals), so the little of the
 * DOM used here is declared below, for this file only.
 */
import { clampBox, clientToCanvas, coord, fill, formatBox, panBox, parseBox, projector, scaleOf, unprojector, zoomBox, type Box } from './map-core';

interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}
interface El {
  id: string;
  value: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  querySelector(sel: string): El | null;
  querySelectorAll(sel: string): Iterable<El>;
  closest(sel: string): El | null;
  appendChild(child: El): El;
  getBoundingClientRect(): Rect;
  addEventListener(type: string, fn: (e: Ev) => void, opts?: boolean | { passive?: boolean; capture?: boolean }): void;
  dispatchEvent(e: unknown): boolean;
  setPointerCapture(id: number): void;
}
interface Ev {
  key: string;
  target: El;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  clientX: number;
  clientY: number;
  deltaY: number;
  button: number;
  pointerId: number;
  pointerType: string;
  preventDefault(): void;
  stopPropagation(): void;
}
declare const document: {
  readyState: string;
  querySelectorAll(sel: string): Iterable<El>;
  getElementById(id: string): El | null;
  createElementNS(ns: string, tag: string): El;
  addEventListener(type: string, fn: () => void): void;
};
declare const Event: new (type: string, init?: { bubbles?: boolean }) => unknown;

const SVG_NS = 'http://www.w3.org/2000/svg';
const STEP = 1.5;

function svgEl(tag: string, attrs: Record<string, string>): El {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
}

/** Elements whose size stays the same on screen: data-q-scale="r:6" or "font-size:11 stroke-width:3". */
function scaledParts(svg: El): [El, [string, number][]][] {
  return [...svg.querySelectorAll('[data-q-scale]')].map((el) => [
    el,
    (el.getAttribute('data-q-scale') ?? '')
      .split(' ')
      .map((pair) => pair.split(':'))
      .filter((p) => p.length === 2 && Number.isFinite(Number(p[1])))
      .map(([k, v]) => [k!, Number(v)] as [string, number]),
  ]);
}

function enhance(svg: El): void {
  const base = parseBox(svg.getAttribute('viewBox'));
  if (!base || svg.getAttribute('data-q-enhanced')) return;
  svg.setAttribute('data-q-enhanced', '1');
  let box: Box = { ...base };
  const controls = document.getElementById(`${svg.id}-controls`);
  const status = controls?.querySelector('[data-q-map-status]') ?? null;
  const parts = scaledParts(svg);
  const toLatLon = unprojector(svg.getAttribute('data-q-map'));
  const toCanvas = projector(svg.getAttribute('data-q-map'));
  const crosshair = svgEl('path', { class: 'q-map-crosshair', d: 'M-10 0H10M0-10V10', 'aria-hidden': 'true' });
  let pickMarker: El | null = null;

  const placeCrosshair = (s: number) =>
    crosshair.setAttribute('transform', `translate(${Math.round((box.x + box.w / 2) * 100) / 100} ${Math.round((box.y + box.h / 2) * 100) / 100}) scale(${Math.round(s * 1000) / 1000})`);

  function draw(announce: boolean): void {
    svg.setAttribute('viewBox', formatBox(box));
    const s = box.w / base!.w;
    for (const [el, attrs] of parts) for (const [k, v] of attrs) el.setAttribute(k, String(Math.round(v * s * 100) / 100));
    placeCrosshair(s);
    pickMarker?.setAttribute('r', String(Math.round(7 * s * 100) / 100));
    if (announce && status) status.textContent = fill(status.getAttribute('data-q-msg-zoom') ?? '', { factor: String(scaleOf(box, base!)) });
  }
  const zoom = (factor: number, cx?: number, cy?: number) => {
    box = zoomBox(box, factor, base, cx, cy);
    draw(true);
  };
  const reset = () => {
    box = clampBox({ ...base }, base);
    draw(true);
  };

  if (controls) {
    controls.removeAttribute('hidden');
    for (const b of controls.querySelectorAll('[data-q-map-action]')) {
      b.addEventListener('click', () => {
        const a = b.getAttribute('data-q-map-action');
        if (a === 'in') zoom(STEP);
        else if (a === 'out') zoom(1 / STEP);
        else reset();
      });
    }
  }
  svg.setAttribute('tabindex', '0');
  svg.setAttribute('class', `${svg.getAttribute('class') ?? ''} q-map--enhanced`);
  svg.appendChild(crosshair);
  const hint = controls?.querySelector('[data-q-map-hint]');
  if (hint) svg.setAttribute('aria-describedby', `${svg.getAttribute('aria-describedby') ?? ''} ${hint.id}`.trim());

  // Location picker.
  const pick = (svg.getAttribute('data-q-pick') ?? '').split(' ');
  const latInput = pick[0] ? document.getElementById(pick[0]) : null;
  const lonInput = pick[1] ? document.getElementById(pick[1]) : null;
  function mark(x: number, y: number): void {
    if (!pickMarker) {
      pickMarker = svgEl('circle', { class: 'q-map-pick', 'aria-hidden': 'true' });
      svg.appendChild(pickMarker);
    }
    pickMarker.setAttribute('cx', String(Math.round(x * 100) / 100));
    pickMarker.setAttribute('cy', String(Math.round(y * 100) / 100));
    draw(false);
  }
  function pickAt(x: number, y: number): void {
    if (!latInput || !lonInput || !toLatLon) return;
    const [lat, lon] = toLatLon(x, y);
    latInput.value = coord(lat);
    lonInput.value = coord(lon);
    for (const input of [latInput, lonInput]) input.dispatchEvent(new Event('change', { bubbles: true }));
    mark(x, y);
    if (status) status.textContent = fill(status.getAttribute('data-q-msg-picked') ?? '', { lat: coord(lat), lon: coord(lon) });
  }
  if (latInput && lonInput && toCanvas && latInput.value && lonInput.value) {
    const [x, y] = toCanvas(Number(latInput.value), Number(lonInput.value));
    if (Number.isFinite(x) && Number.isFinite(y)) mark(x, y);
  }

  svg.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.altKey || e.metaKey) return;
    const dx = box.w / 10;
    const dy = box.h / 10;
    const k = e.key;
    if (k === 'ArrowLeft') box = panBox(box, -dx, 0, base);
    else if (k === 'ArrowRight') box = panBox(box, dx, 0, base);
    else if (k === 'ArrowUp') box = panBox(box, 0, -dy, base);
    else if (k === 'ArrowDown') box = panBox(box, 0, dy, base);
    else if (k === '+' || k === '=') box = zoomBox(box, STEP, base);
    else if (k === '-' || k === '_') box = zoomBox(box, 1 / STEP, base);
    else if (k === '0' || k === 'Home') box = clampBox({ ...base }, base);
    else if ((k === 'Enter' || k === ' ') && e.target === svg && latInput) {
      e.preventDefault();
      pickAt(box.x + box.w / 2, box.y + box.h / 2);
      return;
    } else return;
    e.preventDefault();
    draw(k !== 'ArrowLeft' && k !== 'ArrowRight' && k !== 'ArrowUp' && k !== 'ArrowDown');
  });

  svg.addEventListener(
    'wheel',
    (e) => {
      e.preventDefault();
      const [cx, cy] = clientToCanvas(box, svg.getBoundingClientRect(), e.clientX, e.clientY);
      zoom(e.deltaY < 0 ? 1.25 : 0.8, cx, cy);
    },
    { passive: false },
  );

  // Dragging with a mouse or pen pans; touch keeps scrolling the page (the buttons zoom and pan there).
  let drag: { x: number; y: number; box: Box; moved: boolean } | null = null;
  let swallowClick = false;
  svg.addEventListener('pointerdown', (e) => {
    if (e.button !== 0 || e.pointerType === 'touch') return;
    drag = { x: e.clientX, y: e.clientY, box, moved: false };
  });
  svg.addEventListener('pointermove', (e) => {
    if (!drag) return;
    const dx = e.clientX - drag.x;
    const dy = e.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 5) return;
    if (!drag.moved) svg.setPointerCapture(e.pointerId);
    drag.moved = true;
    const r = svg.getBoundingClientRect();
    box = panBox(drag.box, (-dx * drag.box.w) / r.width, (-dy * drag.box.h) / r.height, base);
    draw(false);
  });
  const end = () => {
    if (drag?.moved) swallowClick = true;
    drag = null;
  };
  svg.addEventListener('pointerup', end);
  svg.addEventListener('pointercancel', end);
  svg.addEventListener(
    'click',
    (e) => {
      if (swallowClick) {
        swallowClick = false;
        e.preventDefault();
        e.stopPropagation();
        return;
      }
      if (latInput && !e.target.closest('a')) {
        const [x, y] = clientToCanvas(box, svg.getBoundingClientRect(), e.clientX, e.clientY);
        pickAt(x, y);
      }
    },
    true,
  );
  // The server drew the map at its base view, so only the crosshair needs placing: rewriting every scaled attribute
  // here forced a second style and layout pass of the whole page while it loaded (Lighthouse: total blocking time).
  placeCrosshair(1);
}

function init(): void {
  for (const svg of document.querySelectorAll('svg[data-q-map]')) enhance(svg);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();

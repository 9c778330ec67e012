/**
 * Functions that run inside the page (passed to page.evaluate). The project's TypeScript has no DOM library (server
 * code must not see browser globals), so `document` and `window` are declared here, for this file only.
 */
declare const document: any;
declare const window: any;

export const langDir = (): { lang: string; dir: string } => ({ lang: document.documentElement.lang, dir: document.documentElement.dir });

/** The element that has the keyboard focus: its id, tag and href. */
export const focused = (): { id: string; tag: string; href: string | null } => {
  const el = document.activeElement;
  return { id: el?.id ?? '', tag: (el?.tagName ?? '').toLowerCase(), href: el?.getAttribute?.('href') ?? null };
};

/** Inline code in the live DOM: script elements without src, style attributes, style elements. */
export const inlineCode = (): { inlineScripts: number; styleAttrs: string[]; styleElements: number } => ({
  inlineScripts: document.querySelectorAll('script:not([src]):not([type="application/ld+json"])').length,
  styleAttrs: [...document.querySelectorAll('[style]')].map((e: any) => String(e.outerHTML).slice(0, 120)),
  styleElements: document.querySelectorAll('style').length,
});

/** Horizontal overflow of the page: how far the document is wider than the viewport, and the widest culprits. */
export const horizontalOverflow = (): { viewport: number; scrollWidth: number; culprits: string[] } => {
  const root = document.documentElement;
  const viewport = root.clientWidth;
  const culprits: string[] = [];
  // An element inside a scroll container (e.g. a responsive table) only widens the page when it escapes it, as an
  // absolutely positioned element whose containing block lies outside the container does.
  const contained = (el: any): boolean => {
    const position = window.getComputedStyle(el).position;
    if (position === 'absolute' || position === 'fixed') return false;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (window.getComputedStyle(a).overflowX !== 'visible') return true;
    }
    return false;
  };
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    const overflowsItself = el.scrollWidth > el.clientWidth + 1 && window.getComputedStyle(el).overflowX === 'visible';
    if ((r.width > 0 || r.right > viewport + 1) && (r.right > viewport + 1 || r.left < -1 || overflowsItself) && !contained(el)) {
      const cls = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      const pos = window.getComputedStyle(el).position;
      culprits.push(`<${String(el.tagName).toLowerCase()}${el.id ? `#${el.id}` : ''}${cls}>${pos === 'static' ? '' : ` (position: ${pos})`} "${String(el.textContent ?? '').trim().slice(0, 40)}" (${Math.round(r.left)}–${Math.round(r.right)} px, content ${el.scrollWidth} px)`);
    }
  }
  return { viewport, scrollWidth: Math.max(root.scrollWidth, document.body.scrollWidth), culprits: culprits.slice(-5) };
};

/** Scrolls as far right (or left in RTL) as possible and reports whether the page moved. */
export const canScrollHorizontally = (): boolean => {
  const before = window.scrollX;
  window.scrollTo(10_000, window.scrollY);
  const right = window.scrollX;
  window.scrollTo(-10_000, window.scrollY);
  const left = window.scrollX;
  window.scrollTo(before, window.scrollY);
  return right !== before || left !== before;
};

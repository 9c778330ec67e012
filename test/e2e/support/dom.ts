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
  inlineScripts: document.querySelectorAll('script:not([src])').length,
  styleAttrs: [...document.querySelectorAll('[style]')].map((e: any) => String(e.outerHTML).slice(0, 120)),
  styleElements: document.querySelectorAll('style').length,
});

/** Horizontal overflow of the page: how far the document is wider than the viewport, and the widest culprits. */
export const horizontalOverflow = (): { viewport: number; scrollWidth: number; culprits: string[] } => {
  const root = document.documentElement;
  const viewport = root.clientWidth;
  const culprits: string[] = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.right > viewport + 1 || r.left < -1)) {
      culprits.push(`${String(el.tagName).toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} (${Math.round(r.left)}–${Math.round(r.right)})`);
      if (culprits.length >= 5) break;
    }
  }
  return { viewport, scrollWidth: Math.max(root.scrollWidth, document.body.scrollWidth), culprits };
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

/**
 * Checks every page a browser test visits:
 * - axe-core (@axe-core/playwright): zero serious or critical violations; the violations are printed readably;
 * - the Content-Security-Policy header is present and strict (no 'unsafe-…' source);
 * - no inline <script>, no style attribute and no on…= event handler, neither in the HTML the server sent nor in the DOM;
 * - the browser reported no CSP violation.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page, Response } from 'playwright-core';
import { expect } from 'vitest';
import { inlineCode } from './dom';

export interface AxeViolationNode {
  target: unknown;
  failureSummary?: string | undefined;
  html: string;
}

export interface AxeViolation {
  id: string;
  impact?: string | null | undefined;
  help: string;
  helpUrl: string;
  nodes: AxeViolationNode[];
}

const BLOCKING = new Set(['serious', 'critical']);

/** Human-readable report of axe violations (rule, impact, help, every failing element). */
export function formatViolations(label: string, violations: AxeViolation[]): string {
  const lines = [`axe: ${violations.length} serious/critical violation(s) on ${label}`];
  for (const v of violations) {
    lines.push('', `  [${v.impact}] ${v.id}: ${v.help}`, `    ${v.helpUrl}`);
    for (const n of v.nodes.slice(0, 10)) {
      lines.push(`    - ${JSON.stringify(n.target)}`, `      ${n.html.slice(0, 200)}`);
      for (const s of (n.failureSummary ?? '').split('\n').filter(Boolean)) lines.push(`        ${s.trim()}`);
    }
    if (v.nodes.length > 10) lines.push(`    … and ${v.nodes.length - 10} more element(s)`);
  }
  return lines.join('\n');
}

/**
 * Runs axe on the current page: its serious and critical violations (also used by bench/budgets.ts).
 *
 * Legacy mode runs `axe.run` in the page itself; the default mode of @axe-core/playwright opens an extra blank page
 * for every analysis (`finishRun`), which made each check several times slower. Our pages have no frames, so both
 * modes test the same document with the same rules. Only violations are collected with their elements: the passes
 * of a large page (thousands of nodes) are not needed and were serialised for nothing.
 */
export async function blockingViolations(page: Page): Promise<AxeViolation[]> {
  const results = await new AxeBuilder({ page }).setLegacyMode(true).options({ resultTypes: ['violations'] }).analyze();
  return (results.violations as AxeViolation[]).filter((v) => BLOCKING.has(v.impact ?? ''));
}

/** Runs axe on the current page; fails on any serious or critical violation. */
export async function expectAccessible(page: Page, label = page.url()): Promise<void> {
  const blocking = await blockingViolations(page);
  if (blocking.length > 0) {
    const report = formatViolations(label, blocking);
    console.error(report);
    expect.fail(report);
  }
}

/** Problems in a CSP header value ([] = strict enough). */
export function cspProblems(csp: string | null | undefined): string[] {
  if (!csp) return ['no Content-Security-Policy header'];
  const problems: string[] = [];
  const directives = new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((p) => p[0])
      .map(([name, ...values]) => [name!.toLowerCase(), values] as const),
  );
  for (const name of ['default-src', 'script-src', 'style-src']) {
    const values = directives.get(name);
    if (name === 'default-src' && !values) problems.push('default-src is missing');
    if (values?.some((v) => /^'unsafe-/i.test(v))) problems.push(`${name} allows ${values.filter((v) => /^'unsafe-/i.test(v)).join(' ')}`);
  }
  if (!directives.has('script-src') && !directives.get('default-src')?.includes("'self'")) problems.push('script-src is missing');
  if (!directives.get('frame-ancestors')) problems.push('frame-ancestors is missing');
  return problems;
}

/** Inline script, style attributes and inline event handlers in an HTML document ([] = none). */
export function inlineProblems(html: string): string[] {
  const problems: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>/gi)) {
    // A JSON-LD data block (schema.org) is data, not code: browsers never execute it and CSP does not apply.
    if (!/\bsrc\s*=/i.test(m[1] ?? '') && !/\btype\s*=\s*["']application\/ld\+json["']/i.test(m[1] ?? '')) problems.push(`inline <script${m[1]}>`);
  }
  for (const m of html.matchAll(/<[a-z][a-z0-9-]*\b[^>]*?\sstyle\s*=\s*["'][^"']*["'][^>]*>/gi)) problems.push(`style attribute: ${m[0].slice(0, 120)}`);
  for (const m of html.matchAll(/<[a-z][a-z0-9-]*\b[^>]*?\son[a-z]+\s*=\s*["'][^>]*>/gi)) problems.push(`inline event handler: ${m[0].slice(0, 120)}`);
  if (/<style\b/i.test(html)) problems.push('inline <style> element');
  return problems;
}

/**
 * Follows one page: remembers the last main-frame document response (for headers and the HTML as sent) and every
 * CSP violation the browser reports.
 */
export class PageWatch {
  lastDocument: Response | null = null;
  cspViolations: string[] = [];
  checked: string[] = [];

  constructor(readonly page: Page) {
    page.on('response', (r) => {
      if (r.request().resourceType() === 'document' && r.frame() === page.mainFrame()) this.lastDocument = r;
    });
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) this.cspViolations.push(m.text());
    });
  }

  /** Navigates and checks the page. */
  async visit(path: string, opts: { status?: number; label?: string } = {}): Promise<Response> {
    const res = await this.page.goto(path, { waitUntil: 'load' });
    expect(res, `no response for ${path}`).not.toBeNull();
    expect(res!.status(), `status of ${path}`).toBe(opts.status ?? 200);
    await this.check(opts.label ?? path);
    return res!;
  }

  /** Checks the page now shown (after a visit, a click or a form submission). */
  async check(label = new URL(this.page.url()).pathname): Promise<void> {
    await this.page.waitForLoadState('load');
    const doc = this.lastDocument;
    expect(doc, `no document response for ${label}`).not.toBeNull();
    const headers = await doc!.allHeaders();
    expect(cspProblems(headers['content-security-policy']), `CSP header of ${label}`).toEqual([]);
    expect(headers['x-content-type-options'], `X-Content-Type-Options of ${label}`).toBe('nosniff');
    const ct = headers['content-type'] ?? '';
    if (ct.includes('text/html')) {
      const html = await doc!.text().catch(() => null);
      if (html !== null) expect(inlineProblems(html), `inline code in the HTML of ${label}`).toEqual([]);
    }
    const dom = await this.page.evaluate(inlineCode);
    expect(dom, `inline code in the DOM of ${label}`).toEqual({ inlineScripts: 0, styleAttrs: [], styleElements: 0 });
    expect(this.cspViolations, `CSP violations reported by the browser on ${label}`).toEqual([]);
    await expectAccessible(this.page, label);
    this.checked.push(label);
  }
}

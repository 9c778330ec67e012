/**
 * Public-page budgets (issue 7, item 7), measured on a real Quartier seeded like `npm start` (demo data):
 * every public GET page (route-policy table, parameters filled from the seeded data) in de, en, tr, ar and uk —
 *  1. JavaScript: every script the page loads, gzip level 9 of the bytes served — at most 15 KB;
 *  2. JavaScript off: status 200 (token pages: 200 or the "link used" page), a main heading, every form with an
 *     action and a submit button;
 *  3. axe-core: zero serious or critical violations;
 * and Lighthouse 12.2.3 (mobile, simulated throttling) for the home page, an area page and the concern form in
 * German and Arabic: performance ≥ 95, accessibility 100.
 * Prints a table, writes bench/results/budgets.md (BUDGETS_OUT), exits 1 when a budget is missed.
 * Run: npm run bench:budgets
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Response } from 'playwright-core';
import { LOCALES, direction, type Locale } from '../src/platform/i18n';
import { LOCALE_COOKIE } from '../src/platform/http/middleware';
import { chromiumAvailable, launchBrowser } from '../test/e2e/support/browser';
import { blockingViolations, formatViolations } from '../test/e2e/support/checks';
import { JS_BUDGET_GZIP, publicPageRoutes, resolvePublicPages } from './budgets/pages';
import { buildBudgetData } from './budgets/seed';
import { runLighthouse, withChromeForLighthouse, type LighthouseResult } from './budgets/lighthouse';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = process.env.BUDGETS_OUT ?? path.join(root, 'bench', 'results', 'budgets.md');
const PERFORMANCE_MIN = 95;
const ACCESSIBILITY_MIN = 100;
/** Lighthouse pages: the home page, an area page, the concern form. */
const LIGHTHOUSE_PATHS = (process.env.BUDGETS_LIGHTHOUSE_PATHS ?? '/,/areas/karnap,/concerns/new').split(',').filter(Boolean);
/** Languages of the page checks (all five by default; e.g. BUDGETS_LOCALES=de,ar for a quick look). */
const PAGE_LOCALES = (process.env.BUDGETS_LOCALES ?? LOCALES.join(',')).split(',').filter((l): l is Locale => (LOCALES as readonly string[]).includes(l));
/**
 * Lighthouse runs per page and language (default 3): the run with the median performance score is reported, beside
 * every run's score — Lighthouse's own guidance on variability (total blocking time moves with the machine's load).
 */
const LIGHTHOUSE_RUNS = Math.max(1, Math.round(Number(process.env.BUDGETS_LIGHTHOUSE_RUNS ?? 3)));
const LIGHTHOUSE_LOCALES = (process.env.BUDGETS_LIGHTHOUSE_LOCALES ?? 'de,ar').split(',').filter(Boolean) as Locale[];

interface PageResult {
  route: string;
  path: string;
  locale: Locale;
  status: number;
  jsGzip: number;
  scripts: string[];
  langOk: boolean;
  axe: number;
  axeReport: string;
  jsOff: string[];
}

function startServer(env: Record<string, string>): Promise<{ proc: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const proc = fork(path.join(root, 'bin', 'run-ts.mjs'), [path.join(root, 'bench', 'server.ts')], {
      cwd: root,
      env: { ...process.env, ...env },
      execArgv: [],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const timer = setTimeout(() => reject(new Error('Quartier did not start within 60 s')), 60_000);
    proc.once('exit', (code) => reject(new Error(`Quartier exited early with code ${code}`)));
    proc.on('message', (m: { ready?: boolean; port?: number }) => {
      if (m?.ready && m.port) {
        clearTimeout(timer);
        resolve({ proc, port: m.port });
      }
    });
  });
}

function stopServer(proc: ChildProcess | undefined): Promise<void> {
  if (!proc || proc.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => proc.kill('SIGKILL'), 5000);
    proc.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    proc.disconnect();
  });
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const isTokenRoute = (route: string) => /:token\b/.test(route);

/** One language: every page with JavaScript (scripts, axe) and once more with JavaScript off. */
async function checkLocale(browser: Browser, base: string, locale: Locale, pages: Array<{ route: string; path: string }>): Promise<PageResult[]> {
  const cookie = { name: LOCALE_COOKIE, value: locale, url: base };
  const ctx: BrowserContext = await browser.newContext({ baseURL: base, locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  const off: BrowserContext = await browser.newContext({ baseURL: base, locale: 'de-DE', timezoneId: 'Europe/Berlin', javaScriptEnabled: false });
  await ctx.addCookies([cookie]);
  await off.addCookies([cookie]);
  const page = await ctx.newPage();
  const plain = await off.newPage();
  let scripts: Response[] = [];
  page.on('response', (r) => {
    if (r.request().resourceType() === 'script') scripts.push(r);
  });
  const out: PageResult[] = [];
  try {
    for (const p of pages) {
      scripts = [];
      const res = await page.goto(p.path, { waitUntil: 'load' });
      const status = res?.status() ?? 0;
      let jsGzip = 0;
      const names: string[] = [];
      for (const s of scripts) {
        const body = await s.body().catch(() => Buffer.alloc(0));
        jsGzip += gzipSync(body, { level: 9 }).length;
        names.push(new URL(s.url()).pathname);
      }
      const html = { lang: await page.locator('html').getAttribute('lang'), dir: await page.locator('html').getAttribute('dir') };
      const violations = await blockingViolations(page);
      const jsOff: string[] = [];
      const plainRes = await plain.goto(p.path, { waitUntil: 'load' });
      const plainStatus = plainRes?.status() ?? 0;
      if (plainStatus !== 200 && !(isTokenRoute(p.route) && plainStatus === 404)) jsOff.push(`status ${plainStatus}`);
      if ((await plain.locator('main h1').count()) !== 1) jsOff.push(`${await plain.locator('main h1').count()} main headings`);
      const forms = await plain.$$eval('form', (fs) =>
        fs.map((f) => ({
          action: f.getAttribute('action') ?? '',
          submit: f.querySelectorAll('button:not([type]), button[type="submit"], input[type="submit"]').length,
        })),
      );
      for (const f of forms) {
        if (!f.action) jsOff.push('a form without action');
        if (f.submit === 0) jsOff.push(`form ${f.action || '(no action)'} without a submit button`);
      }
      if (violations.length || jsOff.length || jsGzip > JS_BUDGET_GZIP) {
        console.log(`    ${p.path} (${locale}): ${violations.map((v) => `axe ${v.id} ×${v.nodes.length}`).join(', ')} ${jsOff.join(', ')} ${jsGzip > JS_BUDGET_GZIP ? `JS ${kb(jsGzip)}` : ''}`);
      }
      out.push({
        ...p,
        locale,
        status,
        jsGzip,
        scripts: names,
        langOk: html.lang === locale && html.dir === direction(locale),
        axe: violations.reduce((n, v) => n + v.nodes.length, 0),
        axeReport: violations.length ? formatViolations(`${p.path} (${locale})`, violations) : '',
        jsOff,
      });
    }
  } finally {
    await ctx.close();
    await off.close();
  }
  return out;
}

async function main(): Promise<number> {
  if (!chromiumAvailable()) throw new Error('Chromium is needed (/usr/bin/chromium)');
  const started = performance.now();
  const load = os.loadavg()[0] ?? 0;
  console.log('Public-page budgets');
  process.stdout.write('  data set (Essen + demo data + participation) … ');
  const data = await buildBudgetData();
  console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
  let server: ChildProcess | undefined;
  const lines: string[] = [];
  const failures: string[] = [];
  try {
    const routes = publicPageRoutes(data.policies);
    const s = await startServer(data.env);
    server = s.proc;
    const base = `http://127.0.0.1:${s.port}`;
    const resolved = await resolvePublicPages(
      routes,
      async (p) => {
        const r = await fetch(`${base}${p}`, { redirect: 'manual', headers: { cookie: `${LOCALE_COOKIE}=de` } });
        return { status: r.status, contentType: r.headers.get('content-type') ?? '', body: await r.text() };
      },
      // Newest e-mail first: the last proposal's link is still unused.
      { extraPaths: [...data.seedPaths, ...[...data.mailPaths].reverse()] },
    );
    console.log(`  ${routes.length} public GET routes: ${resolved.pages.length} pages, ${resolved.notHtml.length} not HTML, ${resolved.unresolved.length} unresolved`);

    const browser = await launchBrowser();
    const results: PageResult[] = [];
    try {
      for (const locale of PAGE_LOCALES) {
        const t0 = performance.now();
        results.push(...(await checkLocale(browser, base, locale, resolved.pages)));
        console.log(`  ${locale}: ${resolved.pages.length} pages in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      }
    } finally {
      await browser.close();
    }

    const lh: Array<LighthouseResult & { locale: Locale; runs: number[] }> = [];
    await withChromeForLighthouse(async (port) => {
      for (const locale of LIGHTHOUSE_LOCALES) {
        for (const p of LIGHTHOUSE_PATHS) {
          const t0 = performance.now();
          const url = `${base}${p}${p.includes('?') ? '&' : '?'}lang=${locale}`;
          const all: LighthouseResult[] = [];
          for (let i = 0; i < LIGHTHOUSE_RUNS; i++) {
            all.push(
              await runLighthouse(url, port).catch((e: unknown): LighthouseResult => {
                console.error(`  Lighthouse ${p} (${locale}): ${e instanceof Error ? e.message : String(e)}`);
                return { url, performance: 0, accessibility: 0, metrics: {}, failing: [`run failed: ${e instanceof Error ? e.message : String(e)}`], lighthouseVersion: '' };
              }),
            );
          }
          const sorted = [...all].sort((a, b) => a.performance - b.performance);
          const r = sorted[Math.floor((sorted.length - 1) / 2)]!;
          // Accessibility does not vary between runs; the lowest one counts.
          const accessibility = Math.min(...all.map((x) => x.accessibility));
          lh.push({ ...r, accessibility, locale, runs: all.map((x) => x.performance) });
          console.log(`  Lighthouse ${p} (${locale}): performance ${r.performance} (runs ${all.map((x) => x.performance).join(', ')}), accessibility ${accessibility} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
        }
      }
    });

    // ---- report
    lines.push('# Public-page budgets', '');
    lines.push(`Run ${new Date().toISOString()} on ${os.cpus().length} cores (1-minute load average at the start ${load.toFixed(2)}), Node ${process.version}, Lighthouse ${lh.find((r) => r.lighthouseVersion)?.lighthouseVersion ?? '–'}, Chromium at /usr/bin/chromium. \`npm run bench:budgets\` (bench/budgets.ts).`, '');
    lines.push(`Data: Essen seed + demo data (src/demo.ts) + a proposal, comment and open survey in Karnap. ${routes.length} public GET routes in the route-policy table; ${resolved.pages.length} pages measured in ${PAGE_LOCALES.length} languages (${results.length} page views with JavaScript, as many without).`, '');
    lines.push('## Every public page, every language', '');
    lines.push(`Budgets: JavaScript ≤ ${kb(JS_BUDGET_GZIP)} gzip (level 9 of the bytes served, every script the page loads); with JavaScript off status 200, one main heading, forms with action and submit button; axe-core: 0 serious/critical violations; \`<html lang dir>\` of the language.`, '');
    lines.push(`| page | route | JS gzip (max) | scripts | JS off | axe serious/critical (${PAGE_LOCALES.join(' ')}) | lang/dir | verdict |`, '|---|---|---:|---|---|---|---|---|');
    for (const p of resolved.pages) {
      const rows = results.filter((r) => r.path === p.path);
      const js = Math.max(0, ...rows.map((r) => r.jsGzip));
      const off = [...new Set(rows.flatMap((r) => r.jsOff.map((x) => `${r.locale}: ${x}`)))];
      const axe = PAGE_LOCALES.map((l) => rows.find((r) => r.locale === l)?.axe ?? '–').join(' ');
      const langOk = rows.every((r) => r.langOk);
      const problems: string[] = [];
      if (js > JS_BUDGET_GZIP) problems.push(`JavaScript ${kb(js)}`);
      if (off.length) problems.push('JavaScript off');
      if (rows.some((r) => r.axe > 0)) problems.push('axe');
      if (!langOk) problems.push('lang/dir');
      for (const x of problems) failures.push(`${p.path}: ${x}`);
      const scripts = [...new Set(rows.flatMap((r) => r.scripts))].map((x) => `\`${x}\``).join(' ') || '–';
      lines.push(`| \`${p.path}\` | \`${p.route}\` | ${kb(js)} | ${scripts} | ${off.length ? off.join('; ') : 'ok'} | ${axe} | ${langOk ? 'ok' : 'wrong'} | ${problems.length ? `**missed**: ${problems.join(', ')}` : 'met'} |`);
    }
    lines.push('');
    lines.push(`Not measured: ${resolved.unresolved.length ? `routes no page or e-mail links to in this data set — ${resolved.unresolved.map((r) => `\`${r}\``).join(', ')}` : 'none'}.`, '');
    if (resolved.notHtml.length) lines.push(`Not pages (files, feeds, data): ${resolved.notHtml.map((r) => `\`${r.path}\` (${r.answer})`).join(', ')}.`, '');
    lines.push('## Lighthouse (mobile, simulated throttling)', '');
    lines.push(`Budgets: performance ≥ ${PERFORMANCE_MIN}, accessibility ${ACCESSIBILITY_MIN}. ${LIGHTHOUSE_RUNS} run(s) per page and language; the metrics are those of the run with the median performance score, every run's score is listed.`, '');
    lines.push('| page | language | performance (median) | runs | accessibility | FCP | LCP | TBT | CLS | SI | audits below 1 | verdict |', '|---|---|---:|---|---:|---:|---:|---:|---:|---:|---|---|');
    for (const r of lh) {
      const path0 = new URL(r.url).pathname;
      const ok = r.performance >= PERFORMANCE_MIN && r.accessibility >= ACCESSIBILITY_MIN;
      if (!ok) failures.push(`Lighthouse ${path0} (${r.locale}): performance ${r.performance}, accessibility ${r.accessibility}`);
      const m = (id: string) => r.metrics[id] ?? '–';
      lines.push(
        `| \`${path0}\` | ${r.locale} | ${r.performance} | ${r.runs.join(', ')} | ${r.accessibility} | ${m('first-contentful-paint')} | ${m('largest-contentful-paint')} | ${m('total-blocking-time')} | ${m('cumulative-layout-shift')} | ${m('speed-index')} | ${r.failing.join('; ') || '–'} | ${ok ? 'met' : '**missed**'} |`,
      );
    }
    lines.push('');
    const axeReports = results.filter((r) => r.axeReport).map((r) => r.axeReport);
    if (axeReports.length) lines.push('## axe-core findings', '', '```', ...axeReports.slice(0, 20), ...(axeReports.length > 20 ? [`… and ${axeReports.length - 20} more page views`] : []), '```', '');
    lines.push(`Verdict: ${failures.length ? `${failures.length} budget(s) missed:\n\n${failures.map((f) => `- ${f}`).join('\n')}` : 'every budget met.'}`, '');
    lines.push(`Whole run: ${((performance.now() - started) / 1000).toFixed(0)} s.`, '');
  } finally {
    await stopServer(server);
    data.remove();
  }
  const text = lines.join('\n');
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, text);
  console.log(`\n${text}`);
  console.log(`Written to ${path.relative(root, OUT)}`);
  return failures.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);

/**
 * Lighthouse 12.2.3 through its Node API against Debian's Chromium (chrome-launcher with `chromePath`: no browser is
 * downloaded). Default config = mobile emulation with simulated throttling; only the performance and accessibility
 * categories. One Chromium for all runs, a fresh tab per run (Lighthouse clears the cache and storage itself).
 */
import fs from 'node:fs';
import path from 'node:path';
import lighthouse from 'lighthouse';
import { launch, type LaunchedChrome } from 'chrome-launcher';
import { CHROMIUM_PATH } from '../../test/e2e/support/browser';

export interface LighthouseResult {
  url: string;
  performance: number;
  accessibility: number;
  /** Metric values as Lighthouse displays them (FCP, LCP, TBT, CLS, SI). */
  metrics: Record<string, string>;
  /** Audits that cost points (score < 1), as "id (score)", in the two categories. */
  failing: string[];
  lighthouseVersion: string;
}

const METRICS = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index'];

export async function withChromeForLighthouse<T>(fn: (port: number) => Promise<T>): Promise<T> {
  const chrome: LaunchedChrome = await launch({
    chromePath: process.env.CHROME_PATH ?? CHROMIUM_PATH,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    logLevel: 'silent',
  });
  try {
    return await fn(chrome.port);
  } finally {
    chrome.kill();
  }
}

/** One Lighthouse run; a run Lighthouse itself reports as broken (e.g. NO_NAVSTART on a loaded machine) is repeated once. */
export async function runLighthouse(url: string, port: number): Promise<LighthouseResult> {
  try {
    return await runOnce(url, port);
  } catch (e) {
    console.warn(`  Lighthouse on ${url} failed (${e instanceof Error ? e.message : String(e)}); once more`);
    return runOnce(url, port);
  }
}

async function runOnce(url: string, port: number): Promise<LighthouseResult> {
  const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'] });
  if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
  const lhr = result.lhr;
  if (lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  // BUDGETS_LIGHTHOUSE_JSON=<folder>: keep each whole report (network requests, render-blocking resources, …) for a look.
  const keep = process.env.BUDGETS_LIGHTHOUSE_JSON;
  if (keep) {
    fs.mkdirSync(keep, { recursive: true });
    fs.writeFileSync(path.join(keep, `${new URL(url).pathname.replace(/[^a-z0-9]+/gi, '_')}${new URL(url).search.replace(/[^a-z0-9]+/gi, '_')}.json`), JSON.stringify(lhr));
  }
  const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
  const failing: string[] = [];
  for (const id of ['performance', 'accessibility']) {
    for (const ref of lhr.categories[id]?.auditRefs ?? []) {
      const a = lhr.audits[ref.id];
      if (!a || ref.weight === 0 || a.score === null || a.score >= 1) continue;
      failing.push(`${ref.id} (${a.score.toFixed(2)}${a.displayValue ? `, ${a.displayValue}` : ''})`);
    }
  }
  return {
    url,
    performance: score('performance'),
    accessibility: score('accessibility'),
    metrics: Object.fromEntries(METRICS.map((m) => [m, lhr.audits[m]?.displayValue ?? '–'])),
    failing,
    lighthouseVersion: lhr.lighthouseVersion,
  };
}

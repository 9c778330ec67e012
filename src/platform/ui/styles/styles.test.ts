import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fontFaceCss, fontResponse, FONT_RANGES, preloadFontUrls } from './fonts';
import { LOCALES } from '../../i18n';
import { canMatch, kernClassesUsed, purgeKern, stylesheet, stylesheetEncoded, stylesheetResponse, stylesheetUrl } from './stylesheet';

const require = createRequire(import.meta.url);
const kernCss = fs.readFileSync(path.join(path.dirname(require.resolve('@kern-ux/native/package.json')), 'dist', 'kern.min.css'), 'utf8');

describe('KERN reduced to the classes the markup uses', () => {
  const used = { names: new Set(['kern-btn', 'kern-label']), prefixes: ['kern-btn--'] };

  it('keeps rules whose KERN classes are all used, drops the others, trims selector lists', () => {
    const out = purgeKern(
      [
        ':root{--kern-x:1px}',
        'html,body{margin:0}',
        '.kern-btn{color:red}',
        '.kern-btn--primary{color:blue}',
        '.kern-table{color:green}',
        '.kern-btn .kern-table{color:pink}',
        '.kern-label,.kern-table__row{color:teal}',
        '.kern-btn:not(.kern-table){color:gold}',
        '[type=checkbox]{width:var(--kern-x)}',
        '@media (min-width:10px){.kern-table{color:navy}}',
        '@media (min-width:20px){.kern-btn{color:navy}}',
        '@keyframes spin{0%{opacity:0}to{opacity:1}}',
      ].join(''),
      used,
    );
    expect(out).toContain(':root{--kern-x:1px}');
    expect(out).toContain('html,body{margin:0}');
    expect(out).toContain('.kern-btn{color:red}');
    expect(out).toContain('.kern-btn--primary{color:blue}');
    expect(out).not.toContain('color:green');
    expect(out).not.toContain('color:pink');
    expect(out).toContain('.kern-label{color:teal}');
    expect(out).toContain('.kern-btn:not(.kern-table){color:gold}');
    expect(out).toContain('[type=checkbox]{width:var(--kern-x)}');
    expect(out).not.toContain('min-width:10px');
    expect(out).toContain('@media (min-width:20px){.kern-btn{color:navy}}');
    expect(out).toContain('@keyframes spin{0%{opacity:0}to{opacity:1}}');
  });

  it('reads :not, :is, :where and :has the way a browser matches them', () => {
    const isUsed = (c: string) => ['kern-btn', 'kern-label'].includes(c);
    expect(canMatch(':is(body,.kern-light,[data-kern-theme=light]):not([class*=kern-level-])', isUsed)).toBe(true);
    expect(canMatch(':is(.kern-light,.kern-dark) .kern-btn', isUsed)).toBe(false);
    expect(canMatch(':where(.kern-btn,.kern-table) .kern-label', isUsed)).toBe(true);
    expect(canMatch('body:has(.kern-dialog[open])', isUsed)).toBe(false);
    expect(canMatch('.kern-btn:not(:is(.kern-table,.kern-dialog))', isUsed)).toBe(true);
    expect(canMatch(':is(:is(.kern-table),.kern-card) .kern-btn', isUsed)).toBe(false);
    expect(canMatch('.kern-btn:nth-child(2n+1):is(.kern-label,.kern-x)', isUsed)).toBe(true);
    expect(canMatch('.kern-table:nth-child(2)', isUsed)).toBe(false);
  });

  it('keeps only the custom properties something reads, also through other properties and app.css', () => {
    const out = purgeKern(
      ':root{--a:red;--b:var(--c);--c:blue;--d:green;--e:1px;--f:var(--d)}.kern-btn{color:var(--a);border-color:var(--b)}.kern-table{color:var(--f)}',
      used,
      '.q-x{margin:var(--e)}',
    );
    expect(out).toBe(':root{--a:red;--b:var(--c);--c:blue;--e:1px}.kern-btn{color:var(--a);border-color:var(--b)}');
    // A rule left without declarations goes as well.
    expect(purgeKern(':root{--z:1}.kern-btn{color:red}', used)).toBe('.kern-btn{color:red}');
  });

  it('collects whole class names and prefixes from source files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'q-kern-'));
    fs.writeFileSync(path.join(dir, 'a.tsx'), 'const x = <button class="kern-btn kern-btn--primary">x</button>; const y = `kern-alert--${kind}`; // kern-… in prose');
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'sub', 'b.css'), '.q-filter .kern-form-input { min-width: 1rem }');
    fs.writeFileSync(path.join(dir, 'sub', 'c.md'), 'kern-ignored');
    fs.writeFileSync(path.join(dir, 'sub', 'd.test.ts'), 'kern-only-in-a-test');
    const got = kernClassesUsed(dir);
    expect([...got.names].sort()).toEqual(['kern-btn', 'kern-btn--primary', 'kern-form-input']);
    expect(got.prefixes).toEqual(['kern-alert--']);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every KERN class Quartier writes, and is about half of KERN gzipped', () => {
    const css = stylesheet().css.toString('utf8');
    const { names } = kernClassesUsed();
    // Classes KERN styles on their own (a selector that is just the class): each must still be styled.
    const inKern = [...names].filter((n) => new RegExp(`(^|[{},])\\.${n}[,{]`).test(kernCss));
    expect(inKern.length).toBeGreaterThan(30);
    for (const n of inKern) expect(css, n).toMatch(new RegExp(`\\.${n}(?![A-Za-z0-9_-])`));
    // A class no template uses is gone (KERN's dialog is not used; Quartier has its own confirmation pages).
    const dialog = ['kern', 'dialog'].join('-');
    expect(kernCss).toContain(`.${dialog}`);
    expect(names.has(dialog)).toBe(false);
    expect(css).not.toContain(`.${dialog}`);
    // Quartier's own rules and the font faces are in the same file.
    expect(css).toContain('.q-skip-link');
    expect(css).toContain('unicode-range:U+0000-00FF');
    const full = gzipSync(kernCss, { level: 9 }).length;
    console.info(`stylesheet: ${stylesheet().gzipBytes} bytes gzip (KERN alone ${full})`);
    expect(stylesheet().gzipBytes).toBeLessThan(full * 0.75);
  });

  it('is kept precompressed with brotli and gzip, each decompressing to the stylesheet', () => {
    const { css } = stylesheet();
    expect(brotliDecompressSync(stylesheetEncoded('br')).equals(css)).toBe(true);
    expect(gunzipSync(stylesheetEncoded('gzip')).equals(css)).toBe(true);
    expect(stylesheetEncoded('br').length).toBeLessThan(stylesheetEncoded('gzip').length);
    expect(stylesheetEncoded('br')).toBe(stylesheetEncoded('br'));
  });

  it('is named by its content hash and cached for a year; other names are not its business', () => {
    const s = stylesheet();
    expect(stylesheetUrl()).toBe(`/static/quartier.${s.hash}.css`);
    expect(stylesheetResponse(`quartier.${s.hash}.css`)).toEqual({ body: s.css, cacheControl: 'public, max-age=31536000, immutable' });
    expect(stylesheetResponse('quartier.css')?.cacheControl).toBe('public, max-age=300');
    expect(stylesheetResponse('quartier.0123456789ab.css')?.cacheControl).toBe('no-cache');
    for (const bad of ['app.css', 'quartier.css.map', '../quartier.css', 'kern/kern.min.css']) expect(stylesheetResponse(bad), bad).toBeNull();
  });
});

describe('Fira Sans cut by Unicode range', () => {
  const urls = () => [...fontFaceCss().matchAll(/url\(\/static\/fonts\/([^)]+)\)/g)].map((m) => m[1]!);

  it('declares each face once per range, with font-display swap', () => {
    const css = fontFaceCss();
    expect(urls()).toHaveLength(6 * Object.keys(FONT_RANGES).length);
    expect(css.match(/font-display:swap/g)).toHaveLength(urls().length);
    expect(css).toMatch(/font-weight:400;[^}]*fira-sans-400-latin\.[0-9a-f]{12}\.woff2[^}]*unicode-range:U\+0000-00FF/);
    expect(css).toMatch(/fira-sans-600-cyrillic\.[0-9a-f]{12}\.woff2[^}]*unicode-range:U\+0400-045F/);
  });

  it('serves a small WOFF2 per cut, cached for a year; unknown names are null', async () => {
    const latin = urls().find((u) => u.startsWith('fira-sans-400-latin.'))!;
    const r = await fontResponse(latin);
    expect(r?.cacheControl).toBe('public, max-age=31536000, immutable');
    expect(r!.body.subarray(0, 4).toString('latin1')).toBe('wOF2');
    expect(r!.body.length).toBeLessThan(16 * 1024);
    const cyr = await fontResponse(urls().find((u) => u.startsWith('fira-sans-400-cyrillic.'))!);
    expect(cyr!.body.length).toBeLessThan(r!.body.length);
    expect((await fontResponse(latin.replace(/\.[0-9a-f]{12}\./, '.0123456789ab.')))?.cacheControl).toBe('no-cache');
    for (const bad of ['fira-sans-400-latin.woff2', 'fira-sans-300-latin.0123456789ab.woff2', '../fonts.ts', 'x.0123456789ab.woff2']) expect(await fontResponse(bad), bad).toBeNull();
  });

  it('preloads, per language, cuts the stylesheet declares under the same URL (so the browser fetches each once)', async () => {
    const declared = new Set(urls().map((u) => `/static/fonts/${u}`));
    for (const locale of LOCALES) {
      const plain = preloadFontUrls(locale);
      expect(plain.length, locale).toBeGreaterThanOrEqual(4);
      expect(new Set(plain).size).toBe(plain.length);
      for (const u of plain) expect(declared.has(u), `${locale}: ${u}`).toBe(true);
      const large = preloadFontUrls(locale, { largeHeading: true });
      expect(large.filter((u) => !plain.includes(u)).map((u) => /fira-sans-[^.]+/.exec(u)![0])).toEqual(['fira-sans-500-latin']);
    }
    // The script each language's text needs: Latin Extended for Turkish, Cyrillic headings for Ukrainian.
    expect(preloadFontUrls('tr').some((u) => u.includes('-400-latin-ext.'))).toBe(true);
    expect(preloadFontUrls('uk').some((u) => u.includes('-600-cyrillic.'))).toBe(true);
    expect(preloadFontUrls('de').some((u) => u.includes('-latin-ext.'))).toBe(false);
    expect((await fontResponse(preloadFontUrls('ar')[0]!.slice('/static/fonts/'.length)))?.cacheControl).toBe('public, max-age=31536000, immutable');
  });
});

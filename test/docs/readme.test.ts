/**
 * Keeps the README true to the code (no browser needed): every environment variable parsed in
 * src/platform/config.ts is in the configuration table and no row names a variable that does not exist; every CLI
 * command is documented in both languages; the documents the README links to exist.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../../src/cli';

const root = path.resolve(__dirname, '..', '..');
const read = (p: string) => fs.readFileSync(path.join(root, p), 'utf8');

function configVariables(): string[] {
  const src = read('src/platform/config.ts');
  const body = src.slice(src.indexOf('z.object({'), src.indexOf('});', src.indexOf('z.object({')));
  return [...body.matchAll(/^\s{2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]!);
}

/** The rows of the first markdown table after a heading that contains `heading`. */
function tableAfter(md: string, heading: string): string[] {
  const start = md.search(new RegExp(`^#+ .*${heading}`, 'm'));
  expect(start, `heading "${heading}" in README`).toBeGreaterThanOrEqual(0);
  const lines = md.slice(start).split('\n');
  const first = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[] = [];
  for (const l of lines.slice(first)) {
    if (!l.startsWith('|')) break;
    rows.push(l);
  }
  return rows.slice(2);
}

describe('README', () => {
  const readme = read('README.md');

  it('documents every environment variable of config.ts, and only those', () => {
    const vars = configVariables();
    expect(vars.length).toBeGreaterThan(10);
    const documented = tableAfter(readme, 'Configuration').map((r) => /^\|\s*`([A-Z][A-Z0-9_]*)`/.exec(r)?.[1]).filter(Boolean);
    expect([...documented].sort(), 'README configuration table vs src/platform/config.ts').toEqual([...vars].sort());
  });

  it('documents every CLI command in German and in English', () => {
    const de = tableAfter(readme, 'Befehle').join('\n');
    const en = tableAfter(readme, 'Commands').join('\n');
    for (const name of Object.keys(commands)) {
      expect(de, `command ${name} in "Befehle"`).toContain(`| \`${name}`);
      expect(en, `command ${name} in "Commands"`).toContain(`| \`${name}`);
    }
  });

  it('links only to documents that exist', () => {
    const links = [...readme.matchAll(/\]\(((?:docs|bench)\/[^)#]*)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(0);
    for (const l of links) expect(fs.existsSync(path.join(root, l)), l).toBe(true);
  });
});

/**
 * `npm start` as a user runs it: the real entry point (bin/quartier.mjs → tsx → src/cli.ts `start`) in a child
 * process on a fresh SQLite file — migrate, seed Essen and the demo data of every module, serve. Other tests import
 * the sources through vitest's bundler, which forgives module-format mistakes (e.g. a named import from a CommonJS
 * package) that crash Node's own ESM loader; this one does not.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quartier-start-'));
let child: ChildProcess | null = null;

afterAll(() => {
  child?.kill('SIGTERM');
  fs.rmSync(dir, { recursive: true, force: true });
});

function start(): Promise<{ url: string; output: () => string }> {
  let out = '';
  const p = spawn(process.execPath, [path.join(root, 'bin/quartier.mjs'), 'start'], {
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: dir, NODE_ENV: 'development', PORT: '0', SQLITE_FILE: path.join(dir, 'q.sqlite'), MAIL_DIR: path.join(dir, 'mail'), FILES_DIR: path.join(dir, 'files'), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = p;
  return new Promise((resolve, reject) => {
    const onData = (b: Buffer) => {
      out += b.toString('utf8');
      const m = /Quartier: (http:\/\/localhost:\d+)/.exec(out);
      if (m) resolve({ url: m[1]!, output: () => out });
    };
    p.stdout!.on('data', onData);
    p.stderr!.on('data', onData);
    p.on('exit', (code) => reject(new Error(`quartier start exited with ${code}:\n${out.slice(-3000)}`)));
  });
}

describe('npm start (bin/quartier.mjs start)', () => {
  it('migrates, seeds Essen with demo data and serves the public and staff pages', { timeout: 120_000 }, async () => {
    const { url, output } = await start();
    expect(output()).toContain('demo.example');
    const home = await fetch(`${url}/`);
    expect(home.status).toBe(200);
    const homeHtml = await home.text();
    expect(homeHtml).toContain('lang="de"');
    // The start page links every module's public pages, and each of them answers (with the demo data).
    const links = ['/concerns/new', '/concerns', '/offices', '/offers', '/groups', '/dialogues', '/open-data'];
    for (const l of links) expect(homeHtml, l).toContain(`href="${l}"`);
    for (const p of ['/login', '/open311/v2/services.json', ...links]) {
      const r = await fetch(`${url}${p}`, { redirect: 'manual' });
      expect(r.status, p).toBe(200);
    }
  });
});

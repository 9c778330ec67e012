/**
 * An app on a test database, driven through app.request (no network). Cookies are kept per client, like a
 * browser, and the CSRF token of the last page is sent with form posts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../src/app';
import { parseConfig, type Config } from '../../src/platform/config';
import { createLogger } from '../../src/platform/log';
import { createTestDb, type TestDb } from './db';

export interface TestApp extends TestDb {
  app: ReturnType<typeof buildApp>;
  config: Config;
  client(host?: string): TestClient;
}

export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const tdb = await createTestDb();
  const mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quartier-mail-'));
  const config = parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', MAIL_DIR: mailDir, ...env });
  const app = buildApp({ config, rootDb: tdb.handle.db, dialect: tdb.handle.dialect, log: createLogger('silent') });
  return {
    ...tdb,
    app,
    config,
    client: (host = 'essen.test') => new TestClient(app, host),
    async close() {
      await tdb.close();
      fs.rmSync(mailDir, { recursive: true, force: true });
    },
  };
}

export class TestClient {
  cookies = new Map<string, string>();
  csrf = '';
  bearer: string | null = null;
  constructor(
    readonly app: { request: (input: string, init?: RequestInit) => Response | Promise<Response> },
    readonly host: string,
  ) {}

  private remember(res: Response): void {
    for (const sc of res.headers.getSetCookie()) {
      const [pair = ''] = sc.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      if (!value || /max-age=0/i.test(sc) || /expires=Thu, 01 Jan 1970/i.test(sc)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('host', this.host);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    if (this.bearer && !headers.has('authorization')) headers.set('authorization', `Bearer ${this.bearer}`);
    const res = await this.app.request(`http://${this.host}${path}`, { ...init, headers, redirect: 'manual' });
    this.remember(res);
    return res;
  }

  async get(path: string): Promise<Response> {
    const res = await this.request(path);
    const ct = res.headers.get('content-type') ?? '';
    if (ct.includes('text/html')) {
      const html = await res.clone().text();
      const m = /name="_csrf" value="([^"]*)"/.exec(html);
      if (m?.[1]) this.csrf = m[1];
    }
    return res;
  }

  /** Posts a form (urlencoded) with the CSRF token from the last page fetched. */
  async post(path: string, fields: Record<string, string | string[]> = {}, opts: { csrf?: string | null } = {}): Promise<Response> {
    const body = new URLSearchParams();
    const token = opts.csrf === undefined ? this.csrf : opts.csrf;
    if (token !== null) body.append('_csrf', token);
    for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    return this.request(path, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: `http://${this.host}` } });
  }

  async json(method: string, path: string, body?: unknown): Promise<Response> {
    return this.request(path, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
    });
  }
}

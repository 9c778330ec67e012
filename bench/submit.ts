/**
 * Concern submissions through the real public intake form, as browsers would send them: each client opens one
 * keep-alive connection, GETs /concerns/new once (anonymous CSRF cookie and token, as a browser tab would), then
 * POSTs the form again and again with that cookie and token — a new, clearly fictional description each time, a
 * Stadtteil chosen from the list ("choose your Stadtteil"), optionally one small JPEG photo (multipart, like the
 * form's file input). Every answer must be the form's success: 303 to /concerns/<number>, sent by the server after
 * the transaction committed. Afterwards the rows are counted in the database (durability check).
 */
import type http from 'node:http';
import sharp from 'sharp';
import { HONEYPOT_FIELD } from '../src/platform/http/rate-limit';
import { request, type HttpAnswer } from './load';
import { cookieJar } from './session';

/** A small photo: 640×480 JPEG (quality 80) of a gradient with noise, so it is not trivially compressible. */
export async function benchJpeg(width = 640, height = 480): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  let s = 12345;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      s = (s * 1103515245 + 12345) >>> 0;
      const n = (s >>> 24) & 31;
      const o = (y * width + x) * 3;
      raw[o] = Math.min(255, (x * 224) / width + n);
      raw[o + 1] = Math.min(255, (y * 224) / height + n);
      raw[o + 2] = 128 + n;
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 80 }).toBuffer();
}

export interface FilePart {
  name: string;
  filename: string;
  type: string;
  data: Buffer;
}

/** A multipart/form-data body (RFC 7578) as a browser sends it: text fields first, then the file parts. */
export function multipartBody(boundary: string, fields: [string, string][], files: FilePart[] = []): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of fields) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.filename}"\r\nContent-Type: ${f.type}\r\n\r\n`));
    parts.push(f.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(parts);
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * A fictional description whose content words are unique to (client, seq): made-up 8-letter words and nothing
 * else of 4 letters or more, so that the duplicate check never matches an earlier submission and every POST takes
 * the full path to a new concern.
 */
export function fictionalDescription(client: string, seq: number, words = 5): string {
  let h = Math.imul(seq + 1, 0x85ebca6b) >>> 0;
  for (let k = 0; k < client.length; k++) h = (Math.imul(h ^ client.charCodeAt(k), 0x9e3779b1) + k) >>> 0;
  const out: string[] = [];
  for (let w = 0; w < words; w++) {
    let word = '';
    for (let k = 0; k < 8; k++) {
      h = (Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) + 0x6d2b79f5 + w * 8 + k) >>> 0;
      word += LETTERS[h % 26];
    }
    out.push(word);
  }
  return `${out.join(' ')} (Nr. ${client}.${seq})`;
}

export interface FormSession {
  cookie: string;
  csrf: string;
}

/** GET /concerns/new once per connection: the anonymous CSRF cookie and the form's token. */
export async function openForm(agent: http.Agent, base: string): Promise<FormSession> {
  const page = await request(agent, 'GET', `${base}/concerns/new`);
  const jar = cookieJar();
  jar.takeAll(page.headers['set-cookie']);
  const csrf = /name="_csrf" value="([^"]*)"/.exec(page.body.toString('utf8'))?.[1];
  if (page.status !== 200 || !csrf) throw new Error(`GET /concerns/new answered ${page.status} without a CSRF token`);
  return { cookie: jar.header(), csrf };
}

export interface SubmitPlan {
  base: string;
  categoryIds: string[];
  districtNumbers: number[];
  photo: Buffer | null;
}

/** One POST of the form; `client` names the simulated browser (it makes the descriptions unique across scenarios). */
export function submitOnce(agent: http.Agent, plan: SubmitPlan, form: FormSession, client: string, seq: number): Promise<HttpAnswer> {
  const k = [...client].reduce((a, ch) => a + ch.charCodeAt(0), 0);
  const fields: [string, string][] = [
    ['_csrf', form.csrf],
    ['categoryId', plan.categoryIds[(k + seq) % plan.categoryIds.length]!],
    ['description', fictionalDescription(client, seq)],
    ['address', ''],
    ['districtNumber', String(plan.districtNumbers[(k * 7 + seq) % plan.districtNumbers.length])],
    ['lat', ''],
    ['lon', ''],
    ['name', ''],
    ['email', ''],
    [HONEYPOT_FIELD, ''],
  ];
  const headers: Record<string, string> = { cookie: form.cookie, origin: plan.base, referer: `${plan.base}/concerns/new` };
  if (plan.photo) {
    const boundary = `----quartierbench${client}x${seq}`;
    const body = multipartBody(boundary, fields, [{ name: 'photos', filename: 'foto.jpg', type: 'image/jpeg', data: plan.photo }]);
    return request(agent, 'POST', `${plan.base}/concerns`, { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` }, body);
  }
  return request(agent, 'POST', `${plan.base}/concerns`, { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, new URLSearchParams(fields).toString());
}

/** The form's success: 303 to the new concern's page. */
export function checkSubmitted(a: HttpAnswer): string | null {
  const to = String(a.headers.location ?? '');
  if (a.status === 303 && /^(https?:\/\/[^/]+)?\/concerns\/\d{4}-\d{6,}$/.test(to)) return null;
  const hint = a.status === 200 ? ' (the form came back — duplicate suggestions or an error)' : '';
  return `POST /concerns answered ${a.status}${to ? ` → ${to}` : ''}${hint}`;
}

/**
 * Open311 GeoReport v2 wire format (pure, no database): the XML writer, the JSON/XML answer, the error format,
 * w3c date-times with the Europe/Berlin offset, `{id}.{format}` path segments.
 *
 * - XML: `text/xml; charset=utf-8`, an XML declaration with encoding="utf-8", no namespace, element names of the
 *   spec (services/service, service_definition/attributes/attribute/values/value, service_requests/request,
 *   discovery/endpoints/endpoint/formats/format, errors/error). A null value is an empty element.
 * - JSON: `application/json; charset=utf-8`, the same structure by the Spark convention (lists are arrays).
 * - Errors: HTTP 400/403/404; body an array of `{ code, description }` (JSON) or `<errors><error>` (XML).
 */

import { berlinOffsetMinutes } from '../../platform/jobs/schedule';

export type Format = 'json' | 'xml';

/** A value in an Open311 answer. Arrays of objects become repeated child elements in XML. */
export type O311Value = string | number | boolean | null | O311Object | O311Value[];
export interface O311Object {
  [k: string]: O311Value;
}

export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 429 | 500,
    readonly errors: { code: number | string; description: string }[],
  ) {
    super(errors.map((e) => e.description).join('; '));
    this.name = 'Open311Error';
  }
  static of(status: 400 | 403 | 404 | 429 | 500, description: string): Open311Error {
    return new Open311Error(status, [{ code: status, description }]);
  }
}

/** Characters XML 1.0 does not allow at all (C0 controls except tab, LF, CR; lone surrogates; U+FFFE/FFFF). */
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(s: string): string {
  return s.replace(INVALID_XML, '').replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

const NAME = /^[a-z_][a-z0-9_]*$/;

function element(name: string, value: O311Value, childName: Record<string, string>, indent: string): string {
  if (!NAME.test(name)) throw new Error(`not an Open311 element name: ${name}`);
  if (value === null || value === undefined || value === '') return `${indent}<${name}/>`;
  if (Array.isArray(value)) {
    const child = childName[name];
    if (!child) throw new Error(`no child element name for list <${name}>`);
    if (value.length === 0) return `${indent}<${name}/>`;
    return `${indent}<${name}>\n${value.map((v) => element(child, v, childName, `${indent}  `)).join('\n')}\n${indent}</${name}>`;
  }
  if (typeof value === 'object') {
    const inner = Object.entries(value).map(([k, v]) => element(k, v, childName, `${indent}  `));
    return inner.length ? `${indent}<${name}>\n${inner.join('\n')}\n${indent}</${name}>` : `${indent}<${name}/>`;
  }
  return `${indent}<${name}>${escapeXml(String(value))}</${name}>`;
}

/** The element name of a list's items, per list element (the spec's plural → singular pairs). */
export const LIST_CHILDREN: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  errors: 'error',
};

/** An XML document: declaration + root element. */
export function toXml(root: string, value: O311Value): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value, LIST_CHILDREN, '')}\n`;
}

export const CONTENT_TYPES: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

/** Body and content type of an answer: `root` names the XML root element (the JSON is the value itself). */
export function render(format: Format, root: string, value: O311Value): { body: string; contentType: string } {
  return format === 'json' ? { body: JSON.stringify(value), contentType: CONTENT_TYPES.json } : { body: toXml(root, value), contentType: CONTENT_TYPES.xml };
}

export function renderError(format: Format, e: Open311Error): { body: string; contentType: string } {
  return render(format, 'errors', e.errors.map((x) => ({ code: x.code, description: x.description })));
}

/**
 * Splits the last path segment "{id}.{format}" (the id may contain dots, the format is the last part).
 * Null when there is no known format.
 */
export function splitFormat(segment: string): { id: string; format: Format } | null {
  const i = segment.lastIndexOf('.');
  if (i <= 0) return null;
  const format = segment.slice(i + 1).toLowerCase();
  if (format !== 'json' && format !== 'xml') return null;
  let id: string;
  try {
    id = decodeURIComponent(segment.slice(0, i));
  } catch {
    return null;
  }
  return { id, format };
}

/** The format a path asks for (for error answers before the route is known): json if it ends in .json, else xml. */
export function formatOfPath(path: string): Format {
  return /\.json$/i.test(path) ? 'json' : 'xml';
}


export { berlinOffsetMinutes };

/** w3c date-time with the local (Europe/Berlin) offset, seconds precision: 2026-11-25T19:20:00+01:00. */
export function w3cDateTime(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : w3cFromMs(ms);
}

const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
/** "YYYY-MM-DDTHH:" in Berlin time plus the offset suffix, per UTC hour (Berlin offsets are whole hours). */
const hourPrefixes = new Map<number, [string, string]>();
const HOUR_MS = 3_600_000;

function offsetSuffix(off: number): string {
  return off === 120 ? '+02:00' : off === 60 ? '+01:00' : `${off < 0 ? '-' : '+'}${TWO[Math.floor(Math.abs(off) / 60)]}:${TWO[Math.abs(off) % 60]}`;
}

/**
 * The same from epoch milliseconds (no parsing: lists format thousands of these). The date, hour and offset are
 * computed once per UTC hour and kept (a bounded map); minutes and seconds come from a table.
 */
export function w3cFromMs(ms: number): string {
  const hour = Math.floor(ms / HOUR_MS);
  let p = hourPrefixes.get(hour);
  if (!p) {
    const off = berlinOffsetMinutes(new Date(ms));
    p = [new Date(hour * HOUR_MS + off * 60_000).toISOString().slice(0, 14), offsetSuffix(off)];
    if (hourPrefixes.size >= 50_000) hourPrefixes.clear();
    hourPrefixes.set(hour, p);
  }
  const inHour = ms - hour * HOUR_MS;
  const sec = Math.floor(inHour / 1000);
  return `${p[0]}${TWO[Math.floor(sec / 60)]}:${TWO[sec % 60]}${p[1]}`;
}

/**
 * Parses a w3c date-time as the spec requires it (time zone mandatory: Z or ±HH:MM); a plain date (YYYY-MM-DD) is
 * accepted as midnight UTC. Null when it is not one.
 */
export function parseW3cDateTime(s: string): Date | null {
  // An unescaped "+01:00" in a query string arrives as " 01:00".
  const v = s.trim().replace(/ (\d{2}:\d{2})$/, '+$1');
  const full = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/;
  if (!full.test(v) && !dateOnly.test(v)) return null;
  const d = new Date(dateOnly.test(v) ? `${v}T00:00:00Z` : v);
  return Number.isNaN(d.getTime()) ? null : d;
}

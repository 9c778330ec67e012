/** The Open311 wire format without a database: XML writer, errors, w3c date-times, {id}.{format}, attribute checks. */
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { escapeXml, Open311Error, parseW3cDateTime, render, renderError, splitFormat, toXml, w3cDateTime, w3cFromMs } from './open311.format';
import { checkAttributes, datatypeOf, toServiceDefinition } from './open311.mapping';
import type { Category } from './open311.concerns';

describe('XML', () => {
  it('escapes markup and drops characters XML 1.0 forbids', () => {
    expect(escapeXml('a<b>&"\'')).toBe('a&lt;b&gt;&amp;&quot;&apos;');
    expect(escapeXml('x\u0000y\u0007z\ttab\nnl')).toBe('xyz\ttab\nnl');
    expect(escapeXml('emoji 🧹 ok')).toBe('emoji 🧹 ok');
  });

  it('writes lists as repeated singular elements, null as an empty element, with the declaration', () => {
    const doc = toXml('service_requests', [{ service_request_id: '2026-000001', status_notes: null, lat: 51.5 }]);
    expect(doc).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<service_requests>\n  <request>\n    <service_request_id>2026-000001</service_request_id>\n    <status_notes/>\n    <lat>51.5</lat>\n  </request>\n</service_requests>\n',
    );
    expect(toXml('services', [])).toContain('<services/>');
    const parsed = new XMLParser().parse(toXml('discovery', { endpoints: [{ formats: ['text/xml', 'application/json'] }] }));
    expect(parsed.discovery.endpoints.endpoint.formats.format).toEqual(['text/xml', 'application/json']);
  });

  it('refuses element names outside the spec’s shape', () => {
    expect(() => toXml('services', [{ 'bad name': 1 }])).toThrow();
  });
});

describe('errors', () => {
  it('JSON: an array of {code, description}; XML: <errors><error>', () => {
    const e = new Open311Error(400, [
      { code: 400, description: 'service_code was not provided' },
      { code: 400, description: 'A location is required' },
    ]);
    expect(JSON.parse(renderError('json', e).body)).toEqual([
      { code: 400, description: 'service_code was not provided' },
      { code: 400, description: 'A location is required' },
    ]);
    const x = renderError('xml', Open311Error.of(403, 'Invalid api_key'));
    expect(x.contentType).toBe('text/xml; charset=utf-8');
    expect(x.body).toContain('<errors>\n  <error>\n    <code>403</code>\n    <description>Invalid api_key</description>\n  </error>\n</errors>');
    expect(render('json', 'x', []).contentType).toBe('application/json; charset=utf-8');
  });
});

describe('date-times', () => {
  it('w3c with the Europe/Berlin offset (winter +01:00, summer +02:00)', () => {
    expect(w3cDateTime('2026-01-15T12:00:00.000Z')).toBe('2026-01-15T13:00:00+01:00');
    expect(w3cDateTime('2026-07-15T12:00:00.000Z')).toBe('2026-07-15T14:00:00+02:00');
    expect(w3cDateTime(null)).toBeNull();
    expect(new Date(w3cDateTime('2026-03-29T01:30:00.000Z')!).toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('w3cFromMs (cached per hour) agrees with Intl for instants across DST changes and years', () => {
    const fmt = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    const start = Date.UTC(2024, 0, 1);
    const end = Date.UTC(2028, 0, 1);
    let seed = 7;
    for (let i = 0; i < 20_000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const ms = start + Math.floor((seed / 2 ** 31) * (end - start));
      const got = w3cFromMs(ms);
      expect(got.slice(0, 19).replace('T', ' ')).toBe(fmt.format(new Date(ms)));
      expect(new Date(got).getTime()).toBe(Math.floor(ms / 1000) * 1000);
    }
    // Both sides of the spring and autumn changes of 2026.
    expect(w3cFromMs(Date.UTC(2026, 2, 29, 0, 59, 59))).toBe('2026-03-29T01:59:59+01:00');
    expect(w3cFromMs(Date.UTC(2026, 2, 29, 1, 0, 0))).toBe('2026-03-29T03:00:00+02:00');
    expect(w3cFromMs(Date.UTC(2026, 9, 25, 0, 59, 59))).toBe('2026-10-25T02:59:59+02:00');
    expect(w3cFromMs(Date.UTC(2026, 9, 25, 1, 0, 0))).toBe('2026-10-25T02:00:00+01:00');
  });

  it('parses w3c input only with a time zone (Z or ±HH:MM); a plain date is midnight UTC', () => {
    expect(parseW3cDateTime('2010-01-01T00:00:00Z')?.toISOString()).toBe('2010-01-01T00:00:00.000Z');
    expect(parseW3cDateTime('1994-11-05T08:15:30-05:00')?.toISOString()).toBe('1994-11-05T13:15:30.000Z');
    expect(parseW3cDateTime('2026-11-25T10:00:00 01:00')?.toISOString()).toBe('2026-11-25T09:00:00.000Z');
    expect(parseW3cDateTime('2026-11-25')?.toISOString()).toBe('2026-11-25T00:00:00.000Z');
    expect(parseW3cDateTime('2026-11-25T10:00:00')).toBeNull();
    expect(parseW3cDateTime('yesterday')).toBeNull();
  });
});

describe('{id}.{format}', () => {
  it('splits at the last dot; only json and xml', () => {
    expect(splitFormat('2026-000123.json')).toEqual({ id: '2026-000123', format: 'json' });
    expect(splitFormat('a.b.XML')).toEqual({ id: 'a.b', format: 'xml' });
    expect(splitFormat('x.csv')).toBeNull();
    expect(splitFormat('.json')).toBeNull();
    expect(splitFormat('noformat')).toBeNull();
  });
});

const labels = (de: string) => ({ de, en: null, ar: null });
const category: Category = {
  id: 'cat_1',
  key: 'test',
  labels: labels('Test'),
  department: null,
  handlingDays: 7,
  open311: { endpoint: null, serviceCode: null, jurisdictionId: null },
  active: true,
  sortOrder: 1,
  questions: [
    { key: 'n', label: labels('Anzahl'), type: 'number', required: true },
    { key: 'c', label: labels('Wahl'), type: 'choice', required: false, choices: [{ value: 'a', label: labels('A') }, { value: 'b', label: labels('B') }] },
    { key: 'y', label: labels('Ja/Nein'), type: 'boolean', required: false },
    { key: 't', label: labels('Text'), type: 'text', required: false },
  ],
};

describe('attributes', () => {
  it('maps question types to the spec’s datatypes', () => {
    expect(category.questions.map(datatypeOf)).toEqual(['number', 'singlevaluelist', 'singlevaluelist', 'text']);
    expect(datatypeOf({ type: 'datetime' as never })).toBe('datetime');
    expect(datatypeOf({ type: 'multichoice' as never })).toBe('multivaluelist');
    const def = toServiceDefinition(category, 'de') as any;
    expect(def.attributes.map((a: any) => a.order)).toEqual([1, 2, 3, 4]);
    expect(def.attributes[1].values).toEqual([{ key: 'a', name: 'A' }, { key: 'b', name: 'B' }]);
  });

  it('checks values: required, number, list keys, one value, unknown codes, length', () => {
    expect(checkAttributes(category, { n: ['2,5'], c: ['b'], y: ['false'], t: ['vor dem Haus'] })).toEqual({ n: 2.5, c: 'b', y: false, t: 'vor dem Haus' });
    const fails = (raw: Record<string, string[]>) => {
      try {
        checkAttributes(category, raw);
        return [];
      } catch (e) {
        return (e as Open311Error).errors.map((x) => x.description);
      }
    };
    expect(fails({})).toEqual(['attribute[n] is required']);
    expect(fails({ n: ['drei'] })[0]).toContain('must be a number');
    expect(fails({ n: ['1'], c: ['z'] })[0]).toContain('must be one of: a, b');
    expect(fails({ n: ['1', '2'] })[0]).toContain('takes one value');
    expect(fails({ n: ['1'], x: ['?'] })[0]).toContain('attribute[x] is not an attribute');
    expect(fails({ n: ['1'], t: ['x'.repeat(501)] })[0]).toContain('500');
    expect(fails({ n: ['1'], y: ['vielleicht'] })[0]).toContain('true, false');
  });
});

describe('berlinOffsetMinutes', () => {
  it('agrees with the time-zone database for every hour of 2024–2030', async () => {
    const { berlinOffsetMinutes } = await import('./open311.format');
    const fmt = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', timeZoneName: 'longOffset' });
    const mismatches: string[] = [];
    for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2031, 0, 1); t += 3_600_000) {
      const d = new Date(t);
      const name = fmt.formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? '';
      const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
      const expected = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
      if (berlinOffsetMinutes(d) !== expected) mismatches.push(d.toISOString());
    }
    expect(mismatches).toEqual([]);
  });
});

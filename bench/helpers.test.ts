import { describe, expect, it } from 'vitest';
import { yearStarts } from './concerns-data';
import { checkOpen311, checkOpen311Probe, open311Paths, shortTarget, w3c } from './open311';
import { fictionalDescription, multipartBody } from './submit';

describe('generated concerns: numbers per year', () => {
  it('splits the index range at each 1 January (UTC)', () => {
    const base = Date.UTC(2025, 11, 31, 23, 0, 0) / 1000; // 31 Dec 2025, 23:00
    const years = yearStarts(base, 1800, 10); // every 30 min: 2 in 2025, 8 in 2026
    expect(years).toEqual([
      { year: 2025, firstIndex: 0, count: 2 },
      { year: 2026, firstIndex: 2, count: 8 },
    ]);
  });

  it('covers every index exactly once over two years', () => {
    const base = Date.UTC(2024, 10, 26) / 1000;
    const years = yearStarts(base, 63, 1_000_000);
    expect(years.map((y) => y.year)).toEqual([2024, 2025, 2026]);
    expect(years.reduce((n, y) => n + y.count, 0)).toBe(1_000_000);
    for (let k = 1; k < years.length; k++) expect(years[k]!.firstIndex).toBe(years[k - 1]!.firstIndex + years[k - 1]!.count);
    // The first concern of 2025 is created on or after 1 Jan 2025, the one before it in 2024.
    const i = years[1]!.firstIndex;
    expect(new Date((base + i * 63) * 1000).getUTCFullYear()).toBe(2025);
    expect(new Date((base + (i - 1) * 63) * 1000).getUTCFullYear()).toBe(2024);
  });
});

describe('Open311 scenario', () => {
  const now = new Date('2026-11-25T18:00:00.123Z');

  it('builds one filtered path per service code', () => {
    const paths = open311Paths(['littering', 'housing'], now, { days: 7, backDays: 0 });
    expect(paths).toEqual([
      '/open311/v2/requests.json?service_code=littering&start_date=2026-11-18T18%3A00%3A00Z&end_date=2026-11-25T18%3A00%3A00Z',
      '/open311/v2/requests.json?service_code=housing&start_date=2026-11-18T18%3A00%3A00Z&end_date=2026-11-25T18%3A00%3A00Z',
    ]);
    expect(open311Paths(['x'], now, { days: 7, backDays: 365 })[0]).toContain('end_date=2025-11-25T18%3A00%3A00Z');
    expect(w3c(now)).toBe('2026-11-25T18:00:00Z');
    expect(shortTarget(paths[0]!)).toBe('GET /open311/v2/requests.json?service_code=…&start_date=…&end_date=…');
  });

  it('checks the first answer in full and later ones by status and type', () => {
    const from = new Date('2026-11-18T00:00:00Z');
    const to = new Date('2026-11-25T00:00:00Z');
    const ok = (body: unknown) => ({ status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(body)) });
    expect(checkOpen311Probe(ok([{ service_code: 'a', requested_datetime: '2026-11-20T10:00:00+01:00' }]), 'a', from, to)).toEqual({ records: 1 });
    expect(() => checkOpen311Probe(ok([{ service_code: 'b', requested_datetime: '2026-11-20T10:00:00Z' }]), 'a', from, to)).toThrow(/service_code b/);
    expect(() => checkOpen311Probe(ok([{ service_code: 'a', requested_datetime: '2026-10-01T10:00:00Z' }]), 'a', from, to)).toThrow(/outside the window/);
    expect(checkOpen311(ok([]))).toBeNull();
    expect(checkOpen311({ status: 400, headers: {}, body: Buffer.from('[]') })).toMatch(/400/);
  });
});

describe('submissions', () => {
  it('writes a multipart body as a browser does', () => {
    const body = multipartBody('B', [['a', '1']], [{ name: 'photos', filename: 'f.jpg', type: 'image/jpeg', data: Buffer.from('JPG') }]).toString();
    expect(body).toBe(
      '--B\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n' +
        '--B\r\nContent-Disposition: form-data; name="photos"; filename="f.jpg"\r\nContent-Type: image/jpeg\r\n\r\nJPG\r\n' +
        '--B--\r\n',
    );
  });

  it('makes descriptions whose content words do not repeat across clients and requests', () => {
    const seen = new Map<string, string>();
    for (const client of ['s0c0', 's0c1', 's1c0', 'p0c3']) {
      for (let seq = 0; seq < 500; seq++) {
        const text = fictionalDescription(client, seq);
        const words = (text.match(/[a-z]{4,}/g) ?? []).map((w) => w.slice(0, 6));
        expect(words).toHaveLength(5);
        let shared = 0;
        for (const w of new Set(words)) if (seen.has(w)) shared++;
        // The duplicate check needs two shared word stems (texts with more than three content words).
        expect(shared).toBeLessThan(2);
        for (const w of words) seen.set(w, text);
      }
    }
    expect(fictionalDescription('s0c0', 1)).toBe(fictionalDescription('s0c0', 1));
  });
});

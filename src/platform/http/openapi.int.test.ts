/** The OpenAPI document is generated from the zod schemas and validated by a real OpenAPI validator. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validate } from '@readme/openapi-parser';
import { createTestApp, type TestApp } from '../../../test/support/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document describing every /api/v1 route', async () => {
    const res = await t.client().get('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid, JSON.stringify('errors' in result ? result.errors : [], null, 2)).toBe(true);

    const documented = new Set(
      Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} /api/v1${p.replace(/\{(\w+)\}/g, ':$1')}`)),
    );
    const apiRoutes = t.app.routes
      .filter((r) => r.path.startsWith('/api/v1/') && r.method !== 'ALL' && !r.path.includes('__test'))
      .map((r) => `${r.method} ${r.path}`);
    const undocumented = [...new Set(apiRoutes)].filter((r) => !documented.has(r));
    expect(undocumented, 'API routes missing from the OpenAPI document').toEqual([]);
  });
});

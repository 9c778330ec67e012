/** Use cases of the Open311 administration page: authorize → validate → transaction → write → audit. */
import type { Kysely } from 'kysely';
import { recordAudit, type AuditTables } from '../../platform/audit';
import { authorize } from '../../platform/auth/policy';
import { errors } from '../../platform/errors';
import { actorOf, type ServiceContext } from '../../platform/http/context';
import { allCategories, type Category } from './open311.concerns';
import { countLinksByEndpointState, findClientKey, listClientKeyInfo, listFailedLinks, upsertClientKey, type O311Db } from './open311.queries';
import type { LinkState, LinkTable } from './open311.tables';

const o = (db: unknown) => db as O311Db;

export interface EndpointOverview {
  endpoint: string;
  categories: Category[];
  keySetAt: string | null;
  counts: Record<LinkState, number>;
}

export const normaliseEndpoint = (e: string) => e.trim().replace(/\/+$/, '');

/** The external endpoints the categories forward to, with key state and link counts; the latest failures. */
export async function open311Overview(ctx: ServiceContext): Promise<{ endpoints: EndpointOverview[]; failures: LinkTable[] }> {
  authorize(ctx.user, 'open311.manage');
  const cats = (await allCategories(ctx.db)).filter((c) => c.open311.endpoint);
  const keys = new Map((await listClientKeyInfo(o(ctx.db))).map((k) => [k.endpoint, k.updatedAt]));
  const counts = await countLinksByEndpointState(o(ctx.db));
  const byEndpoint = new Map<string, EndpointOverview>();
  const entry = (endpoint: string) => {
    let e = byEndpoint.get(endpoint);
    if (!e) byEndpoint.set(endpoint, (e = { endpoint, categories: [], keySetAt: keys.get(endpoint) ?? null, counts: { pending: 0, sent: 0, failed: 0 } }));
    return e;
  };
  for (const c of cats) entry(normaliseEndpoint(c.open311.endpoint!)).categories.push(c);
  for (const r of counts) entry(r.endpoint).counts[r.state] += r.n;
  return { endpoints: [...byEndpoint.values()].sort((a, b) => a.endpoint.localeCompare(b.endpoint)), failures: await listFailedLinks(o(ctx.db)) };
}

/** Sets or replaces the api_key for an endpoint a category forwards to (open311.manage; audited without the key). */
export async function setClientKey(ctx: ServiceContext, endpointRaw: string, apiKeyRaw: string): Promise<void> {
  authorize(ctx.user, 'open311.manage');
  const endpoint = normaliseEndpoint(endpointRaw);
  const apiKey = apiKeyRaw.trim();
  const known = (await allCategories(ctx.db)).some((c) => c.open311.endpoint && normaliseEndpoint(c.open311.endpoint) === endpoint);
  const fields = [];
  if (!known) fields.push({ field: 'endpoint', key: 'open311.admin.error.endpoint' });
  if (!apiKey || apiKey.length > 500 || /\s/.test(apiKey)) fields.push({ field: 'apiKey', key: 'open311.admin.error.key' });
  if (fields.length) throw errors.validation(fields);
  await (ctx.db as unknown as Kysely<any>).transaction().execute(async (trx) => {
    const had = await findClientKey(o(trx), endpoint);
    await upsertClientKey(o(trx), endpoint, apiKey);
    await recordAudit(trx as unknown as Kysely<AuditTables>, {
      actor: actorOf(ctx),
      entityType: 'open311_endpoint',
      entityId: endpoint,
      action: had ? 'open311.key_replaced' : 'open311.key_set',
      changes: { apiKey: { from: had ? 'set' : null, to: 'set' } },
      requestId: ctx.requestId,
    });
  });
}

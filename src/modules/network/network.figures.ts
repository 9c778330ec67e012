/**
 * Figures of the network module for the reports module (dashboard, annual report): aggregates of the contact log,
 * computed in the database (GROUP BY over indexed columns), never rows about people.
 */
import { figureAreas, type ContactActivity, type Count, type FigureQuery } from '../../platform/reporting';
import type { ServiceContext } from '../../platform/http/context';
import * as q from './network.queries';
import { tdb } from './network.refs';

/** Largest count first, then by key (stable order for tables and charts). */
function sorted(counts: Count[]): Count[] {
  return counts.filter((c) => c.count > 0).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * Contacts logged in the period (`occurred_on` from … to, Berlin days, both inclusive) whose programme area is one
 * of the query's areas the reader may read reports for (reports.read; contacts outside every area are not counted).
 *
 * Counting rule for the breakdowns by organisation: a contact counts once for every distinct organisation type key
 * (`byActorType`) and once for every distinct logic (`byLogic`) among the organisations taking part in it — two
 * associations count once under 'association', an association and a school once under each; a contact without an
 * organisation counts once under the key 'none'. So `total` ≤ the sum of `byActorType` (and of `byLogic`), with
 * equality when every contact has organisations of one type only. The logic is the organisation's own (which may
 * differ from its type's default). `byChannel` sums to `total` (every contact has one channel).
 *
 * The breakdowns read the link rows' copies of the contact's day and area and the organisation's type and logic
 * (network_contact_orgs, one covering index; see the migration 2026_11_26_0130_network_contact_org_facts).
 */
export async function contactActivity(ctx: ServiceContext, query: FigureQuery): Promise<ContactActivity> {
  const areaIds = figureAreas(ctx, query);
  if (areaIds.length === 0) return { total: 0, byActorType: [], byLogic: [], byChannel: [] };
  const db = tdb(ctx.db);
  const [byChannel, byType, byLogic, withOrg, types] = await Promise.all([
    q.contactCountsByChannel(db, areaIds, query.from, query.to),
    q.contactCountsByOrgKey(db, areaIds, query.from, query.to, 'type'),
    q.contactCountsByOrgKey(db, areaIds, query.from, query.to, 'logic'),
    q.contactsWithOrg(db, areaIds, query.from, query.to),
    q.listTypes(db),
  ]);
  const total = byChannel.reduce((s, c) => s + c.count, 0);
  const none = total - withOrg;
  const withNone = (xs: Count[]) => (none > 0 ? [...xs, { key: 'none', count: none }] : xs);
  // Type ids → keys through the small type catalogue.
  const keyOf = new Map(types.map((t) => [t.id, t.key]));
  return {
    total,
    byActorType: sorted(withNone(byType.map((c) => ({ key: keyOf.get(c.key) ?? c.key, count: c.count })))),
    byLogic: sorted(withNone(byLogic)),
    byChannel: sorted(byChannel),
  };
}

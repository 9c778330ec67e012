/**
 * The groups module's documents in the site search (platform/db/search.ts, ADR 0024 amendment 2026-11-26): 'group'.
 * A group the public /groups pages show (marked public, neither dormant nor ended) is a public document with what
 * that page shows — name, public text, meeting info, topics, area — linking to /groups/:id. Any other group is a
 * staff document (name, purpose, public text, meeting info, topics) readable with groups.read in the group's
 * programme area, like the staff pages, linking to /staff/groups/:id. Never the contact person (a network person),
 * the staff who logged support time, stage notes or booking links: no personal data of anyone.
 */
import { indexDocument, registerSearchSource, removeDocument } from '../../platform/db/search';
import type { TenantDb } from '../../platform/db/tenant-scope';
import { listTopics } from '../territory';
import * as q from './groups.queries';
import type { Group } from './groups.types';

export const GROUP_DOC = 'group';

function tdb(db: TenantDb<any>): q.Db {
  return db as unknown as q.Db;
}

type TopicNames = Map<string, string>;

async function topicNames(db: TenantDb<any>): Promise<TopicNames> {
  return new Map((await listTopics(db)).map((t) => [t.id, t.labels.de]));
}

/** Is the group on the public /groups pages (the same rule as getPublicGroup / listPublicGroups)? */
export function isPublicGroup(g: Pick<Group, 'public' | 'stage'>): boolean {
  return g.public && g.stage !== 'dormant' && g.stage !== 'ended';
}

async function writeGroup(db: TenantDb<any>, g: Group, topics: TopicNames): Promise<void> {
  const pub = isPublicGroup(g);
  const topicText = g.topicIds
    .map((id) => topics.get(id))
    .filter(Boolean)
    .join(', ');
  await indexDocument(db, {
    docType: GROUP_DOC,
    docId: g.id,
    visibility: pub ? 'public' : 'staff',
    areaIds: [g.areaId],
    title: g.name,
    body: (pub ? [g.publicText, g.meetingInfo, topicText] : [g.purpose, g.publicText, g.meetingInfo, topicText]).filter(Boolean).join('\n'),
    url: pub ? `/groups/${g.id}` : `/staff/groups/${g.id}`,
  });
}

/** Indexes a group as it is now (after create, update, stage change); a missing group is removed. */
export async function indexGroup(db: TenantDb<any>, id: string): Promise<void> {
  const g = await q.findGroup(tdb(db), id);
  if (!g) return removeDocument(db, GROUP_DOC, id);
  await writeGroup(db, g, await topicNames(db));
}

async function reindexGroups(db: TenantDb<any>): Promise<number> {
  const topics = await topicNames(db);
  const groups = await q.listGroups(tdb(db), { areaIds: 'all' });
  for (const g of groups) await writeGroup(db, g, topics);
  return groups.length;
}

registerSearchSource({ docType: GROUP_DOC, readAction: 'groups.read', reindex: reindexGroups });

/**
 * The participation module's documents in the site search (platform/db/search.ts): proposals. A published
 * proposal is public (title, text and the staff's public answer — never the author's name or e-mail, never
 * comments); a confirmed but unpublished one (waiting for approval, or rejected) is a staff document readable with
 * participation.manage in its area; an unconfirmed one is not indexed (it may be purged).
 */
import { indexDocument, registerSearchSource, removeDocument } from '../../platform/db/search';
import type { TenantDb } from '../../platform/db/tenant-scope';
import * as q from './participation.queries';
import type { Proposal } from './participation.types';

export const PROPOSAL_DOC = 'proposal';

function tdb(db: TenantDb<any>): q.Db {
  return db as unknown as q.Db;
}

async function write(db: TenantDb<any>, p: Proposal): Promise<boolean> {
  if (!p.publishedAt && !p.emailConfirmed) {
    await removeDocument(db, PROPOSAL_DOC, p.id);
    return false;
  }
  const published = !!p.publishedAt;
  await indexDocument(db, {
    docType: PROPOSAL_DOC,
    docId: p.id,
    visibility: published ? 'public' : 'staff',
    areaIds: [p.areaId],
    title: p.title,
    body: [p.body, p.answer].filter(Boolean).join('\n'),
    url: published ? `/participation/proposals/${p.id}` : `/staff/participation/proposals/${p.id}`,
  });
  return true;
}

export async function indexProposal(db: TenantDb<any>, id: string): Promise<void> {
  const p = await q.findProposal(tdb(db), id);
  if (!p) return removeDocument(db, PROPOSAL_DOC, id);
  await write(db, p);
}

/** Awaits a service's write, then indexes the proposal it names (null: nothing to index); returns the result. */
export async function thenIndexProposal<T>(db: TenantDb<any>, work: Promise<T>, idOf: (r: T) => string | null): Promise<T> {
  const r = await work;
  const id = idOf(r);
  if (id) await indexProposal(db, id);
  return r;
}

registerSearchSource({
  docType: PROPOSAL_DOC,
  readAction: 'participation.manage',
  reindex: async (db) => {
    let n = 0;
    const page = 500;
    for (let offset = 0; ; offset += page) {
      const { items } = await q.listProposals(tdb(db), { limit: page, offset });
      for (const p of items) if (await write(db, p)) n++;
      if (items.length < page) break;
    }
    return n;
  },
});

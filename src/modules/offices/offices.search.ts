/**
 * The offices module's documents in the site search (platform/db/search.ts): offers. A published offer is public
 * (title, description, cost, accessibility notes, target groups, languages, the office's name — no registrations,
 * no names); a draft or cancelled one is a staff document, readable with offers.manage in the offer's area.
 */
import { indexDocument, registerSearchSource, removeDocument } from '../../platform/db/search';
import type { TenantDb } from '../../platform/db/tenant-scope';
import * as q from './offices.queries';
import type { Offer } from './offices.types';

export const OFFER_DOC = 'offer';

function tdb(db: TenantDb<any>): q.Db {
  return db as unknown as q.Db;
}

async function writeOffer(db: TenantDb<any>, offer: Offer, officeName: string | null): Promise<void> {
  const published = offer.status === 'published';
  await indexDocument(db, {
    docType: OFFER_DOC,
    docId: offer.id,
    visibility: published ? 'public' : 'staff',
    areaIds: [offer.areaId],
    title: offer.title,
    body: [offer.description, officeName, offer.cost, offer.accessibilityNotes, offer.targetGroups.join(', '), offer.languages.join(', ')].filter(Boolean).join('\n'),
    url: published ? `/offers/${offer.id}` : `/staff/offers/${offer.id}`,
  });
}

/** Indexes an offer as it is now (call after every create and status change); a missing offer is removed. */
export async function indexOffer(db: TenantDb<any>, id: string): Promise<void> {
  const offer = await q.findOffer(tdb(db), id);
  if (!offer) return removeDocument(db, OFFER_DOC, id);
  const office = await q.findOffice(tdb(db), offer.officeId);
  await writeOffer(db, offer, office?.name ?? null);
}

async function reindexOffers(db: TenantDb<any>): Promise<number> {
  const offices = new Map((await q.listOffices(tdb(db))).map((o) => [o.id, o.name]));
  const offers = await q.listOffers(tdb(db), {});
  for (const o of offers) await writeOffer(db, o, offices.get(o.officeId) ?? null);
  return offers.length;
}

registerSearchSource({ docType: OFFER_DOC, readAction: 'offers.manage', reindex: reindexOffers });

/**
 * Test helpers of the accounts module. Other modules are reached through their index.ts only: a published proposal
 * (submitted and confirmed by the link in the e-mail), a public concern (submitted on the web), a district office
 * open around the clock with a room anyone may request, service contexts, and running the due background jobs (the
 * notification e-mails).
 */
import type { Config } from '../../../platform/config';
import { forTenant, type TenantDb } from '../../../platform/db/tenant-scope';
import type { CurrentUser, Tenant } from '../../../platform/http/context';
import { runDueJobs } from '../../../platform/jobs/worker';
import { createLogger } from '../../../platform/log';
import type { TestApp } from '../../../../test/support/app';
import { lastMailTo, linkIn } from '../../../../test/support/auth';
import { ALWAYS_OPEN, officeInput, roomInput } from '../../../../test/support/offices';
import { listCategories, submitConcern, type Concern } from '../../concerns';
import { createOffice, createRoom } from '../../offices';
import { confirmLink, submitProposal } from '../../participation';

export function tenantOf(t: TestApp, tenantId = t.tenant.id): Tenant {
  const row = tenantId === t.tenant.id ? t.tenant : t.other;
  return { id: row.id, slug: row.slug, name: row.name, defaultLocale: 'de' };
}

export const admin: CurrentUser = {
  id: 'usr_accountstestadmin',
  email: 'admin@example.test',
  displayName: 'Test admin',
  organisation: null,
  locale: null,
  assignments: [{ role: 'admin', allAreas: true, areaIds: [] }],
};

/** A service context (with mail: links to http://essen.test). */
export function ctxFor(t: TestApp, user: CurrentUser | null, tenantId = t.tenant.id) {
  const tenant = tenantOf(t, tenantId);
  return { tenant, db: forTenant(t.handle.db, tenant.id) as TenantDb<any>, user, requestId: null, dialect: t.handle.dialect, mail: { config: t.config as Config, linkBase: 'http://essen.test' } };
}

let seq = 0;

/** A published proposal in the area (no approval asked), by e-mail and its confirmation link. */
export async function publishedProposal(t: TestApp, areaId: string, title = 'Mehr Bänke am Marktplatz'): Promise<string> {
  const pub = ctxFor(t, null);
  const email = `proposer-acc-${++seq}@example.test`;
  const { proposal } = await submitProposal(pub, { areaId, title, body: 'Am Marktplatz fehlen Sitzplätze für ältere Menschen.', name: 'Ayşe', email, locale: 'de' });
  const link = linkIn(lastMailTo(t, email)!, '/participation/confirm/');
  const r = await confirmLink(pub, link.slice('/participation/confirm/'.length));
  if (r?.kind !== 'proposal' || !r.published) throw new Error('fixture proposal not published');
  return proposal.id;
}

/** A public concern in Kray (web form path). */
export async function publicConcern(t: TestApp): Promise<Concern> {
  const ctx = ctxFor(t, null);
  const category = (await listCategories(ctx.db)).find((c) => c.key === 'littering')!;
  const r = await submitConcern(ctx, { categoryId: category.id, description: 'Am Straßenrand liegen seit Tagen Sperrmüll und Matratzen.', channel: 'web', lat: 51.4746, lon: 7.0869 });
  return r.concern;
}

/** Runs every due background job now. */
export async function drainJobs(t: TestApp): Promise<void> {
  await runDueJobs({ rootDb: t.handle.db, log: createLogger('silent'), config: t.config, schedules: false });
}

/** A district office open around the clock in the area, with a room the public may request (no lead time). */
export async function officeWithRoom(t: TestApp, areaId: string) {
  const ctx = ctxFor(t, admin);
  const office = await createOffice(ctx, officeInput(areaId, { name: `Stadtteilbüro Konto-Test ${++seq}`, hours: ALWAYS_OPEN, closedOnHolidays: false }));
  const room = await createRoom(ctx, roomInput(office.id, { leadHours: 0, maxMinutes: 600 }));
  return { office, room };
}

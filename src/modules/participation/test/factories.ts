/**
 * Test factories of the participation module: service contexts for a role, and a fixture (a published proposal
 * with a visible comment, an open survey with one response) made through the real flows — the confirmation
 * links are read from the .eml files the test app writes.
 */
import type { Role } from '../../../platform/auth/policy';
import type { Config } from '../../../platform/config';
import { forTenant, type TenantDb } from '../../../platform/db/tenant-scope';
import type { CurrentUser, Tenant } from '../../../platform/http/context';
import type { TestApp } from '../../../../test/support/app';
import { lastMailTo, linkIn } from '../../../../test/support/auth';
import { listComments, type Db } from '../participation.queries';
import { addComment, changeSurveyStatus, confirmLink, createSurvey, submitProposal, submitResponse, type ParticipationContext } from '../participation.service';

export function tenantOf(t: TestApp, tenantId = t.tenant.id): Tenant {
  const row = tenantId === t.tenant.id ? t.tenant : t.other;
  return { id: row.id, slug: row.slug, name: row.name, defaultLocale: 'de' };
}

export function principal(role: Role, opts: { areaIds?: string[]; id?: string } = {}): CurrentUser {
  return {
    id: opts.id ?? `usr_part${role.replace(/_/g, '')}`,
    email: `${role}@example.test`,
    displayName: `Test ${role}`,
    organisation: null,
    locale: null,
    assignments: [{ role, allAreas: role === 'admin' || !opts.areaIds, areaIds: opts.areaIds ?? [] }],
  };
}

export function ctxFor(t: TestApp, user: CurrentUser | null, opts: { tenantId?: string; mail?: boolean } = {}): ParticipationContext & { db: TenantDb<any> } {
  const tenant = tenantOf(t, opts.tenantId);
  return { tenant, db: forTenant(t.handle.db, tenant.id), user, requestId: null, dialect: t.handle.dialect, mail: opts.mail === false ? null : { config: t.config as Config, linkBase: 'http://essen.test' } };
}

/** The token of the last confirmation (or withdrawal) link mailed to an address. */
export function tokenFromMail(t: TestApp, email: string, prefix = '/participation/confirm/'): string {
  const mail = lastMailTo(t, email);
  if (!mail) throw new Error(`no mail to ${email}`);
  return linkIn(mail, prefix).slice(prefix.length);
}

let seq = 0;

/** A published proposal (confirmed), a visible comment on it, and an open survey with one response — in `areaId`. */
export async function participationFixture(t: TestApp, areaId: string, tenantId = t.tenant.id): Promise<{ proposalId: string; commentId: string; surveyId: string }> {
  const pub = ctxFor(t, null, { tenantId });
  const n = ++seq;
  const email = `proposer-${n}-${tenantId}@example.test`;
  const { proposal } = await submitProposal(pub, { areaId, title: 'Mehr Bänke am Marktplatz', body: 'Am Marktplatz fehlen Sitzplätze für ältere Menschen.', name: 'Ayşe', email, locale: 'de' });
  await confirmLink(pub, tokenFromMail(t, email));
  const commenter = `commenter-${n}-${tenantId}@example.test`;
  await addComment(pub, proposal.id, { body: 'Gute Idee, gerne auch mit Schatten.', name: null, email: commenter, locale: 'de' });
  const confirmed = await confirmLink(pub, tokenFromMail(t, commenter));
  const commentId = (await listComments(pub.db as never as Db, proposal.id, { confirmedOnly: true }))[0]!.id;
  const admin = ctxFor(t, principal('admin'), { tenantId });
  const survey = await createSurvey(admin, {
    areaId,
    title: 'Spielplatz Kray',
    intro: null,
    questions: [
      { kind: 'single', prompt: 'Wie oft nutzen Sie den Spielplatz?', required: true, options: ['täglich', 'wöchentlich', 'selten'] },
      { kind: 'multiple', prompt: 'Was fehlt?', required: false, options: ['Schatten', 'Bänke', 'Toiletten'] },
      { kind: 'rating', prompt: 'Wie zufrieden sind Sie?', required: true, options: [] },
      { kind: 'text', prompt: 'Was möchten Sie noch sagen?', required: false, options: [] },
    ],
  });
  await changeSurveyStatus(admin, survey.id, 'open');
  const [q1, q2, q3] = survey.questions;
  await submitResponse(pub, survey.id, { values: { [`q_${q1!.id}`]: '0', [`q_${q2!.id}`]: ['0', '1'], [`q_${q3!.id}`]: '4' }, locale: 'de' });
  if (confirmed?.kind !== 'comment') throw new Error('fixture comment not confirmed');
  return { proposalId: proposal.id, commentId, surveyId: survey.id };
}

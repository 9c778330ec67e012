/**
 * Residents' accounts, reviewed against the platform conventions (SQLite and PostgreSQL): every change is audited
 * without personal data (sign-in link requested and used, sign-out, follow, settings, export, deletion) and a
 * repeated post writes nothing; bad input (too long address, unknown or foreign follow targets) gets a clear message
 * and changes nothing; CSRF on every POST; rate limits on follows; the export holds every part of the person's data;
 * after a deletion no table holds the address or the name — also what participation, concerns, dialogues (meeting
 * registrations, invitations), offices (offer registrations, booking contacts) and pages (accessibility feedback)
 * kept under the address before the account existed, in other spellings; resident and staff sessions never stand in for each other; the admins' figures
 * page (counts only, admin only). ADR 0022 (amendment 2026-11-26).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listAudit, type AuditTables } from '../../platform/audit';
import { forTenant, type TenantDb } from '../../platform/db/tenant-scope';
import { createTestApp, type TestApp, type TestClient } from '../../../test/support/app';
import { lastMailTo, linkIn, mails, signedInClient } from '../../../test/support/auth';
import { getAreaBySlug, seedTerritory } from '../territory';
import { accountsModule, RESIDENT_COOKIE, TARGET_TYPES } from './index';
import { FOLLOWS_PER_HOUR } from './accounts.pages';
import { accountDataProviders } from './accounts.registry';
import { admin, ctxFor, drainJobs, officeWithRoom, publicConcern, publishedProposal } from './test/factories';
import { confirmEmail, followConcern, listCategories, submitConcern } from '../concerns';
import { addComment, changeSurveyStatus, confirmLink, createSurvey, submitProposal, submitResponse, supportProposal } from '../participation';
import { createDialogue, createMeeting, inviteToMeeting, registerForMeeting } from '../dialogues';
import { createOffer, registerForOffer, requestBooking } from '../offices';
import { submitFeedback } from '../pages';

let t: TestApp;
let db: TenantDb<any>;
let krayId: string;
let seq = 0;

beforeAll(async () => {
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
  await seedTerritory(t.handle.db, t.other.id);
  db = forTenant(t.handle.db, t.tenant.id);
  krayId = (await getAreaBySlug(db, 'kray'))!.id;
});
afterAll(async () => t?.close());
// Every test client comes from the same (test) address: each test starts with fresh rate-limit windows.
beforeEach(async () => {
  await t.handle.db.deleteFrom('rate_limits').execute();
});

const address = (name: string) => `${name}-review-${++seq}@example.test`;

async function requestLink(client: TestClient, email: string): Promise<string> {
  await client.get('/my-account');
  const res = await client.post('/my-account/sign-in', { email });
  expect(res.status).toBe(303);
  return linkIn(lastMailTo(t, email)!, '/my-account/link/');
}

async function resident(name: string, host = 'essen.test', email = address(name)): Promise<{ client: TestClient; email: string; accountId: string }> {
  const client = t.client(host);
  const link = await requestLink(client, email);
  await client.get(link);
  expect((await client.post(link)).status).toBe(303);
  const row = await forTenant(t.handle.db, host === 'essen.test' ? t.tenant.id : t.other.id).selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  return { client, email, accountId: String(row.id) };
}

async function auditOf(entityType: string, entityId?: string) {
  return (await listAudit(db as unknown as TenantDb<AuditTables>, { entityType, entityId, limit: 500, offset: 0 })).entries;
}

/** Follows a redirect and returns the page's text (the notice is shown there). */
async function landing(client: TestClient, res: Response): Promise<string> {
  expect(res.status).toBe(303);
  return (await client.get(res.headers.get('location')!)).text();
}

describe('audit of every change, without personal data', () => {
  it('records the sign-in link requested and used (the same link id), and the sign-out', async () => {
    const client = t.client();
    const email = address('protokoll');
    const link = await requestLink(client, email);
    const requested = (await auditOf('account_link')).filter((e) => e.action === 'sign_in_requested');
    expect(requested.length).toBeGreaterThan(0);
    const linkEntry = requested[0]!; // newest first
    expect(linkEntry.actorLabel).toBe('anonymous');
    await client.get(link);
    await client.post(link);
    const accountId = String((await db.selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id);
    const created = (await auditOf('account', accountId)).find((e) => e.action === 'create')!;
    expect(created.changes.link?.to).toBe(linkEntry.entityId);
    // Neither the token nor its stored hash names the link in the log.
    const token = link.split('/').at(-1)!;
    const stored = (await db.selectFrom('account_tokens').select('token_hash').where('email', '=', email).executeTakeFirstOrThrow()).token_hash;
    expect(linkEntry.entityId).not.toContain(token);
    expect(linkEntry.entityId).not.toContain(String(stored).slice(0, 12));

    await client.get('/my-account');
    expect((await client.post('/my-account/sign-out')).status).toBe(303);
    expect((await auditOf('account', accountId)).map((e) => e.action)).toContain('sign_out');
    const log = JSON.stringify(await db.selectFrom('audit_log').selectAll().execute());
    expect(log).not.toContain(email);
    expect(log).not.toContain(token);
  });

  it('a repeated post of the same profile or settings changes nothing and writes no second entry', async () => {
    const a = await resident('wiederholt');
    for (let i = 0; i < 3; i++) {
      await a.client.get('/my-account');
      expect((await a.client.post('/my-account/profile', { displayName: 'Frau Wiederholt', locale: 'en' })).status).toBe(303);
      await a.client.get('/my-account');
      expect((await a.client.post('/my-account/notifications', { concerns: 'immediate', proposals: 'off', areas: 'off' })).status).toBe(303);
      await a.client.get('/my-account');
      expect((await a.client.post('/my-account/follow', { type: 'area', id: krayId, back: '/my-account' })).status).toBe(303);
    }
    const actions = (await auditOf('account', a.accountId)).map((e) => e.action);
    expect(actions.filter((x) => x === 'update')).toHaveLength(1);
    expect(actions.filter((x) => x === 'notifications')).toHaveLength(1);
    expect(actions.filter((x) => x === 'follow')).toHaveLength(1);
    const update = (await auditOf('account', a.accountId)).find((e) => e.action === 'update')!;
    expect(update.changes.displayName).toEqual({ from: null, to: '•••' });
  });
});

describe('bad input gets a clear message and changes nothing', () => {
  it('refuses a too long address with the length in the message, stores no link and sends nothing', async () => {
    const client = t.client();
    await client.get('/my-account');
    const long = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.example`;
    expect(long.length).toBeGreaterThan(254);
    const before = mails(t).length;
    const links = (await db.selectFrom('account_tokens').select('token_hash').execute()).length;
    const res = await client.post('/my-account/sign-in', { email: long });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('href="#f-email"');
    expect(html).toContain('höchstens 254 Zeichen');
    expect(mails(t).length).toBe(before);
    expect((await db.selectFrom('account_tokens').select('token_hash').execute()).length).toBe(links);
  });

  it('an unknown type, an unknown id and ids of another municipality cannot be followed: a message, nothing stored or logged', async () => {
    const a = await resident('falschziel');
    const otherDb = forTenant(t.handle.db, t.other.id);
    const foreignArea = (await getAreaBySlug(otherDb, 'karnap'))!.id;
    const o = await resident('fremd', 'other.test');
    await o.client.get('/my-account');
    expect((await o.client.post('/my-account/follow', { type: 'area', id: foreignArea, back: '/my-account' })).status).toBe(303);
    for (const [type, id] of [
      ['group', krayId],
      ['area', 'are_doesnotexist'],
      ['proposal', 'prp_doesnotexist'],
      ['concern', "x' or 1=1 --"],
      ['area', foreignArea],
    ] as const) {
      await a.client.get('/my-account');
      const text = await landing(a.client, await a.client.post('/my-account/follow', { type, id, back: '/my-account' }));
      expect(text, `${type} ${id}`).toContain('Dem können Sie nicht folgen');
    }
    expect(await db.selectFrom('account_follows').select('target_id').where('account_id', '=', a.accountId).execute()).toEqual([]);
    expect((await auditOf('account', a.accountId)).map((e) => e.action)).not.toContain('follow');
    // The other municipality's follow is untouched by an unfollow from here.
    await a.client.get('/my-account');
    await a.client.post('/my-account/unfollow', { type: 'area', id: foreignArea, back: '/my-account' });
    expect(await otherDb.selectFrom('account_follows').select('target_id').where('account_id', '=', o.accountId).execute()).toHaveLength(1);
  });

  it('checks the CSRF token on every POST of the module: without it, 403 and nothing changes', async () => {
    const a = await resident('csrf');
    const fresh = t.client();
    const link = await requestLink(fresh, address('csrf-link'));
    const posts = Object.keys(accountsModule.routes).filter((k) => k.startsWith('POST '));
    expect(posts).toHaveLength(8);
    const bodies: Record<string, Record<string, string>> = {
      '/my-account/sign-in': { email: address('csrf-neu') },
      '/my-account/profile': { displayName: 'Gefälscht' },
      '/my-account/notifications': { concerns: 'immediate', proposals: 'immediate', areas: 'immediate' },
      '/my-account/follow': { type: 'area', id: krayId },
      '/my-account/unfollow': { type: 'area', id: krayId },
      '/my-account/delete': { confirm: '1' },
    };
    const auditBefore = (await db.selectFrom('audit_log').select('id').execute()).length;
    for (const key of posts) {
      const route = key.slice('POST '.length);
      const path = route.replace(':token', link.split('/').at(-1)!);
      const client = route.includes(':token') ? fresh : a.client;
      for (const csrf of [null, 'forged']) expect((await client.post(path, bodies[route] ?? {}, { csrf })).status, `${route} with ${csrf}`).toBe(403);
    }
    expect((await db.selectFrom('audit_log').select('id').execute()).length).toBe(auditBefore);
    expect(await db.selectFrom('accounts').select(['display_name', 'notify_areas']).where('id', '=', a.accountId).executeTakeFirstOrThrow()).toEqual({ display_name: null, notify_areas: 'off' });
    expect(fresh.cookies.has(RESIDENT_COOKIE)).toBe(false);
    expect(a.client.cookies.has(RESIDENT_COOKIE)).toBe(true);
  });

  it(`limits follow and unfollow posts to ${FOLLOWS_PER_HOUR} per hour (429, nothing stored past it)`, async () => {
    const a = await resident('viele-folgen');
    await a.client.get('/my-account');
    for (let i = 0; i < FOLLOWS_PER_HOUR; i++) expect((await a.client.post(i % 2 ? '/my-account/unfollow' : '/my-account/follow', { type: 'area', id: krayId, back: '/my-account' })).status).toBe(303);
    const res = await a.client.post('/my-account/follow', { type: 'area', id: krayId, back: '/my-account' });
    expect(res.status).toBe(429);
    expect(await db.selectFrom('account_follows').select('target_id').where('account_id', '=', a.accountId).execute()).toEqual([]);
  });
});

/** Every text column of every table of the database (SQLite or PostgreSQL). */
async function textColumns(): Promise<{ table: string; column: string }[]> {
  const root = t.handle.db;
  if (t.handle.dialect === 'postgres') {
    const r = await sql<{ table_name: string; column_name: string }>`
      select c.table_name, c.column_name from information_schema.columns c
      join information_schema.tables tb on tb.table_schema = c.table_schema and tb.table_name = c.table_name and tb.table_type = 'BASE TABLE'
      where c.table_schema = current_schema() and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb')`.execute(root);
    return r.rows.map((x) => ({ table: x.table_name, column: x.column_name }));
  }
  const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(root);
  const out: { table: string; column: string }[] = [];
  for (const { name } of tables.rows) {
    const cols = await sql<{ name: string; type: string }>`select name, type from pragma_table_info(${name})`.execute(root);
    for (const c of cols.rows) if (c.type === '' || /text|char|clob|json/i.test(c.type)) out.push({ table: name, column: c.name });
  }
  return out;
}

async function tablesHolding(needle: string): Promise<string[]> {
  const hits: string[] = [];
  for (const { table, column } of await textColumns()) {
    const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)} where lower(cast(${sql.ref(column)} as text)) like ${`%${needle.toLowerCase()}%`}`.execute(t.handle.db);
    if (Number(r.rows[0]?.n ?? 0) > 0) hits.push(`${table}.${column}`);
  }
  return hits;
}

describe('my data: the export holds everything, the deletion leaves nothing', () => {
  it('creates data in every registered module, exports it all, deletes, and no table holds the address or the name', async () => {
    const email = address('alles');
    const earlier = `Vorab Nachbar ${seq}`;
    const phone = `0201 555 ${seq}77`;
    const proposalId = await publishedProposal(t, krayId, 'Fahrradbügel an der Schule');
    const otherProposalId = await publishedProposal(t, krayId, 'Sitzbank am Spielplatz');
    const concern = await publicConcern(t);
    const followed = await publicConcern(t);
    // BEFORE the account exists, the same address (typed in other spellings) is used by e-mail:
    const pub = ctxFor(t, null);
    const typed = `  ${email.toUpperCase()} `;
    // participation: a confirmed and an unconfirmed support, a proposal and a comment not confirmed yet, a survey response.
    await supportProposal(pub, proposalId, { email: typed, locale: 'de' });
    expect((await confirmLink(pub, linkIn(lastMailTo(t, email)!, '/participation/confirm/').split('/').at(-1)!))?.kind).toBe('support');
    await supportProposal(pub, otherProposalId, { email, locale: 'de' });
    await submitProposal(pub, { areaId: krayId, title: 'Vorab-Vorschlag Trinkbrunnen', body: 'Ein Trinkbrunnen am Markt.', name: earlier, email: typed, locale: 'de' });
    await addComment(pub, proposalId, { body: 'Vorab-Kommentar per E-Mail.', name: earlier, email, locale: 'de' });
    const staffCtx = ctxFor(t, admin);
    const survey = await createSurvey(staffCtx, { areaId: krayId, title: 'Vorab-Umfrage Stadtteilfest', questions: [{ kind: 'single', prompt: 'Kommen Sie?', required: true, options: ['ja', 'nein'] }] });
    await changeSurveyStatus(staffCtx, survey.id, 'open');
    await submitResponse(pub, survey.id, { values: { [`q_${survey.questions[0]!.id}`]: '0' }, email: typed, locale: 'de' });
    // concerns: a concern with name, phone and e-mail updates (link not confirmed yet), and a follow by e-mail (confirmed).
    const category = (await listCategories(pub.db)).find((c) => c.key === 'littering')!;
    const { concern: own } = await submitConcern(pub, { categoryId: category.id, description: 'Vorab: Glascontainer quillt über.', channel: 'web', lat: 51.4746, lon: 7.0869, name: earlier, email: typed, phone, subscribe: true, locale: 'de' });
    await followConcern(pub, followed.number, { email: typed, fingerprint: `fp-review-${seq}`, ipHash: `ip-review-${seq}`, locale: 'de' });
    expect((await confirmEmail(pub.db, linkIn(lastMailTo(t, email)!, '/concerns/confirm/').split('/').at(-1)!))?.kind).toBe('follower');
    const followedCount = async () => Number((await db.selectFrom('concerns').select('support_count').where('id', '=', followed.id).executeTakeFirstOrThrow()).support_count);
    expect(await followedCount()).toBe(1);
    // dialogues: a seat at a public meeting (its cancel link mailed; someone else registered too) and an invitation
    // to another meeting.
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const dialogue = await createDialogue(staffCtx, { title: 'Vorab-Dialog Marktplatz', goal: 'Den Marktplatz gemeinsam planen.', initiator: 'Bezirksvertretung VII', public: true, publicSummary: null, areaIds: [krayId], topicIds: [] });
    const assembly = await createMeeting(staffCtx, dialogue.id, { type: 'residents_assembly', title: 'Vorab-Bürgerversammlung', date: day(20), startTime: '18:00', endTime: '20:00', place: 'Aula', public: true, registration: true, capacity: 50 });
    const workshop = await createMeeting(staffCtx, dialogue.id, { type: 'working_group', title: 'Vorab-Arbeitskreis', date: day(21), startTime: '18:00', endTime: '19:00', place: 'Stadtteilbüro', public: false, registration: false });
    const someoneElse = `Andere Nachbarin ${seq}`;
    await registerForMeeting(pub, assembly.id, { name: someoneElse, email: `andere-${seq}@example.test`, locale: 'de' });
    await registerForMeeting(pub, assembly.id, { name: earlier, email: typed, locale: 'de' });
    const meetingCancel = linkIn(lastMailTo(t, email)!, '/meetings/cancel/');
    await inviteToMeeting(staffCtx, workshop.id, [typed, `andere-${seq}@example.test`]);
    // offices: two places at an offer (someone else has one too) and a room booking requested through the public form.
    const { office, room } = await officeWithRoom(t, krayId);
    const { offer } = await createOffer(staffCtx, { officeId: office.id, title: 'Vorab-Nähcafé', date: day(25), time: '14:00', durationMinutes: 90, registration: true, capacity: 5, publish: true });
    await registerForOffer(pub, offer.id, { name: someoneElse, email: `andere-${seq}@example.test`, places: 1, locale: 'de' });
    const { token: offerCancel } = await registerForOffer(pub, offer.id, { name: earlier, email: email.toUpperCase(), places: 2, locale: 'de' });
    const { booking } = await requestBooking(pub, { roomId: room.id, title: 'Vorab-Geburtstagsfeier', date: day(26), time: '10:00', durationMinutes: 60, requesterKind: 'public', contactName: earlier, contactEmail: email.toUpperCase(), locale: 'de' });
    // pages: accessibility feedback with name and address, an answer wished.
    await submitFeedback(pub, { name: earlier, email: ` ${email.toUpperCase()}`, wantsAnswer: 'on', pageUrl: '/offers', description: 'Vorab: Der Kalender ist mit dem Screenreader schwer zu bedienen.' }, 'de');
    expect(await tablesHolding(email)).toEqual(
      expect.arrayContaining([
        'participation_supports.email',
        'participation_proposals.author_email',
        'participation_comments.author_email',
        'concerns.submitter_email',
        'concern_supporters.email',
        'dialogue_registrations.email',
        'dialogue_invitations.email',
        'offer_registrations.email',
        'bookings.contact_email',
        'accessibility_feedback.email',
      ]),
    );

    const a = await resident('alles', 'essen.test', email);
    const name = `Nachbarin Vollständig ${seq}`;
    await a.client.get('/my-account');
    await a.client.post('/my-account/profile', { displayName: name, locale: 'de' });
    await a.client.get('/my-account');
    await a.client.post('/my-account/notifications', { concerns: 'immediate', proposals: 'immediate', areas: 'immediate' });
    // Every registered follow target type.
    for (const [type, id] of [['area', krayId], ['proposal', proposalId], ['concern', concern.id]] as const) {
      await a.client.get('/my-account');
      expect((await a.client.post('/my-account/follow', { type, id, back: '/my-account' })).status).toBe(303);
    }
    expect(TARGET_TYPES).toEqual(['area', 'concern', 'proposal']);
    // Participation (the registered data provider): a support and a comment with the account and its name.
    await a.client.get(`/participation/proposals/${proposalId}`);
    expect((await a.client.post(`/participation/proposals/${proposalId}/support`, { asAccount: '1' })).status).toBe(303);
    await a.client.get(`/participation/proposals/${proposalId}`);
    expect((await a.client.post(`/participation/proposals/${proposalId}/comments`, { body: 'Bitte auch überdacht.', name })).status).toBe(303);
    await drainJobs(t);
    // A second sign-in (a second link and session).
    const second = t.client();
    const link = await requestLink(second, a.email);
    await second.get(link);
    await second.post(link);

    const res = await a.client.get('/my-account/export');
    expect(res.status).toBe(200);
    const data: any = await res.json();
    for (const p of accountDataProviders()) expect(data, `provider ${p.name}`).toHaveProperty(p.name);
    expect(data.participation.supports).toEqual([expect.objectContaining({ proposalId })]);
    expect(data.participation.comments).toEqual([expect.objectContaining({ text: 'Bitte auch überdacht.', name })]);
    // What was sent with the address before the account, clearly apart from what the account did.
    const byEmail = data.participation.sentWithYourEmailAddress;
    expect(byEmail.supports).toEqual([expect.objectContaining({ proposalId, confirmed: true }), expect.objectContaining({ proposalId: otherProposalId, confirmed: false })]);
    expect(byEmail.proposalsNotConfirmed).toEqual([expect.objectContaining({ title: 'Vorab-Vorschlag Trinkbrunnen', name: earlier })]);
    expect(byEmail.commentsNotConfirmed).toEqual([expect.objectContaining({ proposalId, text: 'Vorab-Kommentar per E-Mail.', name: earlier })]);
    expect(byEmail.surveyConfirmations).toEqual([{ surveyId: survey.id, title: 'Vorab-Umfrage Stadtteilfest' }]);
    expect(data.concerns.submitted).toEqual([
      expect.objectContaining({ number: own.number, category: { key: 'littering', label: category.labels.de }, description: 'Vorab: Glascontainer quillt über.', status: 'received', subscribed: true, contact: expect.objectContaining({ name: earlier, phone, emailConfirmed: false }) }),
    ]);
    expect(data.concerns.supportsFollowingByEmail).toEqual([expect.objectContaining({ number: followed.number, confirmed: true })]);
    expect(data.dialogues.meetingRegistrations).toEqual([
      expect.objectContaining({ meeting: expect.objectContaining({ id: assembly.id, title: 'Vorab-Bürgerversammlung', dialogue: 'Vorab-Dialog Marktplatz', startsAt: assembly.startsAt, place: 'Aula', page: `/meetings/${assembly.id}` }), name: earlier, status: 'confirmed', attended: false }),
    ]);
    expect(data.dialogues.meetingInvitations).toEqual([expect.objectContaining({ meeting: expect.objectContaining({ id: workshop.id, title: 'Vorab-Arbeitskreis', page: null }) })]);
    expect(data.offices.offerRegistrations).toEqual([expect.objectContaining({ offer: expect.objectContaining({ id: offer.id, title: 'Vorab-Nähcafé', office: office.name, page: `/offers/${offer.id}` }), name: earlier, places: 2, status: 'registered' })]);
    expect(data.offices.roomBookings).toEqual([expect.objectContaining({ id: booking.id, room: room.name, office: office.name, title: 'Vorab-Geburtstagsfeier', requestedAs: 'public', contact: { name: earlier }, status: 'requested' })]);
    expect(data.pages.accessibilityFeedback).toEqual([expect.objectContaining({ page: '/offers', description: 'Vorab: Der Kalender ist mit dem Screenreader schwer zu bedienen.', name: earlier, wantsAnswer: true, status: 'new' })]);
    // Never other people's data.
    expect(JSON.stringify(data)).not.toContain(someoneElse);
    expect(JSON.stringify(data)).not.toContain(`andere-${seq}@`);
    expect(data.follows.map((f: { type: string }) => f.type).sort()).toEqual(['area', 'concern', 'proposal']);
    expect(data.signInLinks).toHaveLength(2);
    expect(data.signInLinks.every((l: { usedAt: string | null }) => l.usedAt)).toBe(true);
    expect(data.sessions).toHaveLength(2);
    expect(data.history.map((h: { action: string }) => h.action)).toEqual(expect.arrayContaining(['create', 'sign_in', 'update', 'notifications', 'follow']));
    expect((await auditOf('account', a.accountId)).map((e) => e.action)).toContain('export');

    expect(await tablesHolding(a.email)).toEqual(expect.arrayContaining(['accounts.email', 'account_tokens.email']));
    await a.client.get('/my-account/delete');
    expect((await a.client.post('/my-account/delete', { confirm: '1' })).status).toBe(303);
    expect(await tablesHolding(a.email), 'tables holding the address after deletion').toEqual([]);
    expect(await tablesHolding(name), 'tables holding the name after deletion').toEqual([]);
    expect(await tablesHolding(earlier), 'tables holding the name given before the account').toEqual([]);
    expect(await tablesHolding(phone), 'tables holding the phone').toEqual([]);
    // The concern stays, anonymous; its pending confirmation link is gone; an internal timeline entry and an audit
    // entry say that personal data was erased on request (without values). The followed concern keeps its support.
    const ownRow = await db.selectFrom('concerns').select(['description', 'subscribed', 'submitter_locale']).where('id', '=', own.id).executeTakeFirstOrThrow();
    expect(ownRow).toMatchObject({ description: 'Vorab: Glascontainer quillt über.', submitter_locale: null });
    expect(Boolean(ownRow.subscribed)).toBe(false);
    expect(await db.selectFrom('concern_tokens').select('token_hash').where('concern_id', 'in', [own.id, followed.id]).execute()).toEqual([]);
    const erasedEvent = await db.selectFrom('concern_events').select(['kind', 'visibility', 'data']).where('concern_id', '=', own.id).where('actor_label', '=', `account:${a.accountId}`).executeTakeFirstOrThrow();
    expect(erasedEvent).toMatchObject({ kind: 'edit', visibility: 'internal' }); // not a redaction: the concern stays on the public maps
    expect(typeof erasedEvent.data === 'string' ? JSON.parse(erasedEvent.data) : erasedEvent.data).toEqual({ fields: ['contact'], onRequest: true });
    const staffPage = await (await (await signedInClient(t, 'admin')).get(`/staff/concerns/${own.id}`)).text();
    expect(staffPage).toContain('Kontaktdaten auf Wunsch der Person gelöscht');
    for (const id of [own.id, followed.id]) expect((await auditOf('concern', id)).map((e) => e.action), id).toContain('erase_on_request');
    expect(await followedCount()).toBe(1);
    // Participation: both supports of the address are gone, the confirmed one with the counter (and the account's too).
    expect(Number((await db.selectFrom('participation_proposals').select('support_count').where('id', '=', proposalId).executeTakeFirstOrThrow()).support_count)).toBe(0);
    expect(await db.selectFrom('participation_survey_emails').select('email_hash').where('survey_id', '=', survey.id).execute()).toEqual([]);
    expect(second.cookies.has(RESIDENT_COOKIE)).toBe(true);
    expect(await (await second.get('/my-account')).text()).toContain('Anmelde-Link senden'); // the other session ended too
    // The deletion's entry: counts only.
    const del = (await auditOf('account', a.accountId)).find((e) => e.action === 'delete')!;
    expect(Object.values(del.changes).every((c) => typeof c.from === 'number' && c.to === 0)).toBe(true);
    expect(del.changes.follows).toEqual({ from: 3, to: 0 });
    expect(del.changes['participation.supports']).toEqual({ from: 1, to: 0 });
    expect(del.changes['participation.emailSupports']).toEqual({ from: 2, to: 0 });
    expect(del.changes['participation.emailProposals']).toEqual({ from: 1, to: 0 });
    expect(del.changes['participation.emailComments']).toEqual({ from: 1, to: 0 });
    expect(del.changes['participation.surveyConfirmations']).toEqual({ from: 1, to: 0 });
    // The e-mail links mailed for the address (both supports: confirmation and withdrawal; the proposal; the comment).
    expect(del.changes['participation.emailLinks']).toEqual({ from: 6, to: 0 });
    expect(del.changes['concerns.submitted']).toEqual({ from: 1, to: 0 });
    expect(del.changes['concerns.follows']).toEqual({ from: 1, to: 0 });
    expect(del.changes['concerns.links']).toEqual({ from: 2, to: 0 });
    expect(del.changes['dialogues.registrations']).toEqual({ from: 1, to: 0 });
    expect(del.changes['dialogues.invitations']).toEqual({ from: 1, to: 0 });
    expect(del.changes['offices.offerRegistrations']).toEqual({ from: 1, to: 0 });
    expect(del.changes['offices.bookingContacts']).toEqual({ from: 1, to: 0 });
    expect(del.changes['pages.accessibilityFeedback']).toEqual({ from: 1, to: 0 });
    // Dialogues: the seat stays as an anonymous number, the cancel link mailed before is dead, the other invitee stays.
    expect((await db.selectFrom('dialogue_registrations').select('status').where('meeting_id', '=', assembly.id).execute()).map((r) => r.status)).toEqual(['confirmed', 'confirmed']);
    expect((await t.client().get(meetingCancel)).status).toBe(404);
    expect(await db.selectFrom('dialogue_invitations').select('email').where('meeting_id', '=', workshop.id).execute()).toEqual([{ email: `andere-${seq}@example.test` }]);
    // Offices: the places stay counted, the cancel link is dead; the booking stays without contact.
    expect((await db.selectFrom('offer_registrations').select(['places', 'status']).where('offer_id', '=', offer.id).orderBy('created_at').execute()).map((r) => [Number(r.places), r.status])).toEqual([
      [1, 'registered'],
      [2, 'registered'],
    ]);
    expect((await t.client().get(`/offers/registration/${offerCancel}`)).status).toBe(404);
    expect(await db.selectFrom('bookings').select(['title', 'status', 'contact_name', 'contact_email', 'contact_locale']).where('id', '=', booking.id).executeTakeFirstOrThrow()).toEqual({
      title: 'Vorab-Geburtstagsfeier',
      status: 'requested',
      contact_name: null,
      contact_email: null,
      contact_locale: null,
    });
    // Pages: the feedback stays for the accessibility work, without name, address or the wish for an answer.
    const feedback = await db.selectFrom('accessibility_feedback').select(['description', 'wants_answer']).where('page_url', '=', '/offers').where('description', 'like', 'Vorab:%').executeTakeFirstOrThrow();
    expect(Boolean(feedback.wants_answer)).toBe(false);
    for (const [type, action] of [['dialogue_registration', 'erase_on_request'], ['dialogue_meeting', 'erase_on_request'], ['offer', 'erase_on_request'], ['booking', 'erase_on_request'], ['accessibility_feedback', 'erase_on_request']]) {
      expect((await auditOf(type!)).map((e) => e.action), type).toContain(action);
    }
  });
});

describe('resident and staff sessions stay apart', () => {
  it('a resident session opens no staff page or API, a staff session is no resident session', async () => {
    const a = await resident('getrennt');
    const residentToken = a.client.cookies.get(RESIDENT_COOKIE)!;
    // The resident's token in the staff cookie.
    const forged = t.client();
    forged.cookies.set('q_session', residentToken);
    const staff = await forged.get('/staff');
    expect(staff.status).toBe(303);
    expect(staff.headers.get('location')).toContain('/login');
    expect((await forged.request('/api/v1/me')).status).toBe(401);
    for (const path of ['/staff', '/admin/accounts', '/admin/users']) {
      const r = await a.client.get(path);
      expect(r.status, path).toBe(303);
      expect(r.headers.get('location'), path).toContain('/login');
    }
    // A staff admin is not a resident: no account pages, and the staff token as resident cookie means nothing.
    const admin = await signedInClient(t, 'admin');
    expect(await (await admin.get('/my-account')).text()).toContain('Anmelde-Link senden');
    expect((await admin.get('/my-account/export')).status).toBe(303);
    const staffToken = admin.cookies.get('q_session')!;
    const other = t.client();
    other.cookies.set(RESIDENT_COOKIE, staffToken);
    expect(await (await other.get('/my-account')).text()).toContain('Anmelde-Link senden');
  });
});

describe('admins: figures about residents’ accounts', () => {
  it('shows counts only, to admins only, and the numbers follow the data', async () => {
    const admin = await signedInClient(t, 'admin');
    const read = async () => {
      const res = await admin.get('/admin/accounts');
      expect(res.status).toBe(200);
      const html = await res.text();
      const cells = (caption: string) => {
        const table = html.slice(html.indexOf(caption));
        return [...table.slice(0, table.indexOf('</table>')).matchAll(/<td class="kern-table__cell kern-table__cell--numeric">([^<]*)<\/td>/g)].map((m) => Number(m[1]!.replace(/\./g, '')));
      };
      return { html, accounts: cells('>Konten<'), follows: cells('>Folgen nach Art<'), notify: cells('>Eingeschaltete Benachrichtigungen<') };
    };
    const before = await read();
    const a = await resident('zahl-a');
    const b = await resident('zahl-b');
    await b.client.get('/my-account');
    await b.client.post('/my-account/notifications', { concerns: 'off', proposals: 'immediate', areas: 'immediate' });
    for (const r of [a, b]) {
      await r.client.get('/my-account');
      await r.client.post('/my-account/follow', { type: 'area', id: krayId, back: '/my-account' });
    }
    // a signed in long ago: counted, but not active.
    await db.updateTable('accounts').set({ last_sign_in_at: new Date(Date.now() - 40 * 86_400_000).toISOString() }).where('id', '=', a.accountId).execute();
    const after = await read();
    // Rows: accounts, active in 30 days, with a notification on.
    expect(after.accounts.map((n, i) => n - before.accounts[i]!)).toEqual([2, 1, 1]);
    // Rows area, concern, proposal × columns follows, accounts following.
    expect(after.follows.map((n, i) => n - before.follows[i]!)).toEqual([2, 2, 0, 0, 0, 0]);
    expect(after.notify.map((n, i) => n - before.notify[i]!)).toEqual([0, 1, 1]);
    expect(after.html).toContain('In den letzten 30 Tagen angemeldet');
    for (const r of [a, b]) {
      expect(after.html).not.toContain(r.email);
      expect(after.html).not.toContain(r.accountId);
    }
    // The navigation has the page for the admin; others get 403 (or the login).
    expect(after.html).toContain('href="/admin/accounts"');
    const coordinator = await signedInClient(t, 'coordinator');
    expect((await coordinator.get('/admin/accounts')).status).toBe(403);
    expect(await (await coordinator.get('/staff')).text()).not.toContain('href="/admin/accounts"');
    expect((await t.client().get('/admin/accounts')).status).toBe(303);
    // In English too.
    const en = await admin.get('/admin/accounts?lang=en');
    expect(await en.text()).toContain('Signed in within the last 30 days');
  });
});

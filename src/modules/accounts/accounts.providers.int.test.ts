/**
 * The data providers of the modules that keep things under a resident's address, where their behaviour on "delete
 * my account" is not obvious (SQLite and PostgreSQL; ADR 0022, amendment): the address is found in any case and
 * Unicode form; links mailed before stop working; anonymous numbers stay (a meeting's seats, an offer's places) while
 * a place on a waiting list is given up and no one moves up; a booking stays without its contact and then e-mails no
 * one; feedback stays without name and address and a queued confirmation is not sent; another municipality's rows
 * are untouched. The whole path through the account pages is in accounts.review.int.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forTenant, type TenantDb } from '../../platform/db/tenant-scope';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { lastMailTo, linkIn, mails, mailsTo, signedInClient } from '../../../test/support/auth';
import { getAreaBySlug, seedTerritory } from '../territory';
import { addComment, confirmLink, eraseEmail, submitProposal } from '../participation';
import { cancelMeeting, cancelRegistration, createDialogue, createMeeting, inviteToMeeting, registerForMeeting } from '../dialogues';
import { confirmBooking, createOffer, registerForOffer, requestBooking } from '../offices';
import { getFeedback, submitFeedback, updateFeedback } from '../pages';
import { accountDataProviders } from './accounts.registry';
import { addressKey, addressLikePattern } from './index';
import { admin, ctxFor, drainJobs, officeWithRoom, publishedProposal } from './test/factories';

let t: TestApp;
let db: TenantDb<any>;
let krayId: string;
let seq = 0;

beforeAll(async () => {
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
  db = forTenant(t.handle.db, t.tenant.id);
  krayId = (await getAreaBySlug(db, 'kray'))!.id;
});
afterAll(async () => t?.close());

const ACCOUNT = 'acc_providertest';
const provider = (name: string) => {
  const p = accountDataProviders().find((x) => x.name === name);
  if (!p) throw new Error(`no provider ${name}`);
  return p;
};
const exportOf = async (name: string, email: string, d: TenantDb<any> = db): Promise<any> => provider(name).export(d as never, ACCOUNT, email);
const erase = (name: string, email: string) => db.transaction().execute((trx) => provider(name).erase(trx as never, ACCOUNT, email));
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
/** An address with non-ASCII letters: the account's spelling (NFC, lower case) and one typed in capitals, decomposed (NFD). */
function addresses(name: string) {
  const account = `jörg.müller-${name}-${++seq}@example.test`.normalize('NFC');
  return { account, typed: ` ${account.toUpperCase().normalize('NFD')} `, ascii: `${name}-${seq}@example.test` };
}

describe('the address in any spelling', () => {
  it('the pattern finds every case and Unicode form; the key tells them apart exactly', () => {
    const a = 'Jörg.Müller_1@Example.test';
    expect(addressKey(` ${a.toUpperCase().normalize('NFD')} `)).toBe(addressKey(a));
    expect(addressLikePattern(a)).toBe('j%rg.m%ller_1@example.test');
    expect(addressLikePattern('a\\b@example.test')).toBe('a_b@example.test');
  });
});

describe('participation: links mailed before the deletion stop working', () => {
  it('a proposal and a comment sent by e-mail cannot be confirmed (published) after the deletion; the staff erasure does the same', async () => {
    const { ascii } = addresses('beteiligung');
    const commenter = `kommentar-${seq}@example.test`;
    const pub = ctxFor(t, null);
    await submitProposal(pub, { areaId: krayId, title: `Vorschlag vor der Löschung ${seq}`, body: 'Ein Bücherschrank am Markt.', name: 'Jörg', email: ascii.toUpperCase(), locale: 'de' });
    const proposalLink = linkIn(lastMailTo(t, ascii)!, '/participation/confirm/').split('/').at(-1)!;
    const proposalId = await publishedProposal(t, krayId, 'Vorschlag zum Kommentieren');
    await addComment(pub, proposalId, { body: `Kommentar vor der Löschung ${seq}.`, name: 'Jörg', email: commenter, locale: 'de' });
    const commentLink = linkIn(lastMailTo(t, commenter)!, '/participation/confirm/').split('/').at(-1)!;

    expect(await erase('participation', ascii)).toMatchObject({ emailProposals: 1, emailLinks: 1 });
    expect(await confirmLink(pub, proposalLink)).toBeNull();
    expect(await db.selectFrom('participation_proposals').select(['published_at', 'author_email', 'author_name']).where('title', '=', `Vorschlag vor der Löschung ${seq}`).executeTakeFirstOrThrow()).toEqual({ published_at: null, author_email: null, author_name: null });

    // The staff erasure of an address (ADR 0017) deletes the links too.
    await eraseEmail(ctxFor(t, admin), commenter);
    expect(await confirmLink(pub, commentLink)).toBeNull();
    expect(await db.selectFrom('participation_comments').select(['confirmed_at', 'author_email', 'author_name']).where('body', '=', `Kommentar vor der Löschung ${seq}.`).executeTakeFirstOrThrow()).toEqual({ confirmed_at: null, author_email: null, author_name: null });
  });
});

describe('dialogues: seats stay as numbers, the waiting list is given up, links and mails stop', () => {
  it('keeps a confirmed seat (no one moves up), cancels a waiting place, deletes invitations, and sends no mail to an erased registration', async () => {
    const { account, typed, ascii } = addresses('sitzung');
    const staff = ctxFor(t, admin);
    const pub = ctxFor(t, null);
    const d = await createDialogue(staff, { title: 'Dialog Löschung', goal: 'Testen.', initiator: 'Test', public: true, publicSummary: null, areaIds: [krayId], topicIds: [] });
    const meeting = (title: string, n: number) => createMeeting(staff, d.id, { type: 'round_table', title, date: day(n), startTime: '18:00', endTime: '19:00', place: 'Aula', public: true, registration: true, capacity: 1 });
    const full = await meeting('Voll mit mir', 10);
    const waiting = await meeting('Ich warte', 11);
    // The account's address typed in capitals, decomposed: the only seat of `full`, and a place on `waiting`'s list.
    await registerForMeeting(pub, full.id, { name: 'Jörg Müller', email: typed, locale: 'de' });
    await registerForMeeting(pub, full.id, { name: 'Nachrückerin', email: `nach-${seq}@example.test`, locale: 'de' });
    await registerForMeeting(pub, waiting.id, { name: 'Erste', email: `erste-${seq}@example.test`, locale: 'de' });
    await registerForMeeting(pub, waiting.id, { name: 'Jörg Müller', email: typed, locale: 'de' });
    const linked = await meeting('Mit Link', 12);
    await registerForMeeting(pub, linked.id, { name: 'Jörg Ascii', email: ascii, locale: 'de' });
    const cancelToken = linkIn(lastMailTo(t, ascii)!, '/meetings/cancel/').split('/').at(-1)!;
    await inviteToMeeting(staff, full.id, [typed, `gast-${seq}@example.test`]);
    await drainJobs(t);

    const data = await exportOf('dialogues', account);
    expect(data.meetingRegistrations.map((r: any) => [r.meeting.title, r.status, r.name])).toEqual([
      ['Voll mit mir', 'confirmed', 'Jörg Müller'],
      ['Ich warte', 'waiting', 'Jörg Müller'],
    ]);
    expect(data.meetingInvitations.map((i: any) => i.meeting.title)).toEqual(['Voll mit mir']);
    expect(await erase('dialogues', account)).toEqual({ registrations: 2, waitingListPlaces: 1, invitations: 1 });
    const statuses = async (meetingId: string) => (await db.selectFrom('dialogue_registrations').select(['name', 'status']).where('meeting_id', '=', meetingId).orderBy('created_at').execute()).map((r) => [r.name, r.status]);
    expect(await statuses(full.id)).toEqual([
      ['', 'confirmed'],
      ['Nachrückerin', 'waiting'],
    ]);
    expect(await statuses(waiting.id)).toEqual([
      ['Erste', 'confirmed'],
      ['', 'cancelled'],
    ]);
    expect(await exportOf('dialogues', account)).toEqual({ meetingRegistrations: [], meetingInvitations: [] });

    // The staff page shows the seat without a name.
    const admin2 = await signedInClient(t, 'admin');
    expect(await (await admin2.get(`/staff/meetings/${full.id}`)).text()).toContain('Anmeldung ohne Namen (Daten gelöscht)');
    // Cancelling the meeting: the mails (the registered one, the invitee's iCalendar CANCEL) go to the others only.
    const before = mails(t).length;
    await cancelMeeting(staff, full.id);
    await drainJobs(t);
    expect(mails(t).slice(before).map((m) => m.to).sort()).toEqual([`gast-${seq}@example.test`, `nach-${seq}@example.test`]);

    // The ASCII address's cancel link stops working after its erasure.
    expect(await erase('dialogues', ascii)).toMatchObject({ registrations: 1 });
    await expect(cancelRegistration(pub, cancelToken)).rejects.toMatchObject({ status: 404 });
  });
});

describe('offices: places stay counted, bookings stay without a contact', () => {
  it('finds the address typed in capitals and NFD, gives up a waiting place without moving anyone up, and a later decision e-mails no one', async () => {
    const { account, typed } = addresses('buero');
    const staff = ctxFor(t, admin);
    const pub = ctxFor(t, null);
    const { office, room } = await officeWithRoom(t, krayId);
    const { offer } = await createOffer(staff, { officeId: office.id, title: 'Sprachcafé', date: day(14), time: '10:00', durationMinutes: 60, registration: true, capacity: 2, publish: true });
    const { offer: other } = await createOffer(staff, { officeId: office.id, title: 'Nähcafé', date: day(15), time: '10:00', durationMinutes: 60, registration: true, capacity: 1, publish: true });
    const mine = await registerForOffer(pub, offer.id, { name: 'Jörg Müller', email: typed.trim(), places: 2 });
    await registerForOffer(pub, other.id, { name: 'Erste', email: `erste-${seq}@example.test`, places: 1 });
    await registerForOffer(pub, other.id, { name: 'Jörg Müller', email: typed.trim(), places: 1 });
    await registerForOffer(pub, other.id, { name: 'Dritte', email: `dritte-${seq}@example.test`, places: 1 });
    // A room request through a group's personal link stores the address as the booking's contact, as the public form does.
    const { booking: group } = await requestBooking(pub, { roomId: room.id, title: 'Gruppentreffen', date: day(16), time: '10:00', durationMinutes: 60, requesterKind: 'group', groupId: 'grp_providertest', contactName: null, contactEmail: typed.trim(), locale: 'de' });
    const { booking: own } = await requestBooking(pub, { roomId: room.id, title: 'Feier', date: day(17), time: '10:00', durationMinutes: 60, requesterKind: 'public', contactName: 'Jörg Müller', contactEmail: typed.trim(), locale: 'de' });

    const data = await exportOf('offices', account);
    expect(data.offerRegistrations.map((r: any) => [r.offer.title, r.places, r.status])).toEqual([
      ['Sprachcafé', 2, 'registered'],
      ['Nähcafé', 1, 'waitlisted'],
    ]);
    expect(data.roomBookings.map((b: any) => [b.title, b.requestedAs, b.contact.name])).toEqual([
      ['Gruppentreffen', 'group', null],
      ['Feier', 'public', 'Jörg Müller'],
    ]);
    expect(await erase('offices', account)).toEqual({ offerRegistrations: 2, waitingListPlaces: 1, bookingContacts: 2 });
    const regs = async (offerId: string) => (await db.selectFrom('offer_registrations').select(['name', 'email', 'status']).where('offer_id', '=', offerId).orderBy('created_at').execute()).map((r) => [r.name, r.email, r.status]);
    expect(await regs(offer.id)).toEqual([['', '', 'registered']]);
    // The waiting place is given up; the one behind it stays where it was (a freed seat is not what happened).
    expect(await regs(other.id)).toEqual([
      ['Erste', `erste-${seq}@example.test`, 'registered'],
      ['', '', 'cancelled'],
      ['Dritte', `dritte-${seq}@example.test`, 'waitlisted'],
    ]);
    const staffPage = await (await signedInClient(t, 'admin')).get(`/staff/offers/${offer.id}`);
    expect(await staffPage.text()).toContain('Anmeldung ohne Namen (Daten gelöscht)');
    expect(await (await t.client().get(`/offers/registration/${mine.token}`)).status).toBe(404);

    for (const id of [group.id, own.id]) {
      expect(await db.selectFrom('bookings').select(['status', 'contact_name', 'contact_email', 'contact_locale']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ status: 'requested', contact_name: null, contact_email: null, contact_locale: null });
    }
    const before = mails(t).length;
    expect((await confirmBooking(staff, own.id)).status).toBe('confirmed');
    expect(mails(t).length).toBe(before);
    expect(await exportOf('offices', account)).toEqual({ offerRegistrations: [], roomBookings: [] });
  });
});

describe('pages: accessibility feedback stays without name and address', () => {
  it('erases name, address and the wish for an answer; the queued confirmation is not sent; no answer can be sent; the other municipality keeps its own', async () => {
    const { ascii } = addresses('feedback');
    const other = forTenant(t.handle.db, t.other.id);
    const raw = (email: string) => ({ name: 'Jörg Müller', email, wantsAnswer: 'on', pageUrl: '/dialogues', description: 'Die Tabelle hat keine Überschriften.' });
    await drainJobs(t);
    // The form takes ASCII addresses only (as typed: here in capitals); the other municipality gets feedback from the same address.
    const f = await submitFeedback(ctxFor(t, null), raw(` ${ascii.toUpperCase()}`), 'de');
    await submitFeedback(ctxFor(t, null, t.other.id), raw(ascii), 'de');
    expect((await exportOf('pages', ascii)).accessibilityFeedback).toEqual([expect.objectContaining({ id: f.id, page: '/dialogues', name: 'Jörg Müller', wantsAnswer: true, status: 'new', answer: null })]);

    expect(await erase('pages', ascii)).toEqual({ accessibilityFeedback: 1 });
    const before = mailsTo(t, ascii).length;
    await drainJobs(t);
    // The confirmation queued here finds no address; the other municipality's sender gets theirs.
    expect(mailsTo(t, ascii).length - before).toBe(1);
    expect(await getFeedback(ctxFor(t, admin), f.id)).toMatchObject({ name: null, email: null, wantsAnswer: false, description: 'Die Tabelle hat keine Überschriften.', status: 'new' });
    await expect(updateFeedback(ctxFor(t, admin), f.id, { status: 'answered', answer: 'Danke, wir ändern das.', sendAnswer: 'on' })).rejects.toMatchObject({ status: 422 });
    expect((await exportOf('pages', ascii, other)).accessibilityFeedback).toEqual([expect.objectContaining({ name: 'Jörg Müller', wantsAnswer: true })]);
  });
});

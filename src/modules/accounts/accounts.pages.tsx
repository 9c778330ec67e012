/** @jsxImportSource hono/jsx */
/**
 * Public pages of residents' accounts (no JavaScript): /my-account (sign in, or my account), the sign-in link page,
 * profile and notification settings, follow/unfollow (for buttons on other modules' pages), "download my data"
 * (JSON file) and "delete my account" (confirmation step). Sign-in requests are limited per client address (rate
 * limit middleware) and per e-mail address (in the service); every form has a CSRF token and the sign-in form a
 * honeypot. Pages that need a resident redirect a visitor without one to /my-account.
 */
import { Hono, type Context } from 'hono';
import { linkBase } from '../../platform/auth/links';
import type { AppEnv } from '../../platform/http/context';
import { readForm, validate } from '../../platform/http/forms';
import { redirectWithNotice } from '../../platform/http/notice';
import { honeypot, HoneypotField, rateLimit } from '../../platform/http/rate-limit';
import { render } from '../../platform/http/render';
import { svc } from '../../platform/http/service-context';
import { emptyForm, type FormState } from '../../platform/ui/components';
import { listAreas } from '../territory';
import { deleteFormSchema, followFormSchema, notificationsFormSchema, profileFormSchema, signInFormSchema } from './accounts.schema';
import { accountFigures, ACTIVE_DAYS, deleteAccount, exportAccountData, follow, listFollows, requestSignIn, signInLinkValid, signInWithLink, signOut, SIGN_IN_MINUTES, unfollow, updateNotifications, updateProfile } from './accounts.service';
import { clearResidentCookie, currentResident, residentToken, setResidentCookie } from './accounts.session';
import type { Account } from './accounts.types';
import { AccountPage, DeletePage, LinkPage, SentPage, SignInPage } from './views/account';
import { AdminFiguresPage } from './views/admin';

type C = Context<AppEnv>;

/** Follow and unfollow posts per client address and hour. */
export const FOLLOWS_PER_HOUR = 60;

const LIMITS = {
  signIn: rateLimit({ bucket: 'accounts.signin', max: 10, windowSeconds: 3600 }),
  link: rateLimit({ bucket: 'accounts.link', max: 30, windowSeconds: 3600 }),
  /** Follow/unfollow: each one is an audited write. */
  follow: rateLimit({ bucket: 'accounts.follow', max: FOLLOWS_PER_HOUR, windowSeconds: 3600 }),
  /** Profile and notification settings. */
  settings: rateLimit({ bucket: 'accounts.settings', max: 30, windowSeconds: 3600 }),
  /** The export reads every module's part: not a thing to repeat in a loop. */
  export: rateLimit({ bucket: 'accounts.export', max: 10, windowSeconds: 3600 }),
  delete: rateLimit({ bucket: 'accounts.delete', max: 10, windowSeconds: 3600 }),
};

export const pages = new Hono<AppEnv>();

/** A local path to return to (never another origin). */
export function safeBack(v: unknown, fallback = '/my-account'): string {
  return typeof v === 'string' && /^\/(?![/\\])[^\s]*$/.test(v) && v.length <= 300 ? v : fallback;
}

async function requireResident(c: C): Promise<Account | null> {
  return currentResident(c);
}

function signInFirst(c: C) {
  return redirectWithNotice(c, '/my-account', 'accounts.notice.signInFirst', 'info');
}

async function renderSignIn(c: C, form: FormState, status: 200 | 422 = 200) {
  const t = c.var.t;
  const next = c.req.query('next') ?? (typeof form.values.next === 'string' ? form.values.next : undefined);
  return render(c, t('accounts.signIn.heading'), <SignInPage t={t} locale={c.var.locale} csrfToken={c.var.csrfToken} form={form} honeypot={<HoneypotField t={t} />} next={next ? safeBack(next, '') || null : null} />, { status });
}

async function renderAccount(c: C, account: Account, forms: { profile?: FormState; notify?: FormState } = {}, status: 200 | 422 = 200) {
  const t = c.var.t;
  const [follows, areas] = await Promise.all([listFollows(c.var.db, account.id), listAreas(c.var.db)]);
  const followed = new Set(follows.filter((f) => f.type === 'area').map((f) => f.id));
  return render(
    c,
    t('accounts.home.heading'),
    <AccountPage
      t={t}
      locale={c.var.locale}
      account={account}
      csrfToken={c.var.csrfToken}
      profileForm={forms.profile ?? emptyForm()}
      notifyForm={forms.notify ?? emptyForm()}
      follows={follows}
      areas={areas.map((a) => ({ id: a.id, name: a.name, following: followed.has(a.id) }))}
    />,
    { status },
  );
}

pages.get('/my-account', async (c) => {
  const account = await requireResident(c);
  return account ? renderAccount(c, account) : renderSignIn(c, emptyForm());
});

pages.post('/my-account/sign-in', LIMITS.signIn, honeypot(), async (c) => {
  const values = await readForm(c);
  const v = validate(signInFormSchema, values);
  if (!v.ok) return renderSignIn(c, { values, errors: v.errors }, 422);
  const base = await linkBase(c);
  await requestSignIn({ ...svc(c), mail: base ? { config: c.var.deps.config, linkBase: base } : null }, { email: v.data.email, locale: c.var.locale });
  const next = safeBack(values.next, '');
  return c.redirect(next ? `/my-account/sent?next=${encodeURIComponent(next)}` : '/my-account/sent', 303);
});

pages.get('/my-account/sent', (c) => {
  const t = c.var.t;
  return render(c, t('accounts.sent.heading'), <SentPage t={t} locale={c.var.locale} minutes={SIGN_IN_MINUTES} />);
});

/** The link from the mail shows a button: a link prefetched by a mail scanner must not sign anyone in. */
pages.get('/my-account/link/:token', async (c) => {
  const t = c.var.t;
  const valid = await signInLinkValid(c.var.db, c.req.param('token'));
  const next = c.req.query('next');
  return render(c, valid ? t('accounts.link.heading') : t('accounts.link.badHeading'), <LinkPage t={t} locale={c.var.locale} token={c.req.param('token')} valid={valid} csrfToken={c.var.csrfToken} next={next ? safeBack(next) : null} />, {
    status: valid ? 200 : 404,
  });
});

pages.post('/my-account/link/:token', LIMITS.link, async (c) => {
  const values = await readForm(c);
  const r = await signInWithLink(svc(c), c.req.param('token'), residentToken(c));
  if (!r) {
    const t = c.var.t;
    return render(c, t('accounts.link.badHeading'), <LinkPage t={t} locale={c.var.locale} token="" valid={false} csrfToken={c.var.csrfToken} next={null} />, { status: 404 });
  }
  setResidentCookie(c, r.sessionToken);
  return redirectWithNotice(c, safeBack(values.next), r.created ? 'accounts.notice.created' : 'accounts.notice.signedIn');
});

pages.post('/my-account/sign-out', async (c) => {
  const token = residentToken(c);
  if (token) await signOut(svc(c), token);
  clearResidentCookie(c);
  return redirectWithNotice(c, '/my-account', 'accounts.notice.signedOut', 'info');
});

pages.post('/my-account/profile', LIMITS.settings, async (c) => {
  const account = await requireResident(c);
  if (!account) return signInFirst(c);
  const values = await readForm(c);
  const v = validate(profileFormSchema, values);
  if (!v.ok) return renderAccount(c, account, { profile: { values, errors: v.errors } }, 422);
  await updateProfile(svc(c), account.id, { displayName: v.data.displayName ?? null, locale: v.data.locale ?? null });
  return redirectWithNotice(c, '/my-account#profile-title', 'accounts.notice.saved');
});

pages.post('/my-account/notifications', LIMITS.settings, async (c) => {
  const account = await requireResident(c);
  if (!account) return signInFirst(c);
  const values = await readForm(c);
  const v = validate(notificationsFormSchema, values);
  if (!v.ok) return renderAccount(c, account, { notify: { values, errors: v.errors } }, 422);
  await updateNotifications(svc(c), account.id, v.data);
  return redirectWithNotice(c, '/my-account#notifications', 'accounts.notice.notificationsSaved');
});

async function followAction(c: C, on: boolean) {
  const account = await requireResident(c);
  const values = await readForm(c);
  const back = safeBack(values.back);
  if (!account) return redirectWithNotice(c, `/my-account?next=${encodeURIComponent(back)}`, 'accounts.notice.signInFirst', 'info');
  const v = validate(followFormSchema, values);
  // An unknown type or id (or one of another municipality): a clear message, nothing stored.
  if (!v.ok) return redirectWithNotice(c, back, 'accounts.notice.followUnknown', 'warning');
  if (on) {
    if (!(await follow(svc(c), account.id, { type: v.data.type, id: v.data.id }))) return redirectWithNotice(c, back, 'accounts.notice.followUnknown', 'warning');
  } else await unfollow(svc(c), account.id, { type: v.data.type, id: v.data.id });
  return redirectWithNotice(c, back, on ? 'accounts.notice.followed' : 'accounts.notice.unfollowed');
}

pages.post('/my-account/follow', LIMITS.follow, (c) => followAction(c, true));
pages.post('/my-account/unfollow', LIMITS.follow, (c) => followAction(c, false));

pages.get('/my-account/export', LIMITS.export, async (c) => {
  const account = await requireResident(c);
  if (!account) return signInFirst(c);
  const data = await exportAccountData(svc(c), account.id);
  c.header('content-disposition', `attachment; filename="quartier-account-${new Date().toISOString().slice(0, 10)}.json"`);
  c.header('cache-control', 'no-store');
  return c.body(JSON.stringify(data, null, 2), 200, { 'content-type': 'application/json; charset=utf-8' });
});

async function renderDelete(c: C, form: FormState, status: 200 | 422 = 200) {
  const t = c.var.t;
  return render(c, t('accounts.delete.heading'), <DeletePage t={t} locale={c.var.locale} csrfToken={c.var.csrfToken} form={form} />, { status, crumbs: [[t('accounts.home.heading'), '/my-account'], [t('accounts.delete.heading')]] });
}

pages.get('/my-account/delete', async (c) => {
  if (!(await requireResident(c))) return signInFirst(c);
  return renderDelete(c, emptyForm());
});

pages.post('/my-account/delete', LIMITS.delete, async (c) => {
  const account = await requireResident(c);
  if (!account) return signInFirst(c);
  const values = await readForm(c);
  const v = validate(deleteFormSchema, values);
  if (!v.ok) return renderDelete(c, { values, errors: v.errors }, 422);
  await deleteAccount(svc(c), account.id);
  clearResidentCookie(c);
  return redirectWithNotice(c, '/my-account', 'accounts.notice.deleted');
});

/* ---------------------------------------------------------------- administration (staff session, admin only) */

/** Aggregated numbers about residents' accounts; the route policy and the service both ask for 'users.manage'. */
pages.get('/admin/accounts', async (c) => {
  const t = c.var.t;
  const figures = await accountFigures(svc(c));
  return render(c, t('accounts.admin.title'), <AdminFiguresPage t={t} locale={c.var.locale} figures={figures} activeDays={ACTIVE_DAYS} />, {
    crumbs: [[t('auth.nav.staff'), '/staff'], [t('accounts.admin.heading')]],
  });
});

/** @jsxImportSource hono/jsx */
/**
 * Pages: sign-in, sign-out, forgotten password, reset/invitation link, own account, password change, personal API
 * tokens and the staff start page. Routes stay thin: parse → service → render or redirect.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../http/context';
import { fieldErrorsFrom, readForm, validate, type FormValues } from '../http/forms';
import { rememberLocale, setLocale } from '../http/middleware';
import { redirectWithNotice, setNotice } from '../http/notice';
import { render } from '../http/render';
import { svc } from '../http/service-context';
import { areas } from '../directory';
import { isLocale, type Locale } from '../i18n';
import { visibleNav } from '../ui/layout';
import type { FormState } from '../ui/components';
import { changeOwnPassword, createOwnApiToken, listOwnApiTokens, revokeOwnApiToken, updateOwnAccount } from './account.service';
import { accountSchema, changePasswordSchema, forgotSchema, loginSchema, newPasswordSchema, tokenSchema } from './auth.schema';
import { login, logout, requestPasswordReset, resetPassword, userForPasswordToken, type AuthContext } from './auth.service';
import { clientIp } from './client-ip';
import { linkBase } from './links';
import { authDb, clearSessionCookie, setSessionCookie } from './session';
import { findUserById } from './users.queries';
import { AccountView, ForgotView, InvalidLinkView, LoginView, PasswordView, ResetView, StaffView, TokensView } from './views';

type C = Context<AppEnv>;

export const pages = new Hono<AppEnv>();

function authCtx(c: C): AuthContext {
  return { db: c.var.db, tenant: c.var.tenant, config: c.var.deps.config, requestId: c.var.requestId };
}

/** A same-site relative path to continue to after sign-in, or null. */
export function safeNext(next: string | null | undefined): string | null {
  if (!next || next.length > 2000) return null;
  if (!next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return null;
  if ([...next].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) return null;
  try {
    const u = new URL(next, 'http://q.invalid');
    if (u.origin !== 'http://q.invalid') return null;
    if (u.pathname === '/login' || u.pathname === '/logout') return null;
    return u.pathname + u.search + u.hash;
  } catch {
    return null;
  }
}

function noStore(c: C): void {
  c.header('Cache-Control', 'no-store');
}

function formState(values: FormValues, errors: FormState['errors']): FormState {
  return { values, errors };
}

async function areaNames(c: C): Promise<Map<string, string>> {
  const list = await areas().listAreas(c.var.db);
  return new Map(list.map((a) => [a.id, a.name]));
}


// ------------------------------------------------------------------------------------------------ sign-in / out

pages.get('/login', (c) => {
  const next = safeNext(c.req.query('next'));
  if (c.var.user) return c.redirect(next ?? '/staff', 303);
  noStore(c);
  return render(c, c.var.t('auth.login.title'), <LoginView t={c.var.t} csrf={c.var.csrfToken} next={next} />);
});

pages.post('/login', async (c) => {
  const t = c.var.t;
  const next = safeNext(c.req.query('next'));
  const values = await readForm(c);
  noStore(c);
  const shown = { email: values.email ?? '' };
  const v = validate(loginSchema, values);
  if (!v.ok) {
    return render(c, t('auth.login.title'), <LoginView t={t} csrf={c.var.csrfToken} next={next} form={formState(shown, v.errors)} />, { status: 422 });
  }
  const r = await login(authCtx(c), { email: v.data.email, password: v.data.password, ip: clientIp(c) }, c.var.sessionId);
  if (!r.ok && r.reason === 'throttled') {
    const minutes = Math.max(1, Math.ceil(r.retryAfterSeconds / 60));
    c.header('Retry-After', String(r.retryAfterSeconds));
    return render(
      c,
      t('auth.login.title'),
      <LoginView t={t} csrf={c.var.csrfToken} next={next} form={formState(shown, [])} message={{ kind: 'danger', text: t('auth.login.throttled', { minutes }) }} />,
      { status: 429 },
    );
  }
  if (!r.ok) {
    return render(
      c,
      t('auth.login.title'),
      <LoginView t={t} csrf={c.var.csrfToken} next={next} form={formState(shown, [{ field: 'email', key: 'auth.login.failed' }])} />,
      { status: 401 },
    );
  }
  setSessionCookie(c, r.sessionToken);
  const user = await findUserById(authDb(c), r.userId);
  if (user && isLocale(user.locale) && !isLocale(c.req.query('lang'))) setLocale(c, user.locale);
  setNotice(c, 'auth.login.welcome');
  return c.redirect(next ?? '/staff', 303);
});

pages.post('/logout', async (c) => {
  await logout(authCtx(c), c.var.sessionId);
  clearSessionCookie(c);
  return redirectWithNotice(c, '/', 'auth.logout.done', 'info');
});

// ------------------------------------------------------------------------------------------ forgotten password

pages.get('/password/forgot', (c) => {
  noStore(c);
  return render(c, c.var.t('auth.forgot.title'), <ForgotView t={c.var.t} csrf={c.var.csrfToken} />);
});

pages.post('/password/forgot', async (c) => {
  const t = c.var.t;
  const values = await readForm(c);
  const v = validate(forgotSchema, values);
  if (!v.ok) return render(c, t('auth.forgot.title'), <ForgotView t={t} csrf={c.var.csrfToken} form={formState(values, v.errors)} />, { status: 422 });
  // Same answer whether or not an account exists.
  const base = await linkBase(c);
  if (base) await requestPasswordReset(authCtx(c), v.data.email, base);
  else c.var.log.error({ code: 'public_url_missing' }, 'PUBLIC_URL is not set and the request host is not registered: no reset e-mail sent');
  return render(c, t('auth.forgot.title'), <ForgotView t={t} csrf={c.var.csrfToken} sent />);
});

pages.get('/password/reset/:token', async (c) => {
  const t = c.var.t;
  noStore(c);
  const found = await userForPasswordToken(authCtx(c), c.req.param('token'));
  if (!found) return render(c, t('auth.reset.invalidHeading'), <InvalidLinkView t={t} />, { status: 404 });
  return render(
    c,
    t('auth.reset.title'),
    <ResetView t={t} csrf={c.var.csrfToken} token={c.req.param('token')} email={found.user.email} purpose={found.purpose} />,
  );
});

pages.post('/password/reset/:token', async (c) => {
  const t = c.var.t;
  noStore(c);
  const token = c.req.param('token');
  const found = await userForPasswordToken(authCtx(c), token);
  if (!found) return render(c, t('auth.reset.invalidHeading'), <InvalidLinkView t={t} />, { status: 404 });
  const values = await readForm(c);
  const v = validate(newPasswordSchema({ email: found.user.email, displayName: found.user.displayName }), values);
  if (!v.ok) {
    return render(
      c,
      t('auth.reset.title'),
      <ResetView t={t} csrf={c.var.csrfToken} token={token} email={found.user.email} purpose={found.purpose} form={formState({}, v.errors)} />,
      { status: 422 },
    );
  }
  const ok = await resetPassword(authCtx(c), token, v.data.new_password);
  if (!ok) return render(c, t('auth.reset.invalidHeading'), <InvalidLinkView t={t} />, { status: 404 });
  return redirectWithNotice(c, '/login', found.purpose === 'invite' ? 'auth.reset.doneInvite' : 'auth.reset.done');
});

// ---------------------------------------------------------------------------------------------------- account

async function renderAccount(c: C, form?: FormState, status?: 422) {
  const me = c.var.user!;
  const user = await findUserById(authDb(c), me.id);
  return render(
    c,
    c.var.t('auth.account.title'),
    <AccountView
      t={c.var.t}
      csrf={c.var.csrfToken}
      form={form}
      email={me.email}
      organisation={me.organisation}
      assignments={me.assignments}
      areaNames={await areaNames(c)}
      values={{ display_name: me.displayName, locale: user?.locale ?? '' }}
    />,
    status ? { status } : {},
  );
}

pages.get('/account', (c) => renderAccount(c));

pages.post('/account', async (c) => {
  const values = await readForm(c);
  const v = validate(accountSchema, values);
  if (!v.ok) return renderAccount(c, formState(values, v.errors), 422);
  const locale: Locale | null = v.data.locale ?? null;
  await updateOwnAccount(svc(c), { displayName: v.data.display_name, locale });
  if (locale) {
    rememberLocale(c, locale);
    setLocale(c, locale);
  }
  return redirectWithNotice(c, '/account', 'auth.account.saved');
});

pages.get('/account/password', (c) => {
  noStore(c);
  return render(c, c.var.t('auth.password.title'), <PasswordView t={c.var.t} csrf={c.var.csrfToken} />);
});

pages.post('/account/password', async (c) => {
  const t = c.var.t;
  const me = c.var.user!;
  noStore(c);
  const values = await readForm(c);
  const v = validate(changePasswordSchema({ email: me.email, displayName: me.displayName }), values);
  const problems = v.ok
    ? await fieldErrorsFrom(() => changeOwnPassword(svc(c), c.var.sessionId, { currentPassword: v.data.current_password, newPassword: v.data.new_password }))
    : v.errors;
  if (problems) return render(c, t('auth.password.title'), <PasswordView t={t} csrf={c.var.csrfToken} form={formState({}, problems)} />, { status: 422 });
  return redirectWithNotice(c, '/account', 'auth.password.changed');
});

// ------------------------------------------------------------------------------------------------ API tokens

async function renderTokens(c: C, opts: { form?: FormState; created?: { name: string; token: string }; status?: 422 } = {}) {
  noStore(c);
  const tokens = await listOwnApiTokens(svc(c));
  return render(
    c,
    c.var.t('auth.tokens.title'),
    <TokensView t={c.var.t} csrf={c.var.csrfToken} locale={c.var.locale} tokens={tokens} form={opts.form} created={opts.created} />,
    opts.status ? { status: opts.status } : {},
  );
}

pages.get('/account/tokens', (c) => renderTokens(c));

pages.post('/account/tokens', async (c) => {
  const values = await readForm(c);
  const v = validate(tokenSchema, values);
  if (!v.ok) return renderTokens(c, { form: formState(values, v.errors), status: 422 });
  const created = await createOwnApiToken(svc(c), { name: v.data.name, expiresInDays: Number(v.data.expires_days) });
  // The token is shown this once, in this answer; it is not stored anywhere in clear.
  return renderTokens(c, { created: { name: v.data.name, token: created.token } });
});

pages.post('/account/tokens/:id/revoke', async (c) => {
  await revokeOwnApiToken(svc(c), c.req.param('id'));
  return redirectWithNotice(c, '/account/tokens', 'auth.tokens.revokedNotice');
});

// --------------------------------------------------------------------------------------------- staff start page

pages.get('/staff', async (c) => {
  const me = c.var.user!;
  const items = visibleNav(me).filter((n) => n.href !== '/staff');
  return render(c, c.var.t('auth.staff.title'), <StaffView t={c.var.t} name={me.displayName} items={items} assignments={me.assignments} areaNames={await areaNames(c)} />);
});

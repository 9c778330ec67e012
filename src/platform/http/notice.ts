/**
 * One-time notices after a redirect ("Gespeichert."): a short-lived cookie holding a catalog key, read and cleared
 * on the next page. No personal data goes into it.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from './context';

const NAME = 'q_notice';
type Kind = 'success' | 'info' | 'warning' | 'danger';

export function setNotice(c: Context<AppEnv>, key: string, kind: Kind = 'success'): void {
  setCookie(c, NAME, `${kind}:${key}`, { path: '/', httpOnly: true, sameSite: 'Lax', secure: c.var.deps.config.cookieSecure, maxAge: 60 });
}

export function getNotice(c: Context<AppEnv>): { kind: Kind; text: string } | null {
  const raw = getCookie(c, NAME);
  if (!raw) return null;
  deleteCookie(c, NAME, { path: '/' });
  const [kind, key] = raw.split(':', 2) as [Kind, string | undefined];
  if (!key || !['success', 'info', 'warning', 'danger'].includes(kind)) return null;
  return { kind, text: c.var.t(key) };
}

/** Redirect after a successful POST, with a notice. */
export function redirectWithNotice(c: Context<AppEnv>, to: string, key: string, kind: Kind = 'success') {
  setNotice(c, key, kind);
  return c.redirect(to, 303);
}

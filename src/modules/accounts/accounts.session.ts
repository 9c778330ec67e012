/**
 * The resident session cookie, separate from the staff session (`q_session`): a random token in an HttpOnly,
 * SameSite=Lax cookie (Secure outside development: config.cookieSecure), only its SHA-256 in the database.
 * A resident session never makes `c.var.user` (staff) — residents have no roles and never reach /staff.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../../platform/http/context';
import { accountForSession, SESSION_DAYS } from './accounts.service';
import type { Account } from './accounts.types';

export const RESIDENT_COOKIE = 'q_resident';

type C = Context<AppEnv>;

const cache = new WeakMap<Request, Promise<Account | null>>();

/** The signed-in resident of this request, or null (looked up once per request). */
export function currentResident(c: C): Promise<Account | null> {
  let p = cache.get(c.req.raw);
  if (!p) {
    const token = getCookie(c, RESIDENT_COOKIE);
    p = token ? accountForSession(c.var.db, token) : Promise.resolve(null);
    cache.set(c.req.raw, p);
  }
  return p;
}

export function setResidentCookie(c: C, token: string): void {
  setCookie(c, RESIDENT_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'Lax', secure: c.var.deps.config.cookieSecure, maxAge: SESSION_DAYS * 86_400 });
  cache.delete(c.req.raw);
}

export function clearResidentCookie(c: C): void {
  deleteCookie(c, RESIDENT_COOKIE, { path: '/', httpOnly: true, sameSite: 'Lax', secure: c.var.deps.config.cookieSecure });
  cache.delete(c.req.raw);
}

export function residentToken(c: C): string | undefined {
  return getCookie(c, RESIDENT_COOKIE);
}

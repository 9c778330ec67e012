/**
 * Session and CSRF middleware.
 *
 * Sessions: the browser holds a random token in an HttpOnly, SameSite=Lax cookie (Secure when config.cookieSecure);
 * the database holds only its SHA-256 hash as the session id. Expiry slides: each use (at most once a minute)
 * pushes expires_at to now + SESSION_TTL_HOURS. API requests (/api/…) may instead send
 * `Authorization: Bearer <token>` with a personal API token; such requests need no CSRF token.
 *
 * CSRF: every POST/PUT/PATCH/DELETE that is not bearer-authenticated must carry a token (form field `_csrf` or
 * header `x-csrf-token`). For a session the token is derived from the session's own secret; for anonymous visitors
 * (login, password reset forms) from a random value in a signed, HttpOnly anonymous cookie. An anonymous request to
 * the JSON API carries no credentials at all and is therefore not checked (nothing could be forged on someone's
 * behalf); once a session cookie is present, the API checks the header too.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, generateCookie, getCookie, setCookie } from 'hono/cookie';
import { errors } from '../errors';
import type { AppEnv } from '../http/context';
import { isApiPath } from '../http/guard';
import { LOCALE_COOKIE, setLocale } from '../http/middleware';
import { newToken } from '../ids';
import { isLocale } from '../i18n';
import { findUsableApiToken, touchApiToken } from './api-tokens.queries';
import { loadCurrentUser } from './current-user';
import { tenantSecret } from './secrets';
import { deleteSession, findSession, touchSession } from './sessions.queries';
import { hmac, safeEqual, sha256Hex } from './tokens';
import type { AuthDb } from './users.queries';

export const SESSION_COOKIE = 'q_session';
export const ANON_COOKIE = 'q_anon';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Paths that never use browser credentials: the Open311 GeoReport v2 API (/open311/…, module open311). Its
 * clients (apps, other city systems) send no cookies, and its one write (POST requests.{json,xml}) is
 * authenticated by the `api_key` form field, as the spec prescribes. On these paths no session is loaded (a
 * browser's session cookie grants nothing there) and no CSRF token is asked for: a forged cross-site form post
 * could do nothing that a visitor without a session cannot do already. Nothing else is exempt.
 */
const CREDENTIAL_FREE_PREFIXES = ['/open311/'] as const;

export function isCredentialFreePath(path: string): boolean {
  return CREDENTIAL_FREE_PREFIXES.some((p) => path.startsWith(p));
}
/** A session or token is written back at most this often (sliding expiry, last use). */
const TOUCH_INTERVAL_MS = 60_000;

type C = Context<AppEnv>;

export function authDb(c: C): AuthDb {
  return c.var.db as unknown as AuthDb;
}

export function setSessionCookie(c: C, token: string): void {
  const config = c.var.deps.config;
  setCookie(c, SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: config.cookieSecure,
    maxAge: config.SESSION_TTL_HOURS * 3600,
  });
}

export function clearSessionCookie(c: C): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Lax', secure: c.var.deps.config.cookieSecure });
}

/** The CSRF token of a session: derived from its secret, never the secret itself. */
export function sessionCsrfToken(csrfSecret: string): string {
  return hmac(csrfSecret, 'quartier-csrf');
}

function bearerToken(c: C): string | null {
  const h = c.req.header('authorization');
  if (!h) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1]! : '';
}

export function sessionMiddleware(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (isCredentialFreePath(c.req.path)) return next();
    const db = authDb(c);
    const now = new Date();

    if (isApiPath(c.req.path)) {
      const bearer = bearerToken(c);
      if (bearer !== null) {
        const row = bearer ? await findUsableApiToken(db, bearer, now.toISOString()) : undefined;
        const user = row ? await loadCurrentUser(db, row.userId) : null;
        if (!row || !user) throw errors.unauthenticated();
        c.set('user', user);
        c.set('authMethod', 'token');
        if (!row.lastUsedAt || now.getTime() - new Date(row.lastUsedAt).getTime() > TOUCH_INTERVAL_MS) await touchApiToken(db, row.id, now.toISOString());
        return next();
      }
    }

    const cookie = getCookie(c, SESSION_COOKIE);
    if (cookie) {
      const id = sha256Hex(cookie);
      const s = await findSession(db, id);
      const user = s && new Date(s.expiresAt).getTime() > now.getTime() ? await loadCurrentUser(db, s.userId) : null;
      if (!s || !user) {
        if (s) await deleteSession(db, id);
        clearSessionCookie(c);
      } else {
        c.set('user', user);
        c.set('sessionId', id);
        c.set('authMethod', 'session');
        c.set('csrfToken', sessionCsrfToken(s.csrfSecret));
        if (now.getTime() - new Date(s.lastSeenAt).getTime() > TOUCH_INTERVAL_MS) {
          await touchSession(db, id, c.var.deps.config.SESSION_TTL_HOURS, now);
          setSessionCookie(c, cookie);
        }
        // The user's saved language applies unless the visitor chose one explicitly (?lang= or the language switch).
        if (user.locale && !isLocale(c.req.query('lang')) && !isLocale(getCookie(c, LOCALE_COOKIE))) setLocale(c, user.locale);
      }
    }
    await next();
  };
}

async function submittedCsrfToken(c: C): Promise<string | null> {
  const header = c.req.header('x-csrf-token');
  if (header) return header;
  const type = c.req.header('content-type') ?? '';
  if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
    const body = await c.req.parseBody({ all: true });
    const v = body._csrf;
    const first = Array.isArray(v) ? v[0] : v;
    return typeof first === 'string' ? first : null;
  }
  return null;
}

function signAnon(secret: string, nonce: string): string {
  return `${nonce}.${hmac(secret, `anon-cookie:${nonce}`)}`;
}

function readAnon(secret: string, cookie: string | undefined): string | null {
  if (!cookie) return null;
  const i = cookie.indexOf('.');
  if (i <= 0) return null;
  const nonce = cookie.slice(0, i);
  return safeEqual(signAnon(secret, nonce), cookie) ? nonce : null;
}

export function csrfMiddleware(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.var.authMethod === 'token' || isCredentialFreePath(c.req.path)) return next();
    const unsafe = UNSAFE_METHODS.has(c.req.method);
    let expected: string;
    let newAnonCookie: string | null = null;
    if (c.var.sessionId) {
      expected = c.var.csrfToken;
    } else {
      if (isApiPath(c.req.path)) return next();
      if (!unsafe && c.req.path.startsWith('/static/')) return next();
      const secret = await tenantSecret(authDb(c), c.var.tenant.id, 'csrf');
      let nonce = readAnon(secret, getCookie(c, ANON_COOKIE));
      if (!nonce) {
        nonce = newToken(18);
        newAnonCookie = signAnon(secret, nonce);
      }
      expected = hmac(secret, `anon-csrf:${nonce}`);
      c.set('csrfToken', expected);
    }
    if (unsafe) {
      const submitted = await submittedCsrfToken(c);
      if (!submitted || !expected || !safeEqual(submitted, expected)) throw errors.csrf();
    }
    await next();
    if (newAnonCookie && (c.res.headers.get('content-type') ?? '').includes('text/html')) {
      const options = { path: '/', httpOnly: true, sameSite: 'Lax', secure: c.var.deps.config.cookieSecure } as const;
      // Added to the finished response's own headers: setCookie() after next() goes through c.header(), which rebuilds
      // the Response from its body stream and costs @hono/node-server its one-write fast path (ADR 0030). Responses
      // with immutable headers (Response.redirect) fall back to setCookie().
      try {
        c.res.headers.append('Set-Cookie', generateCookie(ANON_COOKIE, newAnonCookie, options));
      } catch {
        setCookie(c, ANON_COOKIE, newAnonCookie, options);
      }
    }
  };
}

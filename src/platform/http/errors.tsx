/** @jsxImportSource hono/jsx */
/**
 * One error handler: AppErrors, zod errors and database constraint errors become a friendly HTML page or an
 * RFC 9457 problem+json answer with a stable code. Nothing else reaches the user: no stack trace, no SQL.
 */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ZodError } from 'zod';
import { AppError, errors } from '../errors';
import { translator, DEFAULT_LOCALE } from '../i18n';
import type { AppEnv } from './context';
import { zodToFieldErrors } from './forms';
import { isApiPath } from './guard';
import { render } from './render';

function constraintError(err: unknown): AppError | null {
  const e = err as { code?: string };
  if (!e || typeof e.code !== 'string') return null;
  if (e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return errors.conflict('duplicate', 'An entry with these values already exists.');
  }
  if (e.code === '23503' || e.code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return errors.conflict('reference_conflict', 'The entry is still referenced or refers to something that does not exist.');
  }
  if (e.code === '23514' || e.code === 'SQLITE_CONSTRAINT_CHECK' || e.code === '23502' || e.code === 'SQLITE_CONSTRAINT_NOTNULL') {
    return new AppError(422, 'constraint_violation', 'The input breaks a rule of the data.');
  }
  return null;
}

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) return errors.validation(zodToFieldErrors(err));
  if (err instanceof HTTPException) {
    if (err.status === 413) return errors.payloadTooLarge();
    return new AppError(err.status, err.status === 400 ? 'bad_request' : `http_${err.status}`, err.message || 'Bad request.');
  }
  if (err instanceof SyntaxError) return new AppError(400, 'bad_request', 'The request body could not be read.');
  return constraintError(err) ?? new AppError(500, 'internal_error', 'Something went wrong on our side.');
}

const PAGE_KEYS: Record<number, string> = { 400: 'error.400', 401: 'error.401', 403: 'error.403', 404: 'error.404', 409: 'error.409', 413: 'error.413', 422: 'error.422', 429: 'error.429', 503: 'error.503' };

export function problem(c: Context<AppEnv>, e: AppError) {
  const body: Record<string, unknown> = {
    type: `urn:quartier:problem:${e.code}`,
    title: e.message,
    status: e.status,
    code: e.code,
    instance: new URL(c.req.url).pathname,
    requestId: c.var.requestId,
  };
  const t = c.var.t ?? translator(DEFAULT_LOCALE);
  if (e.details.fields) body.errors = e.details.fields.map((f) => ({ field: f.field, code: f.key, message: t(f.key, f.params) }));
  for (const [k, v] of Object.entries(e.details)) if (k !== 'fields') body[k] = v;
  if (e.status === 429 && typeof e.details.retryAfterSeconds === 'number') c.header('Retry-After', String(e.details.retryAfterSeconds));
  return c.body(JSON.stringify(body), e.status as 400, { 'Content-Type': 'application/problem+json; charset=utf-8' });
}

export const onError: ErrorHandler<AppEnv> = (err, c) => {
  const e = toAppError(err);
  if (e.status >= 500) c.var.log?.error({ err: { message: (err as Error)?.message, stack: (err as Error)?.stack, code: e.code } }, 'request failed');
  else c.var.log?.info({ code: e.code, status: e.status }, 'request refused');
  if (isApiPath(new URL(c.req.url).pathname) || !c.var.tenant || !c.var.t) {
    if (!c.var.tenant && !isApiPath(new URL(c.req.url).pathname)) {
      return c.text(e.status >= 500 ? 'Quartier: internal error' : e.message, e.status as 500);
    }
    return problem(c, e);
  }
  const t = c.var.t;
  const key = PAGE_KEYS[e.status] ?? 'error.500';
  if (e.status === 429 && typeof e.details.retryAfterSeconds === 'number') c.header('Retry-After', String(e.details.retryAfterSeconds));
  return render(
    c,
    t(`${key}.title`),
    <section class="q-error-page">
      <h1 class="kern-heading-large">{t(`${key}.title`)}</h1>
      <p class="kern-body">{t(`${key}.text`)}</p>
      {e.status === 403 && e.code === 'csrf_failed' && <p class="kern-body">{t('error.csrf')}</p>}
      <p class="kern-body kern-body--small">{t('error.reference', { id: c.var.requestId })}</p>
      <p>
        <a class="kern-link" href="/">
          {t('error.backHome')}
        </a>
      </p>
    </section>,
    { status: e.status as 404 },
  );
};

export const notFound: NotFoundHandler<AppEnv> = (c) => onError(errors.notFound('page'), c) as ReturnType<NotFoundHandler<AppEnv>>;

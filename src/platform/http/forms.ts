/**
 * Form and JSON input validation with zod, turning issues into field errors with catalog keys.
 * A schema may name its own message key (`z.string().min(1, { error: 'form.error.required' })`); otherwise the
 * issue code picks a generic key.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import { AppError, errors, type FieldError } from '../errors';
import { hasKey } from '../i18n';

export type FormValues = Record<string, string | string[]>;

/** Reads an urlencoded or multipart form; repeated fields become arrays. Drops the CSRF field. */
export async function readForm(c: Context): Promise<FormValues> {
  const body = await c.req.parseBody({ all: true });
  const out: FormValues = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === '_csrf') continue;
    if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
    else if (typeof v === 'string') out[k] = v;
  }
  return out;
}

export function zodToFieldErrors(err: z.ZodError): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const issue of err.issues) {
    const field = issue.path.map(String).join('.') || '_form';
    if (seen.has(field)) continue;
    seen.add(field);
    out.push({ field, ...issueKey(issue) });
  }
  return out;
}

function issueKey(issue: z.core.$ZodIssue): { key: string; params?: Record<string, string | number> } {
  if (issue.message && hasKey(issue.message)) return { key: issue.message };
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? { key: 'form.error.required' } : { key: 'form.error.tooShort', params: { min: Number(issue.minimum) } };
      if (issue.origin === 'array' || issue.origin === 'set') return { key: 'form.error.chooseAtLeast', params: { min: Number(issue.minimum) } };
      return { key: 'form.error.tooSmall', params: { min: Number(issue.minimum) } };
    case 'too_big':
      if (issue.origin === 'string') return { key: 'form.error.tooLong', params: { max: Number(issue.maximum) } };
      return { key: 'form.error.tooBig', params: { max: Number(issue.maximum) } };
    case 'invalid_format':
      if (issue.format === 'email') return { key: 'form.error.email' };
      if (issue.format === 'url') return { key: 'form.error.url' };
      if (issue.format === 'date') return { key: 'form.error.date' };
      return { key: 'form.error.format' };
    case 'invalid_type':
      if (issue.input === undefined || issue.input === '') return { key: 'form.error.required' };
      if (issue.expected === 'number') return { key: 'form.error.number' };
      return { key: 'form.error.invalid' };
    case 'invalid_value':
      return { key: 'form.error.choose' };
    default:
      return { key: 'form.error.invalid' };
  }
}

export type Validated<T> = { ok: true; data: T } | { ok: false; errors: FieldError[] };

export function validate<S extends z.ZodType>(schema: S, input: unknown): Validated<z.output<S>> {
  const r = schema.safeParse(input);
  return r.success ? { ok: true, data: r.data } : { ok: false, errors: zodToFieldErrors(r.error) };
}

/** Parses or throws a 422 AppError with field errors (for services and the API). */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = validate(schema, input);
  if (!r.ok) throw errors.validation(r.errors);
  return r.data;
}

/** zod helpers for HTML form fields. */
export const formFields = {
  /** Trimmed text; empty string becomes undefined (optional) — pair with .optional(). */
  optionalText: (max = 500) =>
    z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v), z.string().max(max).optional()),
  text: (max = 500) => z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string().min(1).max(max)),
  /** A list from repeated form fields (one value arrives as a string). */
  list: <T extends z.ZodType>(item: T) => z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(item)),
  checkbox: () => z.preprocess((v) => v === '1' || v === 'on' || v === 'true' || v === true, z.boolean()),
  optionalDate: () =>
    z.preprocess((v) => (v === '' || v === undefined ? undefined : v), z.iso.date().optional()),
};

/**
 * Runs a service call for a form post: a validation AppError (422 with field errors) becomes the field errors to
 * re-render the form with; success gives null; any other error propagates.
 */
export async function fieldErrorsFrom(fn: () => Promise<unknown>): Promise<FieldError[] | null> {
  try {
    await fn();
    return null;
  } catch (e) {
    if (e instanceof AppError && e.status === 422 && e.details.fields?.length) return e.details.fields;
    throw e;
  }
}

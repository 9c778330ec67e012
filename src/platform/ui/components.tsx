/** @jsxImportSource hono/jsx */
/**
 * Form and content components on KERN markup. Forms: an error summary at the top links to each field; each field
 * has a label, optional hint, and its error message tied with aria-describedby; values the user typed are kept.
 */
import type { Child } from 'hono/jsx';
import type { FieldError } from '../errors';
import type { Translate } from '../i18n';

export interface FormState {
  values: Record<string, unknown>;
  errors: FieldError[];
}

export const emptyForm = (values: Record<string, unknown> = {}): FormState => ({ values, errors: [] });

export function fieldId(name: string): string {
  return `f-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
}

function errorFor(form: FormState | undefined, name: string): FieldError | undefined {
  return form?.errors.find((e) => e.field === name);
}

function str(v: unknown): string {
  if (v === null || v === undefined) return '';
  return String(v);
}

export function ErrorSummary({ form, t }: { form?: FormState | undefined; t: Translate }) {
  if (!form || form.errors.length === 0) return null;
  return (
    <div class="kern-alert kern-alert--danger q-error-summary" role="alert" tabindex={-1} id="error-summary" aria-labelledby="error-summary-title">
      <div class="kern-alert__header">
        <span class="kern-icon kern-icon--danger" aria-hidden="true" />
        <h2 class="kern-title" id="error-summary-title">
          {t('form.errorSummary', { count: form.errors.length })}
        </h2>
      </div>
      <div class="kern-alert__body">
        <ul class="kern-list">
          {form.errors.map((e) => (
            <li>
              <a class="kern-link" href={`#${fieldId(e.field)}`}>
                {t(e.key, e.params)}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  t: Translate;
  form?: FormState | undefined;
  hint?: string;
  required?: boolean;
  type?: 'text' | 'email' | 'password' | 'number' | 'date' | 'url' | 'tel' | 'search' | 'datetime-local' | 'color';
  autocomplete?: string;
  value?: unknown;
  width?: 2 | 4;
  inputmode?: 'text' | 'email' | 'tel' | 'url' | 'numeric' | 'decimal' | 'search' | 'none';
  maxlength?: number;
}

function FieldShell(p: { name: string; label: string; hint?: string | undefined; required?: boolean | undefined; error?: FieldError | undefined; t: Translate; children: Child }) {
  const id = fieldId(p.name);
  return (
    <div class={`kern-form-input${p.error ? ' kern-form-input--error' : ''}`}>
      <label class="kern-label" for={id}>
        {p.label}
        {!p.required && <span class="kern-label__optional"> – {p.t('form.optional')}</span>}
      </label>
      {p.hint && (
        <div class="kern-hint" id={`${id}-hint`}>
          {p.hint}
        </div>
      )}
      {p.error && (
        <p class="kern-error" id={`${id}-error`} role="presentation">
          <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
          <span>{p.t(p.error.key, p.error.params)}</span>
        </p>
      )}
      {p.children}
    </div>
  );
}

function describedBy(name: string, hint: unknown, error: unknown): string | undefined {
  const id = fieldId(name);
  const parts = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return parts.length ? parts.join(' ') : undefined;
}

export function TextField(p: FieldProps) {
  const error = errorFor(p.form, p.name);
  const value = p.value !== undefined ? p.value : p.form?.values[p.name];
  const width = p.width ? ` kern-form-input__input--width-${p.width}` : '';
  return (
    <FieldShell name={p.name} label={p.label} hint={p.hint} required={p.required} error={error} t={p.t}>
      <input
        class={`kern-form-input__input${error ? ' kern-form-input__input--error' : ''}${width}`}
        id={fieldId(p.name)}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.type === 'password' ? '' : str(value)}
        required={p.required}
        autocomplete={p.autocomplete}
        inputmode={p.inputmode}
        maxlength={p.maxlength}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(p.name, p.hint, error)}
      />
    </FieldShell>
  );
}

export function TextArea(p: Omit<FieldProps, 'type'> & { rows?: number }) {
  const error = errorFor(p.form, p.name);
  const value = p.value !== undefined ? p.value : p.form?.values[p.name];
  return (
    <FieldShell name={p.name} label={p.label} hint={p.hint} required={p.required} error={error} t={p.t}>
      <textarea
        class={`kern-form-input__input${error ? ' kern-form-input__input--error' : ''}`}
        id={fieldId(p.name)}
        name={p.name}
        rows={p.rows ?? 5}
        required={p.required}
        maxlength={p.maxlength}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(p.name, p.hint, error)}
      >
        {str(value)}
      </textarea>
    </FieldShell>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField(p: Omit<FieldProps, 'type'> & { options: Option[]; placeholder?: string }) {
  const error = errorFor(p.form, p.name);
  const value = str(p.value !== undefined ? p.value : p.form?.values[p.name]);
  return (
    <FieldShell name={p.name} label={p.label} hint={p.hint} required={p.required} error={error} t={p.t}>
      <div class="kern-form-input__select-wrapper">
        <select
          class={`kern-form-input__select${error ? ' kern-form-input__select--error' : ''}`}
          id={fieldId(p.name)}
          name={p.name}
          required={p.required}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={describedBy(p.name, p.hint, error)}
        >
          {p.placeholder !== undefined && <option value="">{p.placeholder}</option>}
          {p.options.map((o) => (
            <option value={o.value} selected={o.value === value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
    </FieldShell>
  );
}

export interface ChoiceOption extends Option {
  hint?: string;
}

/** A group of checkboxes (multi-select) or radio buttons (one of) in a fieldset with legend, hint and error. */
function ChoiceGroup(p: {
  kind: 'checkbox' | 'radio';
  name: string;
  legend: string;
  t: Translate;
  form?: FormState | undefined;
  options: ChoiceOption[];
  selected?: string[];
  hint?: string;
  required?: boolean;
}) {
  const error = errorFor(p.form, p.name);
  const raw = p.selected ?? p.form?.values[p.name];
  const selected = new Set(Array.isArray(raw) ? raw.map(String) : raw !== undefined && raw !== null && raw !== '' ? [String(raw)] : []);
  const id = fieldId(p.name);
  return (
    <fieldset class={`kern-fieldset${error ? ' kern-fieldset--error' : ''}`} id={id} aria-describedby={describedBy(p.name, p.hint, error)}>
      <legend class="kern-label">
        {p.legend}
        {!p.required && <span class="kern-label__optional"> – {p.t('form.optional')}</span>}
      </legend>
      {p.hint && (
        <div class="kern-hint" id={`${id}-hint`}>
          {p.hint}
        </div>
      )}
      {error && (
        <p class="kern-error" id={`${id}-error`}>
          <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
          <span>{p.t(error.key, error.params)}</span>
        </p>
      )}
      <div class="kern-fieldset__body">
        {p.options.map((o, i) => (
          <div class="kern-form-check">
            <input
              class={`kern-form-check__${p.kind}`}
              type={p.kind}
              id={`${id}-${i}`}
              name={p.name}
              value={o.value}
              checked={selected.has(o.value)}
              aria-describedby={o.hint ? `${id}-${i}-hint` : undefined}
            />
            <label class="kern-label" for={`${id}-${i}`}>
              {o.label}
            </label>
            {o.hint && (
              <div class="kern-hint" id={`${id}-${i}-hint`}>
                {o.hint}
              </div>
            )}
          </div>
        ))}
      </div>
    </fieldset>
  );
}

type GroupProps = Omit<Parameters<typeof ChoiceGroup>[0], 'kind'>;

/** Checkboxes: the field arrives as a list (use formFields.list). */
export function CheckboxGroup(p: GroupProps) {
  return <ChoiceGroup kind="checkbox" {...p} />;
}

/** Radio buttons: one value. */
export function RadioGroup(p: GroupProps) {
  return <ChoiceGroup kind="radio" {...p} />;
}

export function Checkbox(p: { name: string; label: string; checked?: boolean; t: Translate; form?: FormState | undefined; hint?: string }) {
  const id = fieldId(p.name);
  const v = p.form?.values[p.name];
  const checked = p.checked ?? (v === true || v === 'on' || v === '1' || v === 'true');
  return (
    <div class="kern-form-check">
      <input class="kern-form-check__checkbox" type="checkbox" id={id} name={p.name} value="1" checked={checked} aria-describedby={p.hint ? `${id}-hint` : undefined} />
      <label class="kern-label" for={id}>
        {p.label}
      </label>
      {p.hint && (
        <div class="kern-hint" id={`${id}-hint`}>
          {p.hint}
        </div>
      )}
    </div>
  );
}

export function Form(p: { action: string; method?: 'post' | 'get'; csrfToken?: string; children: Child; id?: string; enctype?: 'multipart/form-data' | 'application/x-www-form-urlencoded'; class?: string }) {
  return (
    <form action={p.action} method={p.method ?? 'post'} novalidate id={p.id} enctype={p.enctype} class={`q-form ${p.class ?? ''}`}>
      {(p.method ?? 'post') === 'post' && <input type="hidden" name="_csrf" value={p.csrfToken ?? ''} />}
      {p.children}
    </form>
  );
}

export function SubmitButton(p: { label: string; variant?: 'primary' | 'secondary' | 'tertiary'; name?: string; value?: string }) {
  return (
    <button type="submit" class={`kern-btn kern-btn--${p.variant ?? 'primary'}`} name={p.name} value={p.value}>
      <span class="kern-label">{p.label}</span>
    </button>
  );
}

export function LinkButton(p: { href: string; label: string; variant?: 'primary' | 'secondary' | 'tertiary' }) {
  return (
    <a class={`kern-btn kern-btn--${p.variant ?? 'secondary'}`} href={p.href}>
      <span class="kern-label">{p.label}</span>
    </a>
  );
}

export function Alert(p: { kind: 'info' | 'success' | 'warning' | 'danger'; title?: string; children?: Child }) {
  return (
    <div class={`kern-alert kern-alert--${p.kind}`} role={p.kind === 'danger' ? 'alert' : 'status'}>
      {p.title && (
        <div class="kern-alert__header">
          <span class={`kern-icon kern-icon--${p.kind}`} aria-hidden="true" />
          <span class="kern-title">{p.title}</span>
        </div>
      )}
      <div class="kern-alert__body">{p.children}</div>
    </div>
  );
}

export interface Column<T> {
  header: string;
  cell: (row: T) => Child;
  numeric?: boolean;
}

export function Table<T>(p: { caption: string; columns: Column<T>[]; rows: T[]; empty: string; captionHidden?: boolean }) {
  if (p.rows.length === 0) return <p class="kern-body q-empty">{p.empty}</p>;
  return (
    <div class="kern-table-responsive" tabindex={0} role="region" aria-label={p.caption}>
      <table class="kern-table kern-table--striped">
        <caption class={p.captionHidden ? 'kern-sr-only' : 'kern-title'}>{p.caption}</caption>
        <thead class="kern-table__head">
          <tr>
            {p.columns.map((col) => (
              <th scope="col" class={`kern-table__header${col.numeric ? ' kern-table__header--numeric' : ''}`}>
                {col.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody class="kern-table__body">
          {p.rows.map((row) => (
            <tr>
              {p.columns.map((col) => (
                <td class={`kern-table__cell${col.numeric ? ' kern-table__cell--numeric' : ''}`}>{col.cell(row)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Pagination(p: { t: Translate; total: number; limit: number; offset: number; baseHref: string }) {
  if (p.total <= p.limit) return null;
  const sep = p.baseHref.includes('?') ? '&' : '?';
  const prev = p.offset > 0 ? Math.max(0, p.offset - p.limit) : null;
  const next = p.offset + p.limit < p.total ? p.offset + p.limit : null;
  return (
    <nav class="q-pagination" aria-label={p.t('layout.pagination')}>
      {prev !== null && <a class="kern-link" href={`${p.baseHref}${sep}offset=${prev}`}>{p.t('layout.previous')}</a>}
      <span class="kern-body">{p.t('layout.pageRange', { from: p.offset + 1, to: Math.min(p.total, p.offset + p.limit), total: p.total })}</span>
      {next !== null && <a class="kern-link" href={`${p.baseHref}${sep}offset=${next}`}>{p.t('layout.next')}</a>}
    </nav>
  );
}

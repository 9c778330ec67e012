/** @jsxImportSource hono/jsx */
/** Views of the user administration. */
import type { AreaSummary } from '../directory';
import { ROLES, type Role } from '../auth/policy';
import { USER_STATUSES, type UserStatus, type UserWithAssignments } from '../auth/users.queries';
import { formatDateTime, type Locale, type Translate } from '../i18n';
import { ErrorSummary, Form, LinkButton, Pagination, SelectField, SubmitButton, Table, TextField, fieldId, type FormState } from '../ui/components';

const STATUS_BADGE: Record<UserStatus, string> = { active: 'success', invited: 'info', disabled: 'danger' };

export function StatusBadge(p: { t: Translate; status: UserStatus }) {
  return (
    <span class={`kern-badge kern-badge--${STATUS_BADGE[p.status]}`}>
      <span class="kern-label kern-label--small">{p.t(`admin.users.status.${p.status}`)}</span>
    </span>
  );
}

function roleSummary(t: Translate, u: UserWithAssignments, areaNames: Map<string, string>): string {
  return u.assignments
    .map((a) => {
      const scope = a.role === 'admin' || a.allAreas ? t('auth.roles.allAreas') : a.areaIds.map((id) => areaNames.get(id) ?? id).join(', ');
      return `${t(`auth.role.${a.role}`)} (${scope})`;
    })
    .join('; ');
}

export interface UserListFilter {
  q: string;
  role: string;
  status: string;
}

export function UserListView(p: {
  t: Translate;
  locale: Locale;
  users: UserWithAssignments[];
  total: number;
  offset: number;
  limit: number;
  filter: UserListFilter;
  areaNames: Map<string, string>;
}) {
  const { t, locale } = p;
  const params = new URLSearchParams();
  if (p.filter.q) params.set('q', p.filter.q);
  if (p.filter.role) params.set('role', p.filter.role);
  if (p.filter.status) params.set('status', p.filter.status);
  const base = `/admin/users${params.size ? `?${params.toString()}` : ''}`;
  const values = { ...p.filter };
  return (
    <section class="q-stack">
      <div class="q-heading-row">
        <h1 class="kern-heading-large">{t('admin.users.heading')}</h1>
        <LinkButton href="/admin/users/new" label={t('admin.users.invite')} variant="primary" />
      </div>
      <form method="get" action="/admin/users" class="q-filter" role="search" aria-label={t('admin.users.filter')}>
        <TextField name="q" type="search" label={t('admin.users.search')} t={t} form={{ values, errors: [] }} />
        <SelectField
          name="role"
          label={t('admin.users.role')}
          t={t}
          form={{ values, errors: [] }}
          placeholder={t('admin.users.anyRole')}
          options={ROLES.map((r) => ({ value: r, label: t(`auth.role.${r}`) }))}
        />
        <SelectField
          name="status"
          label={t('admin.users.statusLabel')}
          t={t}
          form={{ values, errors: [] }}
          placeholder={t('admin.users.anyStatus')}
          options={USER_STATUSES.map((s) => ({ value: s, label: t(`admin.users.status.${s}`) }))}
        />
        <div class="q-actions">
          <SubmitButton label={t('admin.users.applyFilter')} variant="secondary" />
          <a class="kern-link" href="/admin/users">
            {t('admin.users.resetFilter')}
          </a>
        </div>
      </form>
      <p class="kern-body" role="status">
        {t('admin.users.count', { count: p.total })}
      </p>
      <Table
        caption={t('admin.users.caption')}
        captionHidden
        empty={t('admin.users.none')}
        rows={p.users}
        columns={[
          {
            header: t('admin.users.name'),
            cell: (u) => (
              <a class="kern-link" href={`/admin/users/${encodeURIComponent(u.id)}`}>
                {u.displayName}
              </a>
            ),
          },
          { header: t('auth.field.email'), cell: (u) => u.email },
          { header: t('auth.field.organisation'), cell: (u) => u.organisation ?? '–' },
          { header: t('admin.users.roles'), cell: (u) => roleSummary(t, u, p.areaNames) || '–' },
          { header: t('admin.users.statusLabel'), cell: (u) => <StatusBadge t={t} status={u.status} /> },
          { header: t('admin.users.lastLogin'), cell: (u) => (u.lastLoginAt ? formatDateTime(locale, u.lastLoginAt) : t('auth.tokens.never')) },
        ]}
      />
      <Pagination t={t} total={p.total} limit={p.limit} offset={p.offset} baseHref={base} />
    </section>
  );
}

/** The role fieldset: one block per role with its scope (all areas / chosen areas) and, for department staff, the department. */
export function RoleFields(p: { t: Translate; form: FormState; areas: AreaSummary[] }) {
  const { t, form } = p;
  const raw = form.values.roles;
  const selected = new Set(Array.isArray(raw) ? raw.map(String) : raw ? [String(raw)] : []);
  const rolesError = form.errors.find((e) => e.field === 'roles');
  return (
    <fieldset class={`kern-fieldset q-roles${rolesError ? ' kern-fieldset--error' : ''}`} id={fieldId('roles')} aria-describedby={rolesError ? `${fieldId('roles')}-error` : undefined}>
      <legend class="kern-label">{t('admin.users.roles')}</legend>
      <div class="kern-hint">{t('admin.users.rolesHint')}</div>
      {rolesError && (
        <p class="kern-error" id={`${fieldId('roles')}-error`}>
          <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
          <span>{t(rolesError.key, rolesError.params)}</span>
        </p>
      )}
      <div class="kern-fieldset__body">
        {ROLES.map((role) => (
          <RoleBlock t={t} form={form} role={role} checked={selected.has(role)} areas={p.areas} />
        ))}
      </div>
    </fieldset>
  );
}

function RoleBlock(p: { t: Translate; form: FormState; role: Role; checked: boolean; areas: AreaSummary[] }) {
  const { t, form, role } = p;
  const id = fieldId(`role_${role}`);
  const areasName = `areas_${role}`;
  const areasError = form.errors.find((e) => e.field === areasName);
  const scope = form.values[`scope_${role}`] === 'areas' ? 'areas' : 'all';
  const rawAreas = form.values[areasName];
  const chosen = new Set(Array.isArray(rawAreas) ? rawAreas.map(String) : rawAreas ? [String(rawAreas)] : []);
  return (
    <div class="q-role">
      <div class="kern-form-check">
        <input class="kern-form-check__checkbox" type="checkbox" id={id} name="roles" value={role} checked={p.checked} aria-describedby={`${id}-hint`} />
        <label class="kern-label" for={id}>
          {t(`auth.role.${role}`)}
        </label>
        <div class="kern-hint" id={`${id}-hint`}>
          {t(`admin.users.roleHint.${role}`)}
        </div>
      </div>
      {role === 'admin' ? null : (
        <fieldset
          class={`kern-fieldset q-role__scope${areasError ? ' kern-fieldset--error' : ''}`}
          id={fieldId(areasName)}
          aria-describedby={areasError ? `${fieldId(areasName)}-error` : undefined}
        >
          <legend class="kern-label">{t('admin.users.scopeFor', { role: t(`auth.role.${role}`) })}</legend>
          {areasError && (
            <p class="kern-error" id={`${fieldId(areasName)}-error`}>
              <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
              <span>{t(areasError.key, areasError.params)}</span>
            </p>
          )}
          <div class="kern-fieldset__body">
            <div class="kern-form-check">
              <input class="kern-form-check__radio" type="radio" id={`${id}-all`} name={`scope_${role}`} value="all" checked={scope === 'all'} />
              <label class="kern-label" for={`${id}-all`}>
                {t('admin.users.scopeAll')}
              </label>
            </div>
            <div class="kern-form-check">
              <input class="kern-form-check__radio" type="radio" id={`${id}-areas`} name={`scope_${role}`} value="areas" checked={scope === 'areas'} />
              <label class="kern-label" for={`${id}-areas`}>
                {t('admin.users.scopeAreas')}
              </label>
            </div>
            {p.areas.length === 0 ? (
              <p class="kern-body kern-body--small q-empty">{t('admin.users.noAreasYet')}</p>
            ) : (
              <ul class="q-area-choice">
                {p.areas.map((a, i) => (
                  <li class="kern-form-check">
                    <input class="kern-form-check__checkbox" type="checkbox" id={`${id}-area-${i}`} name={areasName} value={a.id} checked={chosen.has(a.id)} />
                    <label class="kern-label" for={`${id}-area-${i}`}>
                      {a.name}
                    </label>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </fieldset>
      )}
      {role === 'department_staff' && (
        <TextField name="department" label={t('admin.users.department')} hint={t('admin.users.departmentHint')} maxlength={200} t={t} form={form} />
      )}
    </div>
  );
}

export function InviteView(p: { t: Translate; csrf: string; form: FormState; areas: AreaSummary[] }) {
  const { t, form } = p;
  return (
    <section class="q-stack">
      <h1 class="kern-heading-large">{t('admin.users.inviteHeading')}</h1>
      <p class="kern-body">{t('admin.users.inviteIntro')}</p>
      <ErrorSummary form={form} t={t} />
      <Form action="/admin/users/new" csrfToken={p.csrf}>
        <TextField name="display_name" label={t('auth.field.displayName')} autocomplete="off" required maxlength={200} t={t} form={form} />
        <TextField name="email" type="email" label={t('auth.field.email')} autocomplete="off" inputmode="email" required maxlength={320} t={t} form={form} />
        <TextField name="organisation" label={t('auth.field.organisation')} hint={t('admin.users.organisationHint')} maxlength={200} t={t} form={form} />
        <RoleFields t={t} form={form} areas={p.areas} />
        <div class="q-actions">
          <SubmitButton label={t('admin.users.inviteSubmit')} />
          <a class="kern-link" href="/admin/users">
            {t('admin.cancel')}
          </a>
        </div>
      </Form>
    </section>
  );
}

export function EditView(p: { t: Translate; locale: Locale; csrf: string; form: FormState; areas: AreaSummary[]; user: UserWithAssignments; self: boolean; canReadAudit: boolean }) {
  const { t, form, user, locale } = p;
  return (
    <section class="q-stack">
      <h1 class="kern-heading-large">{t('admin.users.editHeading', { name: user.displayName })}</h1>
      <dl class="kern-description-list">
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{t('auth.field.email')}</dt>
          <dd class="kern-description-list-item__value">{user.email}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{t('admin.users.statusLabel')}</dt>
          <dd class="kern-description-list-item__value">
            <StatusBadge t={t} status={user.status} />
          </dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{t('admin.users.createdAt')}</dt>
          <dd class="kern-description-list-item__value">{formatDateTime(locale, user.createdAt)}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{t('admin.users.lastLogin')}</dt>
          <dd class="kern-description-list-item__value">{user.lastLoginAt ? formatDateTime(locale, user.lastLoginAt) : t('auth.tokens.never')}</dd>
        </div>
      </dl>
      {user.status === 'invited' && (
        <Form action={`/admin/users/${encodeURIComponent(user.id)}/invitation`} csrfToken={p.csrf} class="q-form--inline">
          <p class="kern-body">{t('admin.users.invitedText')}</p>
          <SubmitButton label={t('admin.users.resendInvite')} variant="secondary" />
        </Form>
      )}
      {p.canReadAudit && (
        <p>
          <a class="kern-link" href={`/admin/audit?entity_type=user&entity_id=${encodeURIComponent(user.id)}`}>
            {t('admin.users.history')}
          </a>
        </p>
      )}
      <h2 class="kern-heading-medium">{t('admin.users.editForm')}</h2>
      <ErrorSummary form={form} t={t} />
      <Form action={`/admin/users/${encodeURIComponent(user.id)}`} csrfToken={p.csrf}>
        <TextField name="display_name" label={t('auth.field.displayName')} autocomplete="off" required maxlength={200} t={t} form={form} />
        <TextField name="organisation" label={t('auth.field.organisation')} hint={t('admin.users.organisationHint')} maxlength={200} t={t} form={form} />
        <SelectField
          name="status"
          label={t('admin.users.statusLabel')}
          hint={t(p.self ? 'admin.users.statusHintSelf' : 'admin.users.statusHint')}
          required
          t={t}
          form={form}
          options={[
            { value: 'active', label: t(user.status === 'invited' ? 'admin.users.status.invited' : 'admin.users.status.active') },
            { value: 'disabled', label: t('admin.users.status.disabled') },
          ]}
        />
        <RoleFields t={t} form={form} areas={p.areas} />
        <div class="q-actions">
          <SubmitButton label={t('auth.save')} />
          <a class="kern-link" href="/admin/users">
            {t('admin.cancel')}
          </a>
        </div>
      </Form>
    </section>
  );
}

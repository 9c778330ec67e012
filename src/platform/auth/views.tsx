/** @jsxImportSource hono/jsx */
/** Views of the sign-in, password and account pages. */
import type { Child } from 'hono/jsx';
import { Alert, ErrorSummary, Form, LinkButton, SelectField, SubmitButton, Table, TextField, type FormState } from '../ui/components';
import { LOCALES, LOCALE_NAMES, formatDateTime, type Locale, type Translate } from '../i18n';
import type { NavItem } from '../ui/layout';
import type { ApiTokenRow } from './api-tokens.queries';
import { TOKEN_LIFETIMES } from './auth.schema';
import { PASSWORD_MIN_LENGTH } from './passwords';
import type { Assignment } from './policy';
import { hasKey } from '../i18n';

interface Base {
  t: Translate;
  csrf: string;
  form?: FormState | undefined;
}

export function LoginView(p: Base & { next: string | null; message?: { kind: 'danger' | 'warning'; text: string } | undefined }) {
  const { t } = p;
  const action = p.next ? `/login?next=${encodeURIComponent(p.next)}` : '/login';
  return (
    <section class="q-stack q-narrow">
      <h1 class="kern-heading-large">{t('auth.login.heading')}</h1>
      <p class="kern-body">{t('auth.login.intro')}</p>
      <ErrorSummary form={p.form} t={t} />
      {p.message && <Alert kind={p.message.kind}>{<p class="kern-body">{p.message.text}</p>}</Alert>}
      <Form action={action} csrfToken={p.csrf}>
        <TextField name="email" type="email" label={t('auth.field.email')} autocomplete="username" inputmode="email" required t={t} form={p.form} />
        <TextField name="password" type="password" label={t('auth.field.password')} autocomplete="current-password" required t={t} form={p.form} />
        <div class="q-actions">
          <SubmitButton label={t('auth.login.submit')} />
          <a class="kern-link" href="/password/forgot">
            {t('auth.login.forgot')}
          </a>
        </div>
      </Form>
    </section>
  );
}

export function ForgotView(p: Base & { sent?: boolean }) {
  const { t } = p;
  return (
    <section class="q-stack q-narrow">
      <h1 class="kern-heading-large">{t('auth.forgot.heading')}</h1>
      {p.sent ? (
        <Alert kind="success" title={t('auth.forgot.sentTitle')}>
          <p class="kern-body">{t('auth.forgot.sentText')}</p>
        </Alert>
      ) : (
        <>
          <p class="kern-body">{t('auth.forgot.intro')}</p>
          <ErrorSummary form={p.form} t={t} />
          <Form action="/password/forgot" csrfToken={p.csrf}>
            <TextField name="email" type="email" label={t('auth.field.email')} autocomplete="email" inputmode="email" required t={t} form={p.form} />
            <SubmitButton label={t('auth.forgot.submit')} />
          </Form>
        </>
      )}
      <p>
        <a class="kern-link" href="/login">
          {t('auth.backToLogin')}
        </a>
      </p>
    </section>
  );
}

function NewPasswordFields(p: { t: Translate; form?: FormState | undefined }) {
  return (
    <>
      <TextField
        name="new_password"
        type="password"
        label={p.t('auth.field.newPassword')}
        hint={p.t('auth.password.rules', { min: PASSWORD_MIN_LENGTH })}
        autocomplete="new-password"
        required
        t={p.t}
        form={p.form}
      />
      <TextField name="new_password_confirm" type="password" label={p.t('auth.field.newPasswordConfirm')} autocomplete="new-password" required t={p.t} form={p.form} />
    </>
  );
}

export function ResetView(p: Base & { token: string; email: string; purpose: 'reset' | 'invite' }) {
  const { t } = p;
  return (
    <section class="q-stack q-narrow">
      <h1 class="kern-heading-large">{t(p.purpose === 'invite' ? 'auth.reset.headingInvite' : 'auth.reset.heading')}</h1>
      <p class="kern-body">{t('auth.reset.intro', { email: p.email })}</p>
      <ErrorSummary form={p.form} t={t} />
      <Form action={`/password/reset/${encodeURIComponent(p.token)}`} csrfToken={p.csrf}>
        <NewPasswordFields t={t} form={p.form} />
        <SubmitButton label={t('auth.reset.submit')} />
      </Form>
    </section>
  );
}

export function InvalidLinkView(p: { t: Translate }) {
  const { t } = p;
  return (
    <section class="q-stack q-narrow">
      <h1 class="kern-heading-large">{t('auth.reset.invalidHeading')}</h1>
      <p class="kern-body">{t('auth.reset.invalidText')}</p>
      <p>
        <LinkButton href="/password/forgot" label={t('auth.reset.requestNew')} variant="primary" />
      </p>
    </section>
  );
}

function AccountNav(p: { t: Translate; current: 'account' | 'password' | 'tokens' }) {
  const items: [string, string, typeof p.current][] = [
    ['/account', 'auth.account.navProfile', 'account'],
    ['/account/password', 'auth.account.navPassword', 'password'],
    ['/account/tokens', 'auth.account.navTokens', 'tokens'],
  ];
  return (
    <nav class="q-subnav" aria-label={p.t('auth.account.nav')}>
      <ul>
        {items.map(([href, key, id]) => (
          <li>
            <a href={href} class="kern-link" aria-current={id === p.current ? 'page' : undefined}>
              {p.t(key)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function RoleList(p: { t: Translate; assignments: readonly Assignment[]; areaNames: Map<string, string> }) {
  const { t } = p;
  if (p.assignments.length === 0) return <p class="kern-body q-empty">{t('auth.roles.none')}</p>;
  return (
    <ul class="kern-list">
      {p.assignments.map((a) => (
        <li>
          <strong>{t(`auth.role.${a.role}`)}</strong>
          {' – '}
          {a.role === 'admin' || a.allAreas ? t('auth.roles.allAreas') : a.areaIds.map((id) => p.areaNames.get(id) ?? id).sort((x, y) => x.localeCompare(y, 'de')).join(', ')}
          {a.department ? ` (${a.department})` : ''}
        </li>
      ))}
    </ul>
  );
}

export function AccountView(
  p: Base & { email: string; organisation: string | null; assignments: readonly Assignment[]; areaNames: Map<string, string>; values: { display_name: string; locale: string } },
) {
  const { t } = p;
  const form = p.form ?? { values: p.values, errors: [] };
  return (
    <section class="q-stack">
      <h1 class="kern-heading-large">{t('auth.account.heading')}</h1>
      <AccountNav t={t} current="account" />
      <dl class="kern-description-list">
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{t('auth.field.email')}</dt>
          <dd class="kern-description-list-item__value">{p.email}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{t('auth.field.organisation')}</dt>
          <dd class="kern-description-list-item__value">{p.organisation ?? '–'}</dd>
        </div>
      </dl>
      <h2 class="kern-heading-medium">{t('auth.account.roles')}</h2>
      <RoleList t={t} assignments={p.assignments} areaNames={p.areaNames} />
      <h2 class="kern-heading-medium">{t('auth.account.profile')}</h2>
      <ErrorSummary form={p.form} t={t} />
      <Form action="/account" csrfToken={p.csrf}>
        <TextField name="display_name" label={t('auth.field.displayName')} autocomplete="name" required maxlength={200} t={t} form={form} />
        <SelectField
          name="locale"
          label={t('auth.field.locale')}
          hint={t('auth.field.localeHint')}
          t={t}
          form={form}
          options={[
            { value: '', label: t('auth.locale.auto') },
            ...LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] })),
          ]}
        />
        <SubmitButton label={t('auth.save')} />
      </Form>
    </section>
  );
}

export function PasswordView(p: Base) {
  const { t } = p;
  return (
    <section class="q-stack">
      <h1 class="kern-heading-large">{t('auth.password.heading')}</h1>
      <AccountNav t={t} current="password" />
      <p class="kern-body">{t('auth.password.intro')}</p>
      <ErrorSummary form={p.form} t={t} />
      <Form action="/account/password" csrfToken={p.csrf}>
        <TextField name="current_password" type="password" label={t('auth.field.currentPassword')} autocomplete="current-password" required t={t} form={p.form} />
        <NewPasswordFields t={t} form={p.form} />
        <SubmitButton label={t('auth.password.submit')} />
      </Form>
    </section>
  );
}

function tokenState(t: Translate, tok: ApiTokenRow): Child {
  if (tok.revokedAt) return <span class="kern-badge kern-badge--danger"><span class="kern-label kern-label--small">{t('auth.tokens.revoked')}</span></span>;
  if (tok.expiresAt && new Date(tok.expiresAt).getTime() <= Date.now())
    return <span class="kern-badge kern-badge--warning"><span class="kern-label kern-label--small">{t('auth.tokens.expired')}</span></span>;
  return <span class="kern-badge kern-badge--success"><span class="kern-label kern-label--small">{t('auth.tokens.active')}</span></span>;
}

export function TokensView(p: Base & { locale: Locale; tokens: ApiTokenRow[]; created?: { name: string; token: string } | undefined }) {
  const { t, locale } = p;
  const form = p.form ?? { values: { expires_days: '90' }, errors: [] };
  return (
    <section class="q-stack">
      <h1 class="kern-heading-large">{t('auth.tokens.heading')}</h1>
      <AccountNav t={t} current="tokens" />
      <p class="kern-body">{t('auth.tokens.intro')}</p>
      {p.created && (
        <Alert kind="success" title={t('auth.tokens.createdTitle', { name: p.created.name })}>
          <p class="kern-body">{t('auth.tokens.createdText')}</p>
          <p class="q-token" id="new-token">
            {p.created.token}
          </p>
          <p class="kern-body kern-body--small">{t('auth.tokens.usage')}</p>
        </Alert>
      )}
      <Table
        caption={t('auth.tokens.listCaption')}
        empty={t('auth.tokens.none')}
        rows={p.tokens}
        columns={[
          { header: t('auth.tokens.name'), cell: (r) => r.name },
          { header: t('auth.tokens.prefix'), cell: (r) => <code class="q-code">{`${r.prefix}…`}</code> },
          { header: t('auth.tokens.createdAt'), cell: (r) => formatDateTime(locale, r.createdAt) },
          { header: t('auth.tokens.lastUsed'), cell: (r) => (r.lastUsedAt ? formatDateTime(locale, r.lastUsedAt) : t('auth.tokens.never')) },
          { header: t('auth.tokens.expiresAt'), cell: (r) => (r.expiresAt ? formatDateTime(locale, r.expiresAt) : '–') },
          { header: t('auth.tokens.state'), cell: (r) => tokenState(t, r) },
          {
            header: t('auth.tokens.actions'),
            cell: (r) =>
              r.revokedAt ? (
                ''
              ) : (
                <Form action={`/account/tokens/${encodeURIComponent(r.id)}/revoke`} csrfToken={p.csrf} class="q-inline-form">
                  <button type="submit" class="kern-btn kern-btn--secondary kern-btn--small" aria-label={t('auth.tokens.revokeNamed', { name: r.name })}>
                    <span class="kern-label">{t('auth.tokens.revoke')}</span>
                  </button>
                </Form>
              ),
          },
        ]}
      />
      <h2 class="kern-heading-medium">{t('auth.tokens.createHeading')}</h2>
      <ErrorSummary form={p.form} t={t} />
      <Form action="/account/tokens" csrfToken={p.csrf}>
        <TextField name="name" label={t('auth.tokens.name')} hint={t('auth.tokens.nameHint')} required maxlength={100} t={t} form={form} />
        <SelectField
          name="expires_days"
          label={t('auth.tokens.lifetime')}
          required
          t={t}
          form={form}
          options={TOKEN_LIFETIMES.map((d) => ({ value: d, label: t('auth.tokens.days', { days: Number(d) }) }))}
        />
        <SubmitButton label={t('auth.tokens.create')} />
      </Form>
    </section>
  );
}

export function StaffView(p: { t: Translate; name: string; items: NavItem[]; assignments: readonly Assignment[]; areaNames: Map<string, string> }) {
  const { t } = p;
  return (
    <section class="q-stack">
      <h1 class="kern-heading-large">{t('auth.staff.heading', { name: p.name })}</h1>
      <p class="kern-body">{t('auth.staff.intro')}</p>
      {p.items.length === 0 ? (
        <p class="kern-body q-empty">{t('auth.staff.nothing')}</p>
      ) : (
        <ul class="q-grid q-cards">
          {p.items.map((n) => (
            <li class="kern-card">
              <div class="kern-card__container">
                <div class="kern-card__header">
                  <h2 class="kern-title">
                    <a class="kern-link" href={n.href}>
                      {t(n.labelKey)}
                    </a>
                  </h2>
                </div>
                {hasKey(`${n.labelKey}.hint`) && (
                  <div class="kern-card__body">
                    <p class="kern-body">{t(`${n.labelKey}.hint`)}</p>
                  </div>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      <h2 class="kern-heading-medium">{t('auth.staff.yourRoles')}</h2>
      <RoleList t={t} assignments={p.assignments} areaNames={p.areaNames} />
      <p>
        <a class="kern-link" href="/account">
          {t('auth.staff.account')}
        </a>
      </p>
    </section>
  );
}

/** @jsxImportSource hono/jsx */
/**
 * Views of the accounts module: sign-in (one form; the account is made by the link), the link page (a button, so
 * that a mail scanner opening the link signs no one in), "my account" (profile, notification settings, follows,
 * areas to follow, my data), the deletion confirmation, and the FollowButton other modules put on their pages.
 * Plain forms, no JavaScript.
 */
import type { Child } from 'hono/jsx';
import { formatDate, LOCALE_NAMES, LOCALES, type Locale, type Translate } from '../../../platform/i18n';
import { Checkbox, ErrorSummary, Form, RadioGroup, SelectField, SubmitButton, TextField, type FormState } from '../../../platform/ui/components';
import type { FollowTarget, TargetInfo } from '../accounts.registry';
import { SIGN_IN_MINUTES } from '../accounts.service';
import { NOTIFY_KINDS, type Account, type Follow } from '../accounts.types';

interface ViewBase {
  t: Translate;
  locale: Locale;
}

function Note(p: { t: Translate; heading: string; text: string }) {
  return (
    <div class="kern-alert kern-alert--info" role="note" aria-label={p.heading}>
      <div class="kern-alert__header">
        <span class="kern-icon kern-icon--info" aria-hidden="true" />
        <span class="kern-title">{p.heading}</span>
      </div>
      <div class="kern-alert__body">
        <p class="kern-body">{p.text}</p>
      </div>
    </div>
  );
}

export function SignInPage(p: ViewBase & { csrfToken: string; form: FormState; honeypot: Child; next: string | null }) {
  const { t } = p;
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('accounts.signIn.heading')}</h1>
      <ErrorSummary form={p.form} t={t} />
      <p class="kern-body">{t('accounts.signIn.intro')}</p>
      <p class="kern-body">{t('accounts.signIn.optional')}</p>
      <Form action="/my-account/sign-in" csrfToken={p.csrfToken} class="q-signin-form">
        {p.next && <input type="hidden" name="next" value={p.next} />}
        <TextField name="email" label={t('accounts.field.email')} hint={t('accounts.field.emailHint')} t={t} form={p.form} type="email" required autocomplete="email" maxlength={254} />
        <Note t={t} heading={t('accounts.privacy.heading')} text={t('accounts.privacy.signIn', { minutes: SIGN_IN_MINUTES })} />
        {p.honeypot}
        <SubmitButton label={t('accounts.signIn.submit')} />
      </Form>
    </div>
  );
}

export function SentPage(p: ViewBase & { minutes: number }) {
  const { t } = p;
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('accounts.sent.heading')}</h1>
      <p class="kern-body">{t('accounts.sent.text', { minutes: p.minutes })}</p>
      <p class="kern-body">{t('accounts.sent.noMail')}</p>
      <p>
        <a class="kern-link" href="/my-account">
          {t('accounts.sent.again')}
        </a>
      </p>
    </div>
  );
}

export function LinkPage(p: ViewBase & { token: string; valid: boolean; csrfToken: string; next: string | null }) {
  const { t } = p;
  if (!p.valid) {
    return (
      <div class="q-stack">
        <h1 class="kern-heading-large">{t('accounts.link.badHeading')}</h1>
        <p class="kern-body">{t('accounts.link.bad')}</p>
        <p>
          <a class="kern-link" href="/my-account">
            {t('accounts.link.newLink')}
          </a>
        </p>
      </div>
    );
  }
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('accounts.link.heading')}</h1>
      <p class="kern-body">{t('accounts.link.text')}</p>
      <Form action={`/my-account/link/${p.token}`} csrfToken={p.csrfToken} class="q-link-form">
        {p.next && <input type="hidden" name="next" value={p.next} />}
        <SubmitButton label={t('accounts.link.submit')} />
      </Form>
    </div>
  );
}

/** A follow / unfollow button (plain form). Signed out: a link to sign in that comes back to `back`. */
export function FollowButton(p: { t: Translate; target: FollowTarget; following: boolean; signedIn: boolean; csrfToken: string; back: string; label?: string }) {
  const { t } = p;
  if (!p.signedIn) {
    return (
      <p class="q-follow">
        <a class="kern-link" href={`/my-account?next=${encodeURIComponent(p.back)}`}>
          {t(`accounts.follow.signInTo.${p.target.type}`)}
        </a>
      </p>
    );
  }
  return (
    <form action={p.following ? '/my-account/unfollow' : '/my-account/follow'} method="post" class="q-follow">
      <input type="hidden" name="_csrf" value={p.csrfToken} />
      <input type="hidden" name="type" value={p.target.type} />
      <input type="hidden" name="id" value={p.target.id} />
      <input type="hidden" name="back" value={p.back} />
      <button type="submit" class={`kern-btn kern-btn--${p.following ? 'tertiary' : 'secondary'}`}>
        <span class="kern-label">{p.following ? t('accounts.follow.stop', { name: p.label ?? '' }) : t(`accounts.follow.start.${p.target.type}`, { name: p.label ?? '' })}</span>
      </button>
    </form>
  );
}

export function AccountPage(
  p: ViewBase & {
    account: Account;
    csrfToken: string;
    profileForm: FormState;
    notifyForm: FormState;
    follows: (Follow & { info: TargetInfo | null })[];
    areas: { id: string; name: string; following: boolean }[];
  },
) {
  const { t, account: a } = p;
  const modeOptions = [
    { value: 'immediate', label: t('accounts.notify.immediate') },
    { value: 'off', label: t('accounts.notify.off') },
  ];
  const forms = [p.profileForm, p.notifyForm].find((f) => f.errors.length);
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('accounts.home.heading')}</h1>
      <ErrorSummary form={forms} t={t} />
      <p class="kern-body">{t('accounts.home.signedInAs', { email: a.email })}</p>
      <Form action="/my-account/sign-out" csrfToken={p.csrfToken} class="q-signout-form">
        <SubmitButton label={t('accounts.signOut')} variant="secondary" />
      </Form>

      <section aria-labelledby="follows-title" class="q-stack">
        <h2 class="kern-heading-medium" id="follows-title">
          {t('accounts.follows.heading')}
        </h2>
        {p.follows.length === 0 ? (
          <p class="kern-body">{t('accounts.follows.none')}</p>
        ) : (
          <ul class="q-follow-list">
            {p.follows.map((f) => (
              <li>
                <span class="kern-body">{t(`accounts.type.${f.type}`)}: </span>
                {f.info ? (
                  <a class="kern-link" href={f.info.href}>
                    {f.info.title}
                  </a>
                ) : (
                  <span class="kern-body">{t('accounts.follows.gone')}</span>
                )}
                <FollowButton t={t} target={{ type: f.type, id: f.id }} following signedIn csrfToken={p.csrfToken} back="/my-account" label={f.info?.title ?? ''} />
              </li>
            ))}
          </ul>
        )}
        <h3 class="kern-heading-small">{t('accounts.areas.heading')}</h3>
        <p class="kern-body">{t('accounts.areas.intro')}</p>
        <ul class="q-follow-list">
          {p.areas.map((ar) => (
            <li>
              <span class="kern-body">{ar.name} </span>
              <FollowButton t={t} target={{ type: 'area', id: ar.id }} following={ar.following} signedIn csrfToken={p.csrfToken} back="/my-account" label={ar.name} />
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="notifications" class="q-stack">
        <h2 class="kern-heading-medium" id="notifications">
          {t('accounts.notify.heading')}
        </h2>
        <p class="kern-body">{t('accounts.notify.intro')}</p>
        <Form action="/my-account/notifications" csrfToken={p.csrfToken} class="q-notify-form">
          {NOTIFY_KINDS.map((k) => (
            <RadioGroup name={k} legend={t(`accounts.notify.${k}`)} hint={t(`accounts.notify.${k}Hint`)} t={t} form={p.notifyForm} required options={modeOptions} selected={p.notifyForm.values[k] === undefined ? [a.notify[k]] : undefined} />
          ))}
          <SubmitButton label={t('accounts.notify.submit')} />
        </Form>
      </section>

      <section aria-labelledby="profile-title" class="q-stack">
        <h2 class="kern-heading-medium" id="profile-title">
          {t('accounts.profile.heading')}
        </h2>
        <Form action="/my-account/profile" csrfToken={p.csrfToken} class="q-profile-form">
          <TextField name="displayName" label={t('accounts.field.displayName')} hint={t('accounts.field.displayNameHint')} t={t} form={p.profileForm} value={p.profileForm.values.displayName ?? a.displayName ?? ''} autocomplete="nickname" maxlength={80} />
          <SelectField name="locale" label={t('accounts.field.locale')} hint={t('accounts.field.localeHint')} t={t} form={p.profileForm} value={p.profileForm.values.locale ?? a.locale ?? ''} placeholder={t('accounts.field.localeNone')} options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))} />
          <SubmitButton label={t('accounts.profile.submit')} variant="secondary" />
        </Form>
      </section>

      <section aria-labelledby="data-title" class="q-stack">
        <h2 class="kern-heading-medium" id="data-title">
          {t('accounts.data.heading')}
        </h2>
        <p class="kern-body">{t('accounts.data.since', { date: formatDate(p.locale, a.createdAt) })}</p>
        <p class="kern-body">{t('accounts.data.exportText')}</p>
        <p>
          <a class="kern-link" href="/my-account/export" download="quartier-account.json">
            {t('accounts.data.export')}
          </a>
        </p>
        <p class="kern-body">{t('accounts.data.deleteText')}</p>
        <p>
          <a class="kern-link" href="/my-account/delete">
            {t('accounts.data.delete')}
          </a>
        </p>
      </section>
    </div>
  );
}

export function DeletePage(p: ViewBase & { csrfToken: string; form: FormState }) {
  const { t } = p;
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('accounts.delete.heading')}</h1>
      <ErrorSummary form={p.form} t={t} />
      <p class="kern-body">{t('accounts.delete.what')}</p>
      <p class="kern-body">{t('accounts.delete.kept')}</p>
      <Form action="/my-account/delete" csrfToken={p.csrfToken} class="q-delete-form">
        <div class={p.form.errors.some((e) => e.field === 'confirm') ? 'kern-form-input kern-form-input--error' : 'kern-form-input'}>
          {p.form.errors.some((e) => e.field === 'confirm') && (
            <p class="kern-error" id="f-confirm-error">
              <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
              <span>{t('accounts.error.confirmDelete')}</span>
            </p>
          )}
          <Checkbox name="confirm" label={t('accounts.delete.confirm')} t={t} form={p.form} />
        </div>
        <div class="q-actions">
          <SubmitButton label={t('accounts.delete.submit')} />
          <a class="kern-link" href="/my-account">
            {t('accounts.delete.cancel')}
          </a>
        </div>
      </Form>
    </div>
  );
}

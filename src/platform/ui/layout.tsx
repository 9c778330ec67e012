/** @jsxImportSource hono/jsx */
/**
 * The page shell: KERN styles, skip link, landmarks, language switch, staff navigation filtered by policy,
 * footer with legal links and data credits. Every string comes from the catalogs.
 */
import type { Child } from 'hono/jsx';
import { LOCALES, LOCALE_NAMES, direction, type Locale, type Translate } from '../i18n';
import { can, type Action } from '../auth/policy';
import type { CurrentUser, Tenant } from '../http/context';
import { stylesheetUrl } from './styles/stylesheet';
import { preloadFontUrls } from './styles/fonts';

export interface NavItem {
  href: string;
  labelKey: string;
  /** Shown only when the user may perform this action (omit for every signed-in user). */
  action?: Action;
  order?: number;
}

const navItems: NavItem[] = [];

/** Modules register their staff navigation entries here (at import time). */
export function registerNav(...items: NavItem[]): void {
  for (const item of items) if (!navItems.some((n) => n.href === item.href)) navItems.push(item);
  navItems.sort((a, b) => (a.order ?? 50) - (b.order ?? 50));
}

/** A public page a module offers, for the start page. */
export interface PublicLink {
  href: string;
  labelKey: string;
  order?: number;
}

const publicLinks: PublicLink[] = [];

/** Modules register their public pages here (at start). */
export function registerPublicLinks(...items: PublicLink[]): void {
  for (const item of items) if (!publicLinks.some((n) => n.href === item.href)) publicLinks.push(item);
  publicLinks.sort((a, b) => (a.order ?? 50) - (b.order ?? 50));
}

export function listPublicLinks(): readonly PublicLink[] {
  return publicLinks;
}

const footerLinks: PublicLink[] = [];

/** Modules register links for every page's footer here (legal pages, accessibility feedback), at import time. */
export function registerFooterLinks(...items: PublicLink[]): void {
  for (const item of items) if (!footerLinks.some((n) => n.href === item.href)) footerLinks.push(item);
  footerLinks.sort((a, b) => (a.order ?? 50) - (b.order ?? 50));
}

/** The search field in every page's header (registered by the search module; plain GET form, works without JS). */
export interface HeaderSearch {
  /** Form target for visitors and for signed-in users with a staff role. */
  action: string;
  staffAction: string;
  labelKey: string;
  buttonKey: string;
}

let headerSearch: HeaderSearch | null = null;

export function registerHeaderSearch(s: HeaderSearch): void {
  headerSearch = s;
}

export function visibleNav(user: CurrentUser | null): NavItem[] {
  if (!user) return [];
  return navItems.filter((n) => !n.action || can(user, n.action));
}

export interface PageProps {
  title: string;
  t: Translate;
  locale: Locale;
  tenant: Tenant;
  user: CurrentUser | null;
  csrfToken: string;
  path: string;
  children?: Child;
  /** A message shown at the top (after a redirect). */
  notice?: { kind: 'success' | 'info' | 'warning' | 'danger'; text: string } | null;
  /** Breadcrumbs: [label, href?][] */
  crumbs?: [string, string?][];
  /** The page's h1 is a `kern-heading-x-large` (Fira Sans 500): that font is preloaded too. */
  largeHeading?: boolean;
}


export function Layout(p: PageProps) {
  const { t, locale, user } = p;
  const nav = visibleNav(user);
  const next = encodeURIComponent(p.path);
  return (
    <html lang={locale} dir={direction(locale)}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${p.title} – ${t('app.name')} ${p.tenant.name}`}</title>
        <link rel="stylesheet" href={stylesheetUrl()} />
        {preloadFontUrls(locale, { largeHeading: p.largeHeading }).map((href) => (
          <link rel="preload" href={href} as="font" type="font/woff2" crossorigin="anonymous" />
        ))}
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
      </head>
      <body class="q-body">
        <a class="q-skip-link" href="#main">
          {t('layout.skipToContent')}
        </a>
        <header class="q-header">
          <div class="q-header__inner">
            <a class="q-brand" href="/">
              <span class="q-brand__name">{t('app.name')}</span>
              <span class="q-brand__tenant">{p.tenant.name}</span>
            </a>
            <nav class="q-lang" aria-label={t('layout.languages')}>
              <ul>
                {LOCALES.map((l) => (
                  <li>
                    {l === locale ? (
                      <span aria-current="true" lang={l} dir={direction(l) === 'rtl' ? 'rtl' : undefined}>
                        {LOCALE_NAMES[l]}
                      </span>
                    ) : (
                      <a href={`/lang/${l}?next=${next}`} lang={l} hreflang={l} dir={direction(l) === 'rtl' ? 'rtl' : undefined}>
                        {LOCALE_NAMES[l]}
                      </a>
                    )}
                  </li>
                ))}
              </ul>
            </nav>
            {headerSearch && (
              <form class="q-search" method="get" action={user?.assignments.length ? headerSearch.staffAction : headerSearch.action} role="search">
                <label class="kern-label" for="q-header-search">
                  {t(headerSearch.labelKey)}
                </label>
                <input class="kern-form-input__input" id="q-header-search" type="search" name="q" maxlength={200} autocomplete="off" />
                <button type="submit" class="kern-btn kern-btn--secondary kern-btn--small">
                  <span class="kern-label">{t(headerSearch.buttonKey)}</span>
                </button>
              </form>
            )}
            <div class="q-account">
              {user ? (
                <>
                  <a class="kern-link" href="/account">
                    {user.displayName}
                  </a>
                  <form method="post" action="/logout" class="q-inline-form">
                    <input type="hidden" name="_csrf" value={p.csrfToken} />
                    <button type="submit" class="kern-btn kern-btn--tertiary kern-btn--x-small">
                      <span class="kern-label">{t('auth.logout')}</span>
                    </button>
                  </form>
                </>
              ) : (
                <a class="kern-link" href="/login">
                  {t('auth.login')}
                </a>
              )}
            </div>
          </div>
          {nav.length > 0 && (
            <nav class="q-staffnav" aria-label={t('layout.staffNavigation')}>
              <ul>
                {nav.map((n) => (
                  <li>
                    <a href={n.href} aria-current={p.path === n.href || p.path.startsWith(`${n.href}/`) ? 'page' : undefined}>
                      {t(n.labelKey)}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
        </header>
        <main id="main" class="q-main kern-container" tabindex={-1}>
          {p.crumbs && p.crumbs.length > 0 && (
            <nav aria-label={t('layout.breadcrumbs')} class="q-crumbs">
              <ol>
                {p.crumbs.map(([label, href]) => (
                  <li>{href ? <a href={href}>{label}</a> : <span aria-current="page">{label}</span>}</li>
                ))}
              </ol>
            </nav>
          )}
          {p.notice && (
            <div class={`kern-alert kern-alert--${p.notice.kind}`} role={p.notice.kind === 'danger' ? 'alert' : 'status'}>
              <div class="kern-alert__body">
                <p class="kern-body">{p.notice.text}</p>
              </div>
            </div>
          )}
          {p.children}
        </main>
        <footer class="q-footer">
          <div class="q-footer__inner">
            <ul class="q-footer__links">
              {footerLinks.map((l) => (
                <li>
                  <a href={l.href}>{t(l.labelKey)}</a>
                </li>
              ))}
              <li>
                <a href="/areas">{t('layout.footer.areas')}</a>
              </li>
              <li>
                <a href="/sources">{t('layout.footer.sources')}</a>
              </li>
              <li>
                <a href="/api/openapi.json">{t('layout.footer.api')}</a>
              </li>
            </ul>
            <p class="kern-body kern-body--small">{t('layout.footer.licence')}</p>
          </div>
        </footer>
      </body>
    </html>
  );
}

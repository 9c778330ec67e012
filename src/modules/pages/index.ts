/**
 * Pages module (rechtlich vorgeschriebene Seiten) — the ONLY import surface for other modules.
 *
 * Imprint (§ 5 DDG), privacy notice (Art. 13 GDPR), accessibility statement (BGG NRW §§ 10a–10e, BITV NRW;
 * § 12b BGG / BITV 2.0), a Leichte-Sprache page and a sign-language page: German default texts marked for the
 * operator to complete, per-language versions edited by admins (history, restore, audit), a small safe Markdown
 * subset rendered escaped. The accessibility feedback form (rate limit, honeypot) reaches every active admin by
 * e-mail; admins keep its status and answer. Every page's footer links here (registerFooterLinks).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { QuartierModule } from '../../platform/module';
import { registerFooterLinks } from '../../platform/ui/layout';
import { registerPagesAccounts } from './pages.accounts';
import { registerPagesJobs } from './pages.jobs';
import { FBK, pages, VERSION } from './pages.pages';
import { PAGE_PATHS, PAGE_SLUGS } from './pages.types';

export { resolvePage, savePage, restoreVersion, submitFeedback, listFeedback, getFeedback, updateFeedback, markdownErrors } from './pages.service';
export { parseMarkdown, safeHref } from './pages.markdown';
export { PAGE_SLUGS, PAGE_PATHS, FEEDBACK_STATUSES, type PageSlug, type Feedback, type FeedbackStatus, type ResolvedPage, type PageVersion } from './pages.types';
export type { PagesTables } from './pages.tables';

registerPagesJobs();
// Residents' accounts: the export and deletion cover accessibility feedback sent with the address.
registerPagesAccounts();
registerFooterLinks(
  ...PAGE_SLUGS.map((slug, i) => ({ href: PAGE_PATHS[slug], labelKey: `pages.${slug}.footer`, order: 10 + i })),
  { href: '/accessibility/feedback', labelKey: 'pages.feedback.footer', order: 20 },
);

export const pagesModule: QuartierModule = {
  name: 'pages',
  dir: path.dirname(fileURLToPath(import.meta.url)),
  pages,
  routes: {
    ...Object.fromEntries(PAGE_SLUGS.map((slug) => [`GET ${PAGE_PATHS[slug]}`, 'public' as const])),
    'GET /accessibility/feedback': 'public',
    'POST /accessibility/feedback': 'public',
    'GET /accessibility/feedback/thanks': 'public',
    'GET /admin/pages': 'pages.manage',
    ...Object.fromEntries(
      PAGE_SLUGS.flatMap((slug) => [
        [`GET /admin/pages/${slug}`, 'pages.manage' as const],
        [`POST /admin/pages/${slug}`, 'pages.manage' as const],
        [`POST /admin/pages/${slug}/versions/${VERSION}/restore`, 'pages.manage' as const],
      ]),
    ),
    'GET /admin/accessibility-feedback': 'accessibility_feedback.manage',
    [`GET /admin/accessibility-feedback/${FBK}`]: 'accessibility_feedback.manage',
    [`POST /admin/accessibility-feedback/${FBK}`]: 'accessibility_feedback.manage',
  },
  nav: [
    { href: '/admin/pages', labelKey: 'pages.nav.pages', action: 'pages.manage', order: 93 },
    { href: '/admin/accessibility-feedback', labelKey: 'pages.nav.feedback', action: 'accessibility_feedback.manage', order: 94 },
  ],
};

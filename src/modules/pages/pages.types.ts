/** Types and constants of the pages module. */

/** The pages, in footer order. Each has a public path and a title key `pages.<slug>.title`. */
export const PAGE_SLUGS = ['imprint', 'privacy', 'accessibility', 'easy-language', 'sign-language'] as const;
export type PageSlug = (typeof PAGE_SLUGS)[number];

export function isPageSlug(v: unknown): v is PageSlug {
  return typeof v === 'string' && (PAGE_SLUGS as readonly string[]).includes(v);
}

/** Public path of a page. */
export const PAGE_PATHS: Record<PageSlug, string> = {
  imprint: '/imprint',
  privacy: '/privacy',
  accessibility: '/accessibility',
  'easy-language': '/easy-language',
  'sign-language': '/sign-language',
};

export interface PageVersion {
  id: string;
  slug: PageSlug;
  locale: string;
  version: number;
  body: string;
  reviewedOn: string | null;
  restoredFrom: number | null;
  actorLabel: string;
  createdAt: string;
}

/** What a page shows: the text, its language, and whether it fell back to German or to the default text. */
export interface ResolvedPage {
  slug: PageSlug;
  body: string;
  /** The language of the text (the requested one, or 'de' as fallback). */
  locale: string;
  fallback: boolean;
  /** true while no version was saved for German either: the built-in default text. */
  isDefault: boolean;
  version: number;
  reviewedOn: string | null;
  updatedAt: string | null;
}

export const FEEDBACK_STATUSES = ['new', 'answered', 'closed'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];

export interface Feedback {
  id: string;
  name: string | null;
  email: string | null;
  wantsAnswer: boolean;
  pageUrl: string;
  description: string;
  locale: string;
  status: FeedbackStatus;
  answer: string | null;
  answeredAt: string | null;
  answeredBy: string | null;
  createdAt: string;
}

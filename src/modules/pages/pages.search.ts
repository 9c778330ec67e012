/**
 * The pages module's documents in the site search (platform/db/search.ts): the legal and information pages
 * (imprint, privacy, accessibility statement, Leichte Sprache, sign language) as public documents with their
 * German text (the current version, else the built-in default) as plain text — Markdown parsed, links' addresses
 * left out. Re-indexed after every save and restore of a German version.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { indexDocument, registerSearchSource } from '../../platform/db/search';
import type { TenantDb } from '../../platform/db/tenant-scope';
import { DEFAULT_LOCALE, registerCatalogDir, translate } from '../../platform/i18n';
import { DEFAULT_TEXTS } from './pages.defaults';
import { parseMarkdown, type Inline } from './pages.markdown';
import * as q from './pages.queries';
import { PAGE_PATHS, PAGE_SLUGS, type PageSlug } from './pages.types';

export const PAGE_DOC = 'page';

// The titles come from the module's catalog, also when the index is rebuilt before the app is built (CLI).
registerCatalogDir('pages', path.dirname(fileURLToPath(import.meta.url)));

function inlineText(parts: Inline[]): string {
  return parts.map((p) => (p.type === 'text' ? p.text : inlineText(p.children))).join('');
}

/** The text of a page's Markdown, without markup. */
export function plainText(markdown: string): string {
  return parseMarkdown(markdown)
    .blocks.map((b) => {
      if (b.type === 'heading') return b.text;
      if (b.type === 'paragraph') return b.lines.map(inlineText).join(' ');
      if (b.type === 'list') return b.items.map(inlineText).join('\n');
      return '';
    })
    .filter(Boolean)
    .join('\n');
}

export async function indexPage(db: TenantDb<any>, slug: PageSlug): Promise<void> {
  const v = await q.latestVersion(db as unknown as q.Db, slug, DEFAULT_LOCALE);
  await indexDocument(db, {
    docType: PAGE_DOC,
    docId: slug,
    visibility: 'public',
    areaIds: [],
    title: translate(DEFAULT_LOCALE, `pages.${slug}.title`),
    body: plainText(v?.body ?? DEFAULT_TEXTS[slug]),
    url: PAGE_PATHS[slug],
  });
}

registerSearchSource({
  docType: PAGE_DOC,
  readAction: 'pages.manage',
  reindex: async (db) => {
    for (const slug of PAGE_SLUGS) await indexPage(db, slug);
    return PAGE_SLUGS.length;
  },
});

/** @jsxImportSource hono/jsx */
/**
 * Renders the parsed Markdown subset with hono/jsx: every text and attribute is escaped by the renderer, links are
 * only those `safeHref` accepted, and nothing is ever inserted as raw HTML.
 */
import type { Child } from 'hono/jsx';
import type { Translate } from '../../../platform/i18n';
import { parseMarkdown, type Block, type Inline } from '../pages.markdown';

function inlines(nodes: Inline[]): Child[] {
  return nodes.map((n) => {
    if (n.type === 'text') return n.text;
    if (n.type === 'strong') return <strong>{inlines(n.children)}</strong>;
    const external = /^https?:/i.test(n.href);
    return (
      <a class="kern-link" href={n.href} rel={external ? 'noopener noreferrer' : undefined}>
        {inlines(n.children)}
      </a>
    );
  });
}

function lines(ls: Inline[][]): Child[] {
  const out: Child[] = [];
  ls.forEach((l, i) => {
    if (i > 0) out.push(<br />);
    out.push(...inlines(l));
  });
  return out;
}

export interface ContentOptions {
  t: Translate;
  /** Leichte Sprache: larger text. */
  easy?: boolean;
}

function BlockView(p: { block: Block; section: string | null; o: ContentOptions }) {
  const b = p.block;
  const body = `kern-body${p.o.easy ? ' kern-body--large' : ''}`;
  switch (b.type) {
    case 'heading':
      return b.level === 2 ? (
        <h2 class="kern-heading-medium" id={b.id}>
          {inlines(b.children)}
        </h2>
      ) : (
        <h3 class="kern-heading-small" id={b.id}>
          {inlines(b.children)}
        </h3>
      );
    case 'paragraph':
      return <p class={body}>{lines(b.lines)}</p>;
    case 'list': {
      const items = b.items.map((it) => <li class={body}>{inlines(it)}</li>);
      return b.ordered ? <ol class="kern-list q-legal__list">{items}</ol> : <ul class="kern-list q-legal__list">{items}</ul>;
    }
    case 'video':
      // No embed: a link to the operator's video; the section's text is its text alternative.
      return (
        <div class="q-legal__video">
          <p class={body}>
            <a class="kern-link" href={b.url} rel="noopener noreferrer">
              {p.section ? p.o.t('pages.video.linkSection', { section: p.section }) : p.o.t('pages.video.link')}
            </a>
          </p>
          <p class="kern-body kern-body--small">{p.o.t('pages.video.textAlternative')}</p>
        </div>
      );
  }
}

/** The page text as HTML elements (headings, paragraphs, lists, links, bold, video links). */
export function MarkdownContent(p: ContentOptions & { source: string }) {
  const { blocks } = parseMarkdown(p.source);
  let section: string | null = null;
  const out: Child[] = [];
  for (const block of blocks) {
    if (block.type === 'heading' && block.level === 2) section = block.text;
    out.push(<BlockView block={block} section={section} o={p} />);
  }
  return <>{out}</>;
}

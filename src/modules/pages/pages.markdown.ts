/**
 * The small Markdown subset of the legal pages, parsed into a tree (never into HTML): the view renders the tree
 * with hono/jsx, which escapes every text and attribute, so no HTML from the database ever reaches a page.
 *
 * - `#`/`##` heading → h2, `###` (or deeper) → h3; each heading gets an id (`s-<words>`) for links and videos.
 * - Paragraphs: consecutive lines; each line break stays a line break (Leichte Sprache: one sentence a line).
 * - Lists: lines starting with `- ` or `* ` (bulleted), `1. ` (numbered).
 * - Inline: `**bold**`, `[text](address)`. Addresses: https:, http:, mailto:, tel:, a path (`/…`) or `#anchor`.
 *   Anything else (javascript:, data:, vbscript:, `//host` …) is refused on save and shown as plain text.
 * - `!video(https://…)` on its own line: a sign-language video for the section it stands in (a link, no embed).
 */

export type Inline = { type: 'text'; text: string } | { type: 'strong'; children: Inline[] } | { type: 'link'; href: string; children: Inline[] };

export type Block =
  | { type: 'heading'; level: 2 | 3; id: string; children: Inline[]; text: string }
  | { type: 'paragraph'; lines: Inline[][] }
  | { type: 'list'; ordered: boolean; items: Inline[][] }
  | { type: 'video'; url: string };

export interface MarkdownProblem {
  line: number;
  kind: 'badLink' | 'badVideo';
  value: string;
}

export interface ParsedMarkdown {
  blocks: Block[];
  problems: MarkdownProblem[];
}

/** Whether a link address is one the pages may carry. */
export function safeHref(raw: string): string | null {
  const href = raw.trim();
  if (href === '' || /[\s"'<>`\\]/.test(href) || [...href].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) return null;
  if (href.startsWith('#')) return /^#[A-Za-z0-9_-]+$/.test(href) ? href : null;
  if (href.startsWith('/')) return href.startsWith('//') || href.startsWith('/\\') ? null : href;
  const lower = href.toLowerCase();
  if (lower.startsWith('mailto:')) return /^mailto:[^@\s]+@[^@\s]+$/i.test(href) ? href : null;
  if (lower.startsWith('tel:')) return /^tel:\+?[0-9 ()/-]{3,30}$/i.test(href) ? href : null;
  if (lower.startsWith('https://') || lower.startsWith('http://')) return httpUrl(href);
  return null;
}

/** An absolute http(s) address that parses as a URL, else null. */
export function httpUrl(raw: string): string | null {
  try {
    const u = new URL(raw.trim());
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '' ? u.toString() : null;
  } catch {
    return null;
  }
}

const INLINE = /\*\*(.+?)\*\*|\[([^\]\n]+)\]\(([^)\s]*)\)/g;

function parseInline(s: string, line: number, problems: MarkdownProblem[]): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const m of s.matchAll(INLINE)) {
    const at = m.index ?? 0;
    if (at > last) out.push({ type: 'text', text: s.slice(last, at) });
    if (m[1] !== undefined) {
      out.push({ type: 'strong', children: parseInline(m[1], line, problems) });
    } else {
      const text = m[2] ?? '';
      const href = safeHref(m[3] ?? '');
      if (href) out.push({ type: 'link', href, children: parseInline(text, line, problems) });
      else {
        problems.push({ line, kind: 'badLink', value: m[3] ?? '' });
        out.push(...parseInline(text, line, problems));
      }
    }
    last = at + m[0].length;
  }
  if (last < s.length) out.push({ type: 'text', text: s.slice(last) });
  return out;
}

/** Plain text of inline nodes (for heading ids and names). */
export function plainText(nodes: Inline[]): string {
  return nodes.map((n) => (n.type === 'text' ? n.text : plainText(n.children))).join('');
}

function headingId(text: string, used: Set<string>): string {
  const base =
    's-' +
    (text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/ß/g, 'ss')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'abschnitt');
  let id = base;
  for (let i = 2; used.has(id); i++) id = `${base}-${i}`;
  used.add(id);
  return id;
}

const HEADING = /^(#{1,6})\s+(.*)$/;
const BULLET = /^[-*]\s+(.*)$/;
const NUMBERED = /^\d{1,3}[.)]\s+(.*)$/;
const VIDEO = /^!video\((.*)\)\s*$/;

export function parseMarkdown(source: string): ParsedMarkdown {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  const problems: MarkdownProblem[] = [];
  const used = new Set<string>();
  let para: Inline[][] | null = null;
  let list: { ordered: boolean; items: Inline[][] } | null = null;
  const flush = () => {
    if (para) blocks.push({ type: 'paragraph', lines: para });
    if (list) blocks.push({ type: 'list', ordered: list.ordered, items: list.items });
    para = null;
    list = null;
  };
  lines.forEach((raw, i) => {
    const n = i + 1;
    const line = raw.trim();
    if (line === '') return flush();
    const h = HEADING.exec(line);
    if (h) {
      flush();
      const children = parseInline((h[2] ?? '').trim(), n, problems);
      const text = plainText(children);
      blocks.push({ type: 'heading', level: (h[1] ?? '#').length <= 2 ? 2 : 3, id: headingId(text, used), children, text });
      return;
    }
    const v = VIDEO.exec(line);
    if (v) {
      flush();
      const url = httpUrl(v[1] ?? '');
      if (url) blocks.push({ type: 'video', url });
      else problems.push({ line: n, kind: 'badVideo', value: v[1] ?? '' });
      return;
    }
    const b = BULLET.exec(line);
    const o = b ? null : NUMBERED.exec(line);
    if (b || o) {
      const ordered = !!o;
      if (para || (list && list.ordered !== ordered)) flush();
      list ??= { ordered, items: [] };
      list.items.push(parseInline(((b ?? o)![1] ?? '').trim(), n, problems));
      return;
    }
    if (list) flush();
    para ??= [];
    para.push(parseInline(line, n, problems));
  });
  flush();
  return { blocks, problems };
}

/** @jsxImportSource hono/jsx */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerCatalogDir, translate, type Translate } from '../../platform/i18n';
import { parseMarkdown, safeHref } from './pages.markdown';
import { MarkdownContent } from './views/content';

registerCatalogDir('pages', path.dirname(fileURLToPath(import.meta.url)));
const t: Translate = (k, p) => translate('de', k, p);
const html = (src: string, easy = false) => String(<MarkdownContent source={src} t={t} easy={easy} />);

describe('the Markdown subset of the legal pages', () => {
  it('renders headings with ids, paragraphs with line breaks, lists, bold and links', () => {
    const out = html('## Über uns\nZeile eins\nZeile zwei\n\n- **fett** und [Link](https://example.org/a?b=1&c=2)\n- zwei\n\n1. eins\n2. zwei\n\n### Kontakt');
    expect(out).toContain('<h2 class="kern-heading-medium" id="s-uber-uns">Über uns</h2>');
    expect(out).toContain('<p class="kern-body">Zeile eins<br/>Zeile zwei</p>');
    expect(out).toContain('<ul class="kern-list q-legal__list"><li class="kern-body"><strong>fett</strong> und <a class="kern-link" href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer">Link</a></li><li class="kern-body">zwei</li></ul>');
    expect(out).toContain('<ol class="kern-list q-legal__list"><li class="kern-body">eins</li><li class="kern-body">zwei</li></ol>');
    expect(out).toContain('<h3 class="kern-heading-small" id="s-kontakt">Kontakt</h3>');
  });

  it('escapes HTML and script in text, headings, link text and addresses', () => {
    const out = html('## <img src=x onerror=alert(1)>\n<script>alert("x")</script>\n[<b>klick</b>](/a"onmouseover="alert(1))');
    expect(out).not.toMatch(/<script|<img|<b>|<a /);
    expect(out).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(out).toContain('&lt;b&gt;klick&lt;/b&gt;');
    expect(parseMarkdown('[x](/a"onmouseover="alert(1))').problems).toHaveLength(1);
  });

  it('refuses javascript:, data:, vbscript: and protocol-relative links (text only, and reported as a problem)', () => {
    for (const href of ['javascript:alert(1)', 'JavaScript:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>', 'vbscript:x', '//evil.example', 'java\tscript:x', 'ftp://x']) {
      expect(safeHref(href), href).toBeNull();
    }
    const src = '[klick](javascript:alert(1)) und [gut](mailto:a@b.de) [tel](tel:+49201123) [ab](#s-kontakt) [seite](/privacy)';
    const { problems } = parseMarkdown(src);
    expect(problems).toEqual([{ line: 1, kind: 'badLink', value: 'javascript:alert(1' }]);
    const out = html(src);
    expect(out).not.toContain('javascript:');
    expect(out).toContain('klick');
    expect(out).toContain('href="mailto:a@b.de"');
    expect(out).toContain('href="tel:+49201123"');
    expect(out).toContain('href="#s-kontakt"');
    expect(out).toContain('href="/privacy"');
  });

  it('turns a video line into a link named after its section with a text alternative, never an embed', () => {
    const src = '## Ein Anliegen melden\n!video(https://videos.example.org/dgs/anliegen.mp4)\nText des Abschnitts.\n\n!video(javascript:alert(1))';
    const { problems } = parseMarkdown(src);
    expect(problems).toEqual([{ line: 5, kind: 'badVideo', value: 'javascript:alert(1)' }]);
    const out = html(src);
    expect(out).not.toMatch(/<video|<iframe|<embed|javascript:/);
    expect(out).toContain('href="https://videos.example.org/dgs/anliegen.mp4"');
    expect(out).toContain('Video in Deutscher Gebärdensprache: Ein Anliegen melden (externe Seite)');
    expect(out).toContain('Der Text dieses Abschnitts gibt den Inhalt des Videos wieder.');
  });

  it('gives Leichte Sprache larger text and unique heading ids', () => {
    const out = html('## Hilfe\nEin Satz.\n## Hilfe\n- Punkt', true);
    expect(out).toContain('<p class="kern-body kern-body--large">Ein Satz.</p>');
    expect(out).toContain('<li class="kern-body kern-body--large">Punkt</li>');
    expect(out).toContain('id="s-hilfe"');
    expect(out).toContain('id="s-hilfe-2"');
  });
});

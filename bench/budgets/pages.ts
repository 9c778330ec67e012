/**
 * Which public pages exist, and a concrete URL for each: the routes come from the route-policy table (policy
 * 'public', method GET), the values of their parameters (`:slug`, `:number{…}`, `:id{prp_…}`, tokens …) from links
 * found on the pages themselves and in the e-mails the app sent — so a route is measured with data that really
 * exists, and a route nothing links to is reported as unresolved instead of being skipped silently.
 * Pure helpers plus one crawl function that takes a fetcher (HTTP in the bench, app.request in the tests).
 */

/** JavaScript a public page may load, gzip (issue 7: at most 15 KB). */
export const JS_BUDGET_GZIP = 15 * 1024;

/** Routes that are not pages: machine interfaces, files, the language switch (a redirect). */
const NOT_PAGES = /^\/(api|open311|static)\/|^\/lang\/|^\/health$/;

/** Public GET routes that may render a page, from "METHOD /path" → policy entries. */
export function publicPageRoutes(policies: Readonly<Record<string, string>>): string[] {
  return Object.entries(policies)
    .filter(([key, policy]) => policy === 'public' && key.startsWith('GET '))
    .map(([key]) => key.slice(4))
    .filter((path) => !NOT_PAGES.test(path))
    .sort();
}

export function hasParams(route: string): boolean {
  return /[:*]/.test(route);
}

/**
 * A RegExp for a Hono route pattern: `:name{regex}` → that regex, `:name` → one path segment, `*` → anything.
 * Literal parts are escaped; the whole path must match.
 */
export function routeRegExp(route: string): RegExp {
  let out = '';
  let i = 0;
  while (i < route.length) {
    const ch = route[i]!;
    if (ch === ':') {
      const name = /^:\w+/.exec(route.slice(i))![0];
      i += name.length;
      if (route[i] === '{') {
        // The parameter's own pattern, up to the matching brace.
        let depth = 0;
        let j = i;
        for (; j < route.length; j++) {
          if (route[j] === '{') depth++;
          else if (route[j] === '}' && --depth === 0) break;
        }
        out += `(?:${route.slice(i + 1, j)})`;
        i = j + 1;
      } else out += '[^/]+';
    } else if (ch === '*') {
      out += '.*';
      i++;
    } else {
      out += ch.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
      i++;
    }
  }
  return new RegExp(`^${out}$`);
}

/** Same-origin paths (no query, no fragment) of the links and form targets in an HTML document. */
export function linksIn(html: string): string[] {
  const out = new Set<string>();
  for (const m of html.matchAll(/\s(?:href|action)\s*=\s*"([^"]*)"/gi)) {
    const raw = m[1]!.replace(/&amp;/g, '&');
    if (!raw.startsWith('/') || raw.startsWith('//')) continue;
    out.add(raw.split(/[?#]/)[0]!);
  }
  return [...out];
}

/** Paths on any host in a text (e-mail bodies: confirmation and cancellation links carry their tokens). */
export function pathsInText(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s/]+(\/[^\s"<>]*)/g)].map((m) => m[1]!.split(/[?#]/)[0]!);
}

export interface ResolvedPages {
  /** route → concrete path, for every route a value was found for (parameterless routes map to themselves). */
  pages: Array<{ route: string; path: string }>;
  /** Routes with parameters for which no link was found. */
  unresolved: string[];
  /** Routes that answered something other than an HTML page (files, feeds, data), with what they answered. */
  notHtml: Array<{ route: string; path: string; answer: string }>;
}

export type Fetcher = (path: string) => Promise<{ status: number; contentType: string; body: string }>;

/**
 * Crawls from the parameterless public routes: every HTML page found is searched for links, every link is matched
 * against the routes still without a value, until nothing new is found (at most `maxRounds` rounds). `extraPaths`
 * (e.g. links from e-mails) are offered as candidates too. A candidate is fetched only when it fills a route.
 */
export async function resolvePublicPages(routes: string[], fetchPage: Fetcher, opts: { extraPaths?: string[]; maxRounds?: number } = {}): Promise<ResolvedPages> {
  const open = new Map(routes.filter(hasParams).map((r) => [r, routeRegExp(r)] as const));
  const chosen = new Map<string, string>();
  const notHtml: ResolvedPages['notHtml'] = [];
  const seen = new Set<string>();
  let frontier = routes.filter((r) => !hasParams(r)).map((r) => ({ route: r, path: r }));
  const candidates = [...(opts.extraPaths ?? [])];
  for (let round = 0; round < (opts.maxRounds ?? 6) && (frontier.length > 0 || candidates.length > 0); round++) {
    // Offer the candidates (links of the previous round, e-mail links) to the routes still open.
    for (const path of candidates.splice(0)) {
      for (const [route, re] of open) {
        if (re.test(path)) {
          open.delete(route);
          frontier.push({ route, path });
          break;
        }
      }
    }
    const next: typeof frontier = [];
    for (const page of frontier) {
      if (seen.has(page.path)) continue;
      seen.add(page.path);
      const res = await fetchPage(page.path);
      if (!res.contentType.includes('text/html')) {
        notHtml.push({ ...page, answer: `${res.status} ${res.contentType.split(';')[0] || '(no type)'}` });
        continue;
      }
      chosen.set(page.route, page.path);
      candidates.push(...linksIn(res.body));
    }
    frontier = next;
  }
  const order = new Map(routes.map((r, i) => [r, i]));
  return {
    pages: [...chosen].map(([route, path]) => ({ route, path })).sort((a, b) => order.get(a.route)! - order.get(b.route)!),
    unresolved: [...open.keys()],
    notHtml,
  };
}

/**
 * Signs in through the real login form, as a browser would: GET /login (CSRF token and anonymous cookie), POST the
 * form, keep the session cookie. Returns the Cookie header for the benchmark's signed-in requests.
 */
export function cookieJar() {
  const jar = new Map<string, string>();
  /** Set-Cookie header values (fetch: headers.getSetCookie(); node:http: headers['set-cookie']). */
  const takeAll = (setCookies: readonly string[] | undefined): void => {
    for (const sc of setCookies ?? []) {
      const [pair = ''] = sc.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      if (!value || /max-age=0/i.test(sc) || /expires=Thu, 01 Jan 1970/i.test(sc)) jar.delete(name);
      else jar.set(name, value);
    }
  };
  return {
    jar,
    takeAll,
    take(res: Response): void {
      takeAll(res.headers.getSetCookie());
    },
    header(): string {
      return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    },
  };
}

export async function signIn(base: string, email: string, password: string): Promise<string> {
  const cookies = cookieJar();
  const page = await fetch(`${base}/login`, { redirect: 'manual' });
  cookies.take(page);
  const html = await page.text();
  const csrf = /name="_csrf" value="([^"]*)"/.exec(html)?.[1];
  if (page.status !== 200 || !csrf) throw new Error(`GET /login answered ${page.status} without a CSRF token`);
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies.header(), origin: base },
    body: new URLSearchParams({ _csrf: csrf, email, password }),
  });
  cookies.take(res);
  if (res.status !== 303 && res.status !== 302) throw new Error(`sign-in as ${email} failed: POST /login answered ${res.status}`);
  if (![...cookies.jar.keys()].some((k) => k.includes('session'))) throw new Error(`sign-in as ${email} set no session cookie`);
  return cookies.header();
}

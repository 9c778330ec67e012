import { describe, expect, it } from 'vitest';
import { linksIn, pathsInText, publicPageRoutes, resolvePublicPages, routeRegExp } from './pages';

describe('budgets: public pages from the route-policy table', () => {
  it('keeps public GET pages, drops other methods, other policies and machine routes', () => {
    expect(
      publicPageRoutes({
        'GET /': 'public',
        'GET /areas/:slug': 'public',
        'POST /concerns': 'public',
        'GET /staff': 'authenticated',
        'GET /api/v1/areas': 'public',
        'GET /open311/v2/services.json': 'public',
        'GET /static/*': 'public',
        'GET /lang/:locale': 'public',
        'GET /health': 'public',
      }),
    ).toEqual(['/', '/areas/:slug']);
  });

  it('turns Hono patterns into whole-path expressions', () => {
    expect(routeRegExp('/concerns/:number{[0-9]+-[0-9]+}').test('/concerns/2026-000012')).toBe(true);
    expect(routeRegExp('/concerns/:number{[0-9]+-[0-9]+}').test('/concerns/new')).toBe(false);
    expect(routeRegExp('/offices/:slug{[a-z0-9]+(?:-[a-z0-9]+)*}/rooms/:room{rom_[0-9a-z]+}').test('/offices/buero-kray/rooms/rom_abc123')).toBe(true);
    expect(routeRegExp('/areas/:slug').test('/areas/karnap')).toBe(true);
    expect(routeRegExp('/areas/:slug').test('/areas/karnap/map')).toBe(false);
    expect(routeRegExp('/dialogues/calendar/:feed{[a-z0-9-]+\\.ics}').test('/dialogues/calendar/kray.ics')).toBe(true);
    expect(routeRegExp('/offers.ics').test('/offersXics')).toBe(false);
  });

  it('finds same-origin links and form targets, and paths in e-mail text', () => {
    expect(linksIn('<a href="/areas/kray?lang=ar">x</a><a href="https://example.org/">y</a><a href="//cdn/x">z</a><form action="/concerns">')).toEqual(['/areas/kray', '/concerns']);
    expect(pathsInText('Bitte bestätigen:\nhttps://q.example/participation/confirm/abc_123\n')).toEqual(['/participation/confirm/abc_123']);
  });

  it('fills parameters from links the pages show and reports what it could not fill', async () => {
    const site: Record<string, string> = {
      '/': '<a href="/areas">Gebiete</a>',
      '/areas': '<a href="/areas/kray">Kray</a><a href="/areas/kray/feed.ics">Kalender</a>',
      '/areas/kray': '<h1>Kray</h1>',
    };
    const res = await resolvePublicPages(['/', '/areas', '/areas/:slug', '/areas/:slug/feed.ics', '/confirm/:token', '/mail/:token'], async (path) =>
      path.endsWith('.ics') ? { status: 200, contentType: 'text/calendar', body: '' } : { status: site[path] ? 200 : 404, contentType: 'text/html', body: site[path] ?? '' },
    { extraPaths: ['/mail/t0k3n'] });
    expect(res.pages).toEqual([
      { route: '/', path: '/' },
      { route: '/areas', path: '/areas' },
      { route: '/areas/:slug', path: '/areas/kray' },
      { route: '/mail/:token', path: '/mail/t0k3n' },
    ]);
    expect(res.notHtml).toEqual([{ route: '/areas/:slug/feed.ics', path: '/areas/kray/feed.ics', answer: '200 text/calendar' }]);
    expect(res.unresolved).toEqual(['/confirm/:token']);
  });
});

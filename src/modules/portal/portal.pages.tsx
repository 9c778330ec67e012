/** @jsxImportSource hono/jsx */
/**
 * Pages of the portal module: the home page (/) and one programme area's page (/areas/:slug). Both public, read-only
 * (nothing to audit), composed from the other modules' public reads by portal.service.ts.
 */
import { Hono } from 'hono';
import { errors } from '../../platform/errors';
import type { AppEnv } from '../../platform/http/context';
import { render } from '../../platform/http/render';
import { listPublicLinks } from '../../platform/ui/layout';
import { tileSourceFromConfig } from '../../platform/ui/map';
import { followControl } from '../accounts';
import { areaData, homeData } from './portal.service';
import { AreaPage, CONCERN_LIST_ID } from './views/area';
import { HomePage } from './views/home';

export const pages = new Hono<AppEnv>();

pages.get('/', async (c) => {
  const t = c.var.t;
  const data = await homeData(c.var.db, { tiles: tileSourceFromConfig(c.var.deps.config) });
  return render(c, t('portal.home.title'), <HomePage t={t} locale={c.var.locale} tenantName={c.var.tenant.name} map={data.map} areas={data.areas} signedIn={!!c.var.user} links={listPublicLinks()} />, { largeHeading: true });
});

pages.get('/areas/:slug', async (c) => {
  const t = c.var.t;
  const data = await areaData(c.var.db, c.req.param('slug'), { tiles: tileSourceFromConfig(c.var.deps.config), t, locale: c.var.locale, concernListId: CONCERN_LIST_ID });
  if (!data) throw errors.notFound('programme area');
  // The residents' accounts module's control: "follow this area" for a signed-in resident, else a sign-in link.
  const follow = await followControl(c, { type: 'area', id: data.area.id }, { back: `/areas/${data.area.slug}`, label: data.area.name });
  return render(c, data.area.name, <AreaPage t={t} locale={c.var.locale} data={data} follow={follow} />, {
    crumbs: [[t('territory.areas.title'), '/areas'], [data.area.name]],
    largeHeading: true,
  });
});

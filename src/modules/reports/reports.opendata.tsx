/** @jsxImportSource hono/jsx */
/**
 * Open data (public, no account): aggregated, anonymised figures per Stadtteil and month as CSV and GeoJSON, the
 * published concerns as GeoJSON without personal data, and their DCAT-AP.de description (JSON-LD) at the stable
 * URL /open-data/catalog.jsonld. Every download is audited (actor: system for anonymous visitors).
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../platform/http/context';
import { render } from '../../platform/http/render';
import { linkBase } from '../../platform/auth/links';
import { svc } from '../../platform/http/service-context';
import { Table } from '../../platform/ui/components';
import { toCsv } from './reports.csv';
import { SUPPRESS_BELOW } from './reports.figures';
import { openConcerns, openDataMonthly, openDataMonths } from './reports.service';
import { getMunicipalityKey } from '../territory';

type C = Context<AppEnv>;

export const openData = new Hono<AppEnv>();

export const DATASETS = {
  monthly: 'concerns-by-district-month',
  concerns: 'public-concerns',
} as const;

const LICENCE = 'http://dcat-ap.de/def/licenses/dl-zero-de/2.0';

/** Origin of the catalogue's URLs: PUBLIC_URL or a registered host of the tenant (never an unchecked Host header). */
async function base(c: C): Promise<string> {
  return (await linkBase(c)) ?? '';
}

/** The last day of a month "YYYY-MM" as "YYYY-MM-DD". */
function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/**
 * DCAT-AP.de catalogue of Quartier's open data (JSON-LD). `municipalityKey`: the territory's Amtlicher
 * Gemeindeschlüssel (dct:spatial); left out when the territory data gave none.
 */
export function catalogue(baseUrl: string, publisher: string, months: string[], modified: string, municipalityKey: string | null) {
  const pub = { '@type': 'foaf:Organization', 'foaf:name': publisher };
  const spatial = municipalityKey ? { 'dct:spatial': { '@id': `http://dcat-ap.de/def/politicalGeocoding/municipalityKey/${municipalityKey}` } } : {};
  const temporal = { '@type': 'dct:PeriodOfTime', 'dcat:startDate': `${months[0]}-01`, 'dcat:endDate': lastDayOf(months[months.length - 1]!) };
  const dist = (id: string, file: string, format: 'CSV' | 'GEOJSON', media: string, title: string) => ({
    '@id': `${baseUrl}/open-data/${file}#distribution`,
    '@type': 'dcat:Distribution',
    'dct:title': title,
    'dcat:accessURL': { '@id': `${baseUrl}/open-data` },
    'dcat:downloadURL': { '@id': `${baseUrl}/open-data/${file}` },
    'dct:format': { '@id': `http://publications.europa.eu/resource/authority/file-type/${format}` },
    'dcat:mediaType': media,
    'dct:license': { '@id': LICENCE },
    'dct:identifier': `${id}-${format.toLowerCase()}`,
  });
  const common = {
    'dct:publisher': pub,
    'dcatde:maintainer': pub,
    'dct:license': { '@id': LICENCE },
    'dct:language': { '@id': 'http://publications.europa.eu/resource/authority/language/DEU' },
    'dcat:theme': { '@id': 'http://publications.europa.eu/resource/authority/data-theme/SOCI' },
    ...spatial,
    'dct:modified': { '@type': 'xsd:dateTime', '@value': modified },
    'dct:accrualPeriodicity': { '@id': 'http://publications.europa.eu/resource/authority/frequency/DAILY' },
  };
  return {
    '@context': {
      dcat: 'http://www.w3.org/ns/dcat#',
      dct: 'http://purl.org/dc/terms/',
      foaf: 'http://xmlns.com/foaf/0.1/',
      dcatde: 'http://dcat-ap.de/def/dcatde/',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
    },
    '@id': `${baseUrl}/open-data/catalog.jsonld`,
    '@type': 'dcat:Catalog',
    'dct:title': `Quartier – Offene Daten (${publisher})`,
    'dct:description': 'Aggregierte, anonymisierte Zahlen des Quartiersmanagements je Stadtteil und Monat sowie veröffentlichte Anliegen ohne personenbezogene Daten.',
    'dct:publisher': pub,
    'dct:language': { '@id': 'http://publications.europa.eu/resource/authority/language/DEU' },
    'foaf:homepage': { '@id': `${baseUrl}/open-data` },
    'dcat:dataset': [
      {
        '@id': `${baseUrl}/open-data#${DATASETS.monthly}`,
        '@type': 'dcat:Dataset',
        'dct:identifier': DATASETS.monthly,
        'dct:title': 'Eingegangene Anliegen je Stadtteil und Monat',
        'dct:description': `Zahl der veröffentlichten Anliegen je Stadtteil (amtliche Nummer) und Monat der letzten 24 Monate. Werte unter ${SUPPRESS_BELOW} sind unterdrückt (leer, suppressed=true).`,
        'dcat:keyword': ['Quartiersmanagement', 'Anliegen', 'Stadtteil'],
        'dct:temporal': temporal,
        ...common,
        'dcat:distribution': [
          dist(DATASETS.monthly, `${DATASETS.monthly}.csv`, 'CSV', 'text/csv', 'CSV'),
          dist(DATASETS.monthly, `${DATASETS.monthly}.geojson`, 'GEOJSON', 'application/geo+json', 'GeoJSON (Stadtteile mit Monatswerten)'),
        ],
      },
      {
        '@id': `${baseUrl}/open-data#${DATASETS.concerns}`,
        '@type': 'dcat:Dataset',
        'dct:identifier': DATASETS.concerns,
        'dct:title': 'Veröffentlichte Anliegen (Punkte)',
        'dct:description': 'Veröffentlichte Anliegen mit Ort: Nummer, Thema, Status, Eingangs- und Abschlussdatum, Stadtteil. Ohne Beschreibungstext, Adresse oder Angaben zu Personen.',
        'dcat:keyword': ['Anliegen', 'Mängelmelder'],
        ...common,
        'dcat:distribution': [dist(DATASETS.concerns, `${DATASETS.concerns}.geojson`, 'GEOJSON', 'application/geo+json', 'GeoJSON')],
      },
    ],
  };
}

openData.get('/open-data', (c) => {
  const t = c.var.t;
  const rows = [
    { title: t('reports.openData.monthly'), links: [`/open-data/${DATASETS.monthly}.csv`, `/open-data/${DATASETS.monthly}.geojson`] },
    { title: t('reports.openData.concerns'), links: [`/open-data/${DATASETS.concerns}.geojson`] },
  ];
  return render(
    c,
    t('reports.openData.heading'),
    <div>
      <h1 class="kern-heading-large">{t('reports.openData.heading')}</h1>
      <p class="kern-body">{t('reports.openData.intro', { min: SUPPRESS_BELOW })}</p>
      <Table
        caption={t('reports.openData.datasets')}
        rows={rows}
        empty=""
        columns={[
          { header: t('reports.openData.dataset'), cell: (r) => r.title },
          {
            header: t('reports.openData.downloads'),
            cell: (r) => (
              <ul class="kern-list">
                {r.links.map((l) => (
                  <li>
                    <a class="kern-link" href={l}>
                      {l.split('/').pop()}
                    </a>
                  </li>
                ))}
              </ul>
            ),
          },
        ]}
      />
      <p class="kern-body">
        <a class="kern-link" href="/open-data/catalog.jsonld">
          {t('reports.openData.catalogue')}
        </a>
      </p>
    </div>,
    { crumbs: [[t('reports.openData.heading')]] },
  );
});

openData.get('/open-data/catalog.jsonld', async (c) => {
  const body = catalogue(await base(c), c.var.tenant.name, openDataMonths(), new Date().toISOString(), await getMunicipalityKey(c.var.db));
  return c.body(JSON.stringify(body, null, 2), 200, { 'content-type': 'application/ld+json; charset=utf-8' });
});

openData.get(`/open-data/${DATASETS.monthly}.csv`, async (c) => {
  const { districts, cells } = await openDataMonthly(svc(c), { withGeometry: false, format: 'csv' });
  const names = new Map(districts.map((d) => [d.number, d.name]));
  const csv = toCsv(
    ['district_number', 'district_name', 'month', 'concerns_received', 'suppressed'],
    cells.map((x) => [x.districtNumber, names.get(x.districtNumber) ?? '', x.month, x.count, x.count === null ? 'true' : 'false']),
  );
  return c.body(csv, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${DATASETS.monthly}.csv"` });
});

openData.get(`/open-data/${DATASETS.monthly}.geojson`, async (c) => {
  const { districts, months, cells } = await openDataMonthly(svc(c), { withGeometry: true, format: 'geojson' });
  const features = districts.map((d) => {
    const mine = cells.filter((x) => x.districtNumber === d.number);
    return {
      type: 'Feature',
      geometry: d.geometry,
      properties: { district_number: d.number, district_name: d.name, concerns_received: Object.fromEntries(mine.map((x) => [x.month, x.count])) },
    };
  });
  const body = { type: 'FeatureCollection', name: DATASETS.monthly, months, suppressed_below: SUPPRESS_BELOW, features };
  return c.body(JSON.stringify(body), 200, { 'content-type': 'application/geo+json; charset=utf-8' });
});

openData.get(`/open-data/${DATASETS.concerns}.geojson`, async (c) => {
  const items = await openConcerns(svc(c));
  const body = {
    type: 'FeatureCollection',
    name: DATASETS.concerns,
    features: items.map((x) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [Math.round(x.lon * 1e5) / 1e5, Math.round(x.lat * 1e5) / 1e5] },
      properties: { number: x.number, category: x.category, category_label: x.categoryLabel, status: x.status, created: x.created, closed: x.closed, district_number: x.districtNumber },
    })),
  };
  return c.body(JSON.stringify(body), 200, { 'content-type': 'application/geo+json; charset=utf-8' });
});

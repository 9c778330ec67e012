/**
 * Reports module — the ONLY import surface for other modules.
 *
 * Dashboards per programme area and for the programme (a chosen period against the previous one; charts as SVG
 * rendered by Vega, each with its numbers as a table), social indicators per Stadtteil imported from CSV (source
 * and licence kept with every figure), and open data (aggregated figures per Stadtteil and month with small cells
 * suppressed, published concerns without personal data, DCAT-AP.de metadata). Other modules' figures are read
 * only through their index.ts; every report view and export is audited.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { QuartierModule } from '../../platform/module';
import { DATASETS } from './reports.opendata';
import { pages, SLUG, TABLE, YEAR } from './reports.pages';

export { barChart, barChartSpec, chartSvg, clearChartMemos, renderSvg, type BarChart, type BarDatum } from './reports.charts';
export { previousPeriod, suppressedCells, SUPPRESS_BELOW, type MonthlyCell, type Period } from './reports.figures';
export { parseIndicatorCsv, INDICATOR_COLUMNS, type IndicatorRow, type RowProblem } from './reports.csv';
export { annualReport, saveNarratives, NARRATIVE_SECTIONS, type AnnualReport } from './reports.service';
export { reportTables, tableCsv, tableXlsx, SECTIONS, TABLE_KEYS, type ReportTable, type SectionKey } from './reports.export';
export { annualPdf } from './reports.pdf';
export { dashboard, importIndicators, listIndicatorsFor, openConcerns, openDataMonthly, resolveScope, type ImportResult } from './reports.service';
export type { Compare, Dashboard, Indicator, ReportScope } from './reports.types';
export type { ReportsTables } from './reports.tables';

export const reportsModule: QuartierModule = {
  name: 'reports',
  dir: path.dirname(fileURLToPath(import.meta.url)),
  pages,
  routes: {
    'GET /staff/reports': 'reports.read',
    [`GET /staff/reports/areas/${SLUG}`]: 'reports.read',
    'GET /staff/reports/indicators': 'reports.read',
    'GET /staff/reports/indicators/import': 'indicators.manage',
    'POST /staff/reports/indicators/import': 'indicators.manage',
    ...Object.fromEntries(
      ['/staff/reports/annual', `/staff/reports/areas/${SLUG}/annual`].flatMap((prefix) => [
        [`GET ${prefix}/${YEAR}`, 'reports.read'],
        [`GET ${prefix}/${YEAR}/report.pdf`, 'reports.read'],
        [`GET ${prefix}/${YEAR}/tables/${TABLE}`, 'reports.read'],
        [`GET ${prefix}/${YEAR}/edit`, 'reports.manage'],
        [`POST ${prefix}/${YEAR}/edit`, 'reports.manage'],
      ]),
    ),
    'GET /open-data': 'public',
    'GET /open-data/catalog.jsonld': 'public',
    [`GET /open-data/${DATASETS.monthly}.csv`]: 'public',
    [`GET /open-data/${DATASETS.monthly}.geojson`]: 'public',
    [`GET /open-data/${DATASETS.concerns}.geojson`]: 'public',
  },
  publicLinks: [{ href: '/open-data', labelKey: 'reports.openData.heading', order: 60 }],
  nav: [
    { href: '/staff/reports', labelKey: 'reports.nav', action: 'reports.read', order: 80 },
    { href: '/staff/reports/indicators', labelKey: 'reports.nav.indicators', action: 'reports.read', order: 81 },
  ],
};

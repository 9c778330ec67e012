/**
 * Seed of the territory: Essen's 9 Stadtbezirke and 50 Stadtteile with their official boundaries, the street list,
 * the four programme areas of the Essener Modell with their district offices, the programme's funding periods,
 * and the topic catalogue. Idempotent: every step inserts only what is missing (by official number, street key +
 * name, source key or topic key) and never overwrites what staff edited. Data: ./data/essen (see SOURCE.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { diff, recordAudit, type AuditTables } from '../../platform/audit';
import { forTenant } from '../../platform/db/tenant-scope';
import { newId } from '../../platform/ids';
import { areaKm2, bboxOf, type AreaGeometry, type Position } from './territory.geo';
import { invalidateIndex, LookupIndex } from './territory.lookup';
import { streetKeys } from './territory.names';
import * as q from './territory.queries';
import { seedArea, type AreaInput } from './territory.service';
import type { TopicLabels } from './territory.types';

export const DATA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data', 'essen');

interface Feature<P> {
  properties: P;
  geometry: AreaGeometry;
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(path.join(DATA_DIR, file), 'utf8')) as T;
}

/** GeoJSON with 2-D positions rounded to 6 decimals (about 0.1 m). */
function clean2d(g: AreaGeometry): AreaGeometry {
  const ring = (r: number[][]): Position[] => r.map((p) => [Math.round(p[0]! * 1e6) / 1e6, Math.round(p[1]! * 1e6) / 1e6]);
  return g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: g.coordinates.map(ring) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(ring)) };
}

/** RFC 4180 CSV (quoted fields, doubled quotes, LF or CRLF) → objects by header. */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header = [], ...body] = rows;
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

interface BoroughProps {
  stadtbezirk_nr: number;
  stadtbezirk: string;
  name: string;
  flaeche_km2?: number;
}
interface DistrictProps {
  nummer: number;
  name: string;
  stadtbezirk_nr: number;
  flaeche_km2?: number;
}
interface ProgrammeFile {
  municipality?: { name: string; key: string };
  programme: { funding_periods: { funder: string; kind: string; start: string | null; end: string | null; note?: string }[] };
  areas: {
    name: string;
    stadtteile: string[];
    note?: string;
    office: { name: string | null; street: string | null; postcode: string | null; city: string | null; opened: string | null; previous_address?: string };
  }[];
}

/** The topic catalogue every tenant starts with (other modules tag their records with these keys). */
export const DEFAULT_TOPICS: { key: string; labels: TopicLabels }[] = [
  { key: 'integration', labels: { de: 'Integration', en: 'Integration', ar: 'الاندماج' } },
  { key: 'participation', labels: { de: 'Beteiligung', en: 'Participation', ar: 'المشاركة' } },
  { key: 'cleanliness', labels: { de: 'Sauberkeit', en: 'Cleanliness', ar: 'النظافة' } },
  { key: 'neighbourhood_development', labels: { de: 'Stadtteilentwicklung', en: 'Neighbourhood development', ar: 'تنمية الحي' } },
  { key: 'youth', labels: { de: 'Kinder und Jugend', en: 'Children and young people', ar: 'الأطفال والشباب' } },
  { key: 'seniors', labels: { de: 'Seniorinnen und Senioren', en: 'Older people', ar: 'كبار السن' } },
  { key: 'housing', labels: { de: 'Wohnen', en: 'Housing', ar: 'السكن' } },
  { key: 'green_environment', labels: { de: 'Grün und Umwelt', en: 'Green spaces and environment', ar: 'المساحات الخضراء والبيئة' } },
  { key: 'safety', labels: { de: 'Sicherheit', en: 'Safety', ar: 'الأمان' } },
  { key: 'culture', labels: { de: 'Kultur', en: 'Culture', ar: 'الثقافة' } },
  { key: 'education', labels: { de: 'Bildung', en: 'Education', ar: 'التعليم' } },
  { key: 'health', labels: { de: 'Gesundheit', en: 'Health', ar: 'الصحة' } },
  { key: 'employment', labels: { de: 'Arbeit und Beschäftigung', en: 'Work and employment', ar: 'العمل والتوظيف' } },
  { key: 'mobility', labels: { de: 'Mobilität und Verkehr', en: 'Mobility and transport', ar: 'التنقل والمواصلات' } },
];

const AREA_TEXT: Record<string, { slug: string; description: string; notes?: string; polygonFile?: string }> = {
  Kray: {
    slug: 'kray',
    description:
      'Quartier im Stadtteil Kray (Stadtbezirk VII). Stadtteilarbeit, Stadtteilmoderation und das Stadtteilbüro Kray arbeiten hier mit den Bewohnerinnen und Bewohnern, der Verwaltung, Einrichtungen und Politik für gute Lebensbedingungen im Quartier.',
  },
  Karnap: {
    slug: 'karnap',
    description:
      'Quartier im Stadtteil Karnap (Stadtbezirk V). Stadtteilarbeit, Stadtteilmoderation und das Stadtteilbüro Karnap arbeiten hier mit den Bewohnerinnen und Bewohnern, der Verwaltung, Einrichtungen und Politik für gute Lebensbedingungen im Quartier.',
    notes: 'Die Postleitzahl des Stadtteilbüros ist in den Quellen nicht angegeben.',
  },
  Frohnhausen: {
    slug: 'frohnhausen',
    description:
      'Quartier im Stadtteil Frohnhausen (Stadtbezirk III). Stadtteilarbeit, Stadtteilmoderation und das Stadtteilbüro Frohnhausen arbeiten hier mit den Bewohnerinnen und Bewohnern, der Verwaltung, Einrichtungen und Politik für gute Lebensbedingungen im Quartier.',
    notes: 'Die Postleitzahl des Stadtteilbüros ist in den Quellen nicht angegeben.',
  },
  'Bergmannsfeld / Hörsterfeld': {
    slug: 'bergmannsfeld-hoersterfeld',
    description:
      'Quartier um die Siedlungen Bergmannsfeld (Freisenbruch) und Hörsterfeld (Horst) im Stadtbezirk VII. Es umfasst Teile zweier Stadtteile, keinen ganzen Stadtteil. Die eingezeichnete Grenze ist ungefähr, nicht amtlich.',
    notes:
      'UNGEFÄHRE GRENZE – keine amtliche Abgrenzung. Die Fläche wurde für Quartier aus den Stadtteilgrenzen der Stadt Essen konstruiert: ein Band beiderseits der Grenze zwischen Freisenbruch und Horst (etwa 830 m nach Norden, 500 m nach Süden). Sie wird ersetzt, sobald die tatsächliche Abgrenzung vorliegt. Frühere Adresse des Stadtteilbüros: Philosophenweg 8. Das Eröffnungsdatum ist in den Quellen nicht angegeben.',
    polygonFile: 'bergmannsfeld-hoersterfeld-approx.geojson',
  },
};

const FUNDING_TEXT = [
  {
    sourceKey: 'essen:funding:krupp-model',
    kind: 'Modellprojekt (drei Jahre)',
    note: 'Beginn in den Quellen nicht genannt: drei Jahre vor dem Ratsbeschluss vom 22.09.2021.',
  },
  { sourceKey: 'essen:funding:city-permanent', kind: 'Dauerhafte Finanzierung', note: 'Ratsbeschluss vom 22.09.2021: Das Essener Modell wird ab 2022 dauerhaft fortgeführt.' },
];

export interface SeedTerritoryOptions {
  /** Load Essen's boundaries, streets, areas and funding (default). Off: only the topic catalogue. */
  essenData?: boolean;
}

const SYSTEM = { id: null, label: 'system' };

/** Seeds the territory of one tenant; returns report lines. Safe to run again. */
export async function seedTerritory(root: Kysely<any>, tenantId: string, opts: SeedTerritoryOptions = {}): Promise<string[]> {
  const lines: string[] = [];
  const essen = opts.essenData ?? true;
  await forTenant(root, tenantId)
    .transaction()
    .execute(async (trx) => {
      const db = trx as unknown as q.Db;
      const audit = trx as unknown as Kysely<AuditTables>;
      let shapesChanged = false;

      if (essen) {
        // Stadtbezirke
        const boroughs = readJson<{ features: Feature<BoroughProps>[] }>('essen_stadtbezirke.geojson').features;
        const haveBoroughs = await q.boroughIdsByNumber(db);
        let newBoroughs = 0;
        for (const f of boroughs) {
          if (haveBoroughs.has(f.properties.stadtbezirk_nr)) continue;
          const geometry = clean2d(f.geometry);
          const id = newId('bor');
          await q.insertBorough(db, {
            id,
            number: f.properties.stadtbezirk_nr,
            roman: f.properties.stadtbezirk,
            name: f.properties.name,
            geometry,
            bbox: bboxOf(geometry),
            areaKm2: f.properties.flaeche_km2 ?? areaKm2(geometry),
          });
          haveBoroughs.set(f.properties.stadtbezirk_nr, id);
          newBoroughs++;
        }
        lines.push(`Stadtbezirke: ${haveBoroughs.size} (neu: ${newBoroughs})`);

        // Stadtteile
        const districts = readJson<{ features: Feature<DistrictProps>[] }>('essen_stadtteile.geojson').features;
        const haveDistricts = await q.districtNumbersPresent(db);
        const newDistricts = districts
          .filter((f) => !haveDistricts.has(f.properties.nummer))
          .map((f) => {
            const geometry = clean2d(f.geometry);
            return {
              id: newId('dis'),
              number: f.properties.nummer,
              name: f.properties.name,
              boroughId: haveBoroughs.get(f.properties.stadtbezirk_nr)!,
              geometry,
              bbox: bboxOf(geometry),
              areaKm2: f.properties.flaeche_km2 ?? areaKm2(geometry),
            };
          });
        await q.insertDistricts(db, newDistricts);
        if (newDistricts.length) shapesChanged = true;
        lines.push(`Stadtteile: ${haveDistricts.size + newDistricts.length} (neu: ${newDistricts.length})`);

        // Straßen
        const csv = parseCsv(fs.readFileSync(path.join(DATA_DIR, 'essen_strasse_stadtteil.csv'), 'utf8'));
        const haveStreets = await q.streetKeysPresent(db);
        const newStreets = csv
          .filter((r) => r.strasse && !haveStreets.has(`${r.schl_nr}\u0000${r.strasse}`))
          .map((r) => {
            const keys = streetKeys(r.strasse!);
            const numbers = (r.stadtteil_nummern ?? '')
              .split(';')
              .map((s) => Number(s.trim()))
              .filter((n) => Number.isInteger(n) && n > 0);
            return { id: newId('str'), key: r.schl_nr ?? '', name: r.strasse!, norm: keys.norm, fold: keys.fold, districtNumbers: numbers, sourceStatus: r.status_quelle || null };
          });
        await q.insertStreets(db, newStreets);
        lines.push(`Straßen: ${haveStreets.size + newStreets.length} (neu: ${newStreets.length})`);

        // Quartiere (programme areas)
        const programme = readJson<ProgrammeFile>('programme-areas.json');
        if (programme.municipality) await q.setMunicipalityKey(db, programme.municipality.key);
        const index = new LookupIndex(await q.listDistrictShapes(db), []);
        const byName = new Map((await q.listDistricts(db)).map((d) => [d.name, d.number]));
        let newAreas = 0;
        for (const a of programme.areas) {
          const text = AREA_TEXT[a.name];
          if (!text) continue;
          const sourceKey = `essen:area:${text.slug}`;
          if (await q.findAreaBySourceKey(db, sourceKey)) continue;
          const polygon = text.polygonFile ? readJson<{ features: Feature<unknown>[] }>(text.polygonFile).features[0]!.geometry : null;
          const input: AreaInput = {
            name: a.name,
            slug: text.slug,
            description: text.description,
            notes: text.notes ?? null,
            kind: polygon ? 'polygon' : 'districts',
            districtNumbers: a.stadtteile.map((n) => byName.get(n)).filter((n): n is number => n !== undefined),
            geometry: polygon,
            boundaryApproximate: !!polygon,
            office: { name: a.office.name, street: a.office.street, postcode: a.office.postcode, city: a.office.city, opened: a.office.opened },
          };
          await seedArea(db, input, sourceKey, index);
          newAreas++;
          shapesChanged = true;
        }
        lines.push(`Quartiere: ${(await q.listAreaSummaries(db)).length} (neu: ${newAreas})`);

        // Förderzeiträume
        let newFunding = 0;
        for (const [i, f] of programme.programme.funding_periods.entries()) {
          const text = FUNDING_TEXT[i];
          if (!text || (await q.fundingSourceKeyExists(db, text.sourceKey))) continue;
          const id = newId('fun');
          const rec = { funder: f.funder, kind: text.kind, startDate: f.start, endDate: f.end, areaId: null, note: text.note };
          await q.insertFundingPeriod(db, id, rec, text.sourceKey);
          await recordAudit(audit, { actor: SYSTEM, entityType: 'territory_funding_period', entityId: id, action: 'create', changes: diff(null, rec) });
          newFunding++;
        }
        lines.push(`Förderzeiträume: neu ${newFunding}`);
      }

      // Themen (topic catalogue)
      const topics = await q.listTopics(db);
      const have = new Set(topics.map((t) => t.key));
      const missing = DEFAULT_TOPICS.map((t, i) => ({ ...t, sortOrder: (i + 1) * 10 })).filter((t) => !have.has(t.key));
      const rows = missing.map((t) => ({ id: newId('top'), key: t.key, labels: t.labels, active: true, sortOrder: t.sortOrder }));
      await q.insertTopics(db, rows);
      for (const r of rows) {
        await recordAudit(audit, { actor: SYSTEM, entityType: 'territory_topic', entityId: r.id, action: 'create', changes: diff(null, { key: r.key, labelDe: r.labels.de, labelEn: r.labels.en, labelAr: r.labels.ar }) });
      }
      lines.push(`Themen: ${topics.length + rows.length} (neu: ${rows.length})`);

      if (shapesChanged || (await q.getRevision(db)) === 0) await q.bumpRevision(db);
    });
  invalidateIndex(tenantId);
  return lines;
}

/**
 * Generated concerns for the Open311 benchmark: after the data set has been migrated and seeded through the real
 * code (bench/dataset.ts), the category catalogue is ensured through the concerns module and `count` clearly
 * fictional concerns are inserted with one set-based statement per chunk — a recursive CTE on SQLite,
 * generate_series on PostgreSQL. They are spread evenly over the 8 categories, the 50 Stadtteile (with the
 * programme area the Stadtteil belongs to, as placeConcern would set it) and the two years up to now; older ones are
 * mostly closed. Public numbers run per year (YYYY-NNNNNN) and the per-year counters are set to match, so real
 * submissions afterwards continue the sequence.
 *
 * Not generated (the Open311 list does not read them): timeline events, audit entries, search-index rows, photos.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../src/platform/db/dialect';
import { forTenant } from '../src/platform/db/tenant-scope';
import { ensureCategories, listCategories } from '../src/modules/concerns';
import { listAreas, listDistricts } from '../src/modules/territory';

export interface GeneratedConcerns {
  rows: number;
  seconds: number;
  /** Category keys (Open311 service codes) in catalogue order. */
  serviceCodes: string[];
  /** Category ids in the same order (the intake form's values). */
  categoryIds: string[];
  /** Official Stadtteil numbers (the form's "choose your Stadtteil"). */
  districtNumbers: number[];
  /** Oldest generated concern (ISO). */
  from: string;
  /** Newest generated concern (ISO). */
  to: string;
}

const DAY = 86_400;
/** Rows per INSERT … SELECT statement (each its own transaction): bounded WAL / memory, progress visible. */
const CHUNK = 200_000;

/** Where a concern's number year changes: the first index i (created = base + i·step) of each calendar year. */
export function yearStarts(baseSeconds: number, stepSeconds: number, count: number): { year: number; firstIndex: number; count: number }[] {
  const out: { year: number; firstIndex: number; count: number }[] = [];
  const lastYear = new Date((baseSeconds + (count - 1) * stepSeconds) * 1000).getUTCFullYear();
  for (let y = new Date(baseSeconds * 1000).getUTCFullYear(); y <= lastYear; y++) {
    const start = Date.UTC(y, 0, 1) / 1000;
    const firstIndex = Math.max(0, Math.ceil((start - baseSeconds) / stepSeconds));
    out.push({ year: y, firstIndex, count: 0 });
  }
  for (let k = 0; k < out.length; k++) out[k]!.count = (k + 1 < out.length ? out[k + 1]!.firstIndex : count) - out[k]!.firstIndex;
  return out.filter((y) => y.count > 0);
}

export async function generateConcerns(
  root: Kysely<any>,
  dialect: DialectName,
  tenantId: string,
  count: number,
  opts: { now?: Date; years?: number; onProgress?: (done: number) => void } = {},
): Promise<GeneratedConcerns> {
  const t0 = performance.now();
  const db = forTenant(root, tenantId);
  await ensureCategories(db as never);
  const categories = await listCategories(db as never);
  const districts = await listDistricts(db as never);
  const areas = await listAreas(db as never);
  if (categories.length === 0 || districts.length === 0) throw new Error('no categories or Stadtteile to spread the generated concerns over');

  // Per Stadtteil: its programme area (the first that covers it fully, as placeConcern does) and a box for points.
  const places = districts.map((d, k) => {
    const [west, south, east, north] = d.bbox;
    return {
      k,
      number: d.number,
      name: d.name,
      area: areas.find((a) => a.districts.some((x) => x.number === d.number && x.coverage === 'full'))?.id ?? null,
      lat: (south + north) / 2,
      lon: (west + east) / 2,
      dlat: ((north - south) / 2) * 0.6,
      dlon: ((east - west) / 2) * 0.6,
    };
  });
  const cats = categories.map((c, k) => ({ k, id: c.id, handling: c.handlingDays }));

  const nowS = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  const span = Math.round((opts.years ?? 2) * 365 * DAY);
  const step = Math.max(1, Math.floor(span / count));
  const base = nowS - step * count;
  const years = yearStarts(base, step, count);
  const recentFrom = Math.floor(count * 0.9);
  const pg = dialect === 'postgres';

  const placesCte = sql.join(
    places.map(
      (p) =>
        sql`(cast(${p.k} as integer), cast(${p.number} as integer), cast(${p.name} as text), cast(${p.area} as text), cast(${p.lat} as double precision), cast(${p.lon} as double precision), cast(${p.dlat} as double precision), cast(${p.dlon} as double precision))`,
    ),
  );
  const catsCte = sql.join(cats.map((c) => sql`(cast(${c.k} as integer), cast(${c.id} as text), cast(${c.handling} as integer))`));
  const pad = (e: ReturnType<typeof sql>) => (pg ? sql`lpad((${e})::text, 6, '0')` : sql`printf('%06d', ${e})`);
  const numberExpr = sql`case ${sql.join(
    years.map((y) => sql`when g.i >= ${y.firstIndex} and g.i < ${y.firstIndex + y.count} then ${`${y.year}-`} || ${pad(sql`g.i - ${y.firstIndex} + 1`)}`),
    sql` `,
  )} end`;
  const idExpr = pg ? sql`'con_bench' || lpad(g.i::text, 10, '0')` : sql`'con_bench' || printf('%010d', g.i)`;
  const instant = (secs: ReturnType<typeof sql>) => (pg ? sql`to_timestamp(${secs})` : sql`strftime('%Y-%m-%dT%H:%M:%fZ', ${secs}, 'unixepoch')`);
  const dueExpr = pg ? sql`to_char(to_timestamp(g.ts + c.handling * 86400) at time zone 'UTC', 'YYYY-MM-DD')` : sql`date(g.ts + c.handling * 86400, 'unixepoch')`;
  const bool = (e: ReturnType<typeof sql>) => (pg ? sql`(${e})` : sql`(case when ${e} then 1 else 0 end)`);
  const answers = pg ? sql`'{}'::jsonb` : sql`'{}'`;
  const realNum = (e: ReturnType<typeof sql>) => (pg ? sql`(${e})::double precision` : sql`(${e}) * 1.0`);
  const lat = realNum(sql`p.lat + ((g.i * 37) % 1001 - 500) * p.dlat / 500.0`);
  const lon = realNum(sql`p.lon + ((g.i * 53) % 1001 - 500) * p.dlon / 500.0`);
  // Older concerns: mostly closed; the last 10 % (≈ 73 days): mostly open.
  const statusExpr = sql`case when i < ${recentFrom} then
      case when h < 70 then 'resolved' when h < 75 then 'rejected' when h < 80 then 'not_responsible' when h < 85 then 'duplicate'
           when h < 93 then 'in_progress' else 'forwarded' end
    else
      case when h < 40 then 'received' when h < 60 then 'accepted' when h < 75 then 'forwarded' when h < 90 then 'in_progress'
           when h < 97 then 'resolved' else 'rejected' end
    end`;
  const closed = sql`g.st in ('resolved','rejected','not_responsible','duplicate')`;

  let done = 0;
  while (done < count) {
    const lo = done;
    const hi = Math.min(count, done + CHUNK);
    const series = pg
      ? sql`select i::bigint as i from generate_series(${lo}::bigint, ${hi - 1}::bigint) as s(i)`
      : sql`select i from seq`;
    const recursive = pg ? sql`` : sql`seq(i) as (select ${lo} union all select i + 1 from seq where i + 1 < ${hi}),`;
    const statement = sql`
      insert into concerns (tenant_id, id, number, category_id, description, answers, lat, lon, address, district_number, district_name,
        area_id, channel, status, status_reason, duplicate_of, assignee_id, department, due_date, public, support_count,
        submitter_name, submitter_email, submitter_phone, submitter_locale, subscribed, email_confirmed_at, created_by,
        created_at, updated_at, closed_at, anonymised_at)
      with ${pg ? sql`` : sql`recursive`} ${recursive}
        places(k, dn, dname, area, lat, lon, dlat, dlon) as (values ${placesCte}),
        cats(k, id, handling) as (values ${catsCte}),
        g0 as (select i, cast(${base} as bigint) + i * cast(${step} as bigint) as ts, (i * 37 + i / 13) % 100 as h from (${series}) s0),
        g as (select i, ts, h, ${statusExpr} as st from g0)
      select ${tenantId}, ${idExpr}, ${numberExpr}, c.id,
        'Erfundenes Anliegen Nr. ' || g.i || ' für den Lasttest: ' ||
          case g.h % 4 when 0 then 'Am Gehweg liegen seit Tagen Sperrmüll und Säcke, bitte abholen.'
                       when 1 then 'Die Bank am Spielplatz ist beschädigt und die Beleuchtung fällt abends aus.'
                       when 2 then 'Der Radweg ist zugeparkt, Kinder müssen auf die Fahrbahn ausweichen.'
                       else 'Im Hinterhof sammelt sich Müll, es riecht und zieht Ratten an.' end,
        ${answers}, ${lat}, ${lon}, 'Beispielweg ' || (g.i % 120 + 1), p.dn, p.dname,
        p.area, case g.i % 10 when 0 then 'phone' when 1 then 'open311' else 'web' end, g.st, null, null, null, null, ${dueExpr},
        ${bool(sql`g.h % 50 <> 7`)}, case when g.i % 7 = 0 then g.i % 5 else 0 end,
        null, null, null, null, ${bool(sql`1 = 0`)}, null, null,
        ${instant(sql`g.ts`)}, ${instant(sql`g.ts + case when ${closed} then 3 * 86400 else 3600 end`)},
        case when ${closed} then ${instant(sql`g.ts + 3 * 86400`)} else null end, null
      from g
      join places p on p.k = (g.i / ${cats.length}) % ${places.length}
      join cats c on c.k = g.i % ${cats.length}`;
    await statement.execute(root);
    done = hi;
    opts.onProgress?.(done);
  }

  // The per-year counters: real submissions continue after the generated numbers.
  for (const y of years) {
    await db
      .insertInto('concern_counters' as never)
      .values({ year: y.year, last: y.count } as never)
      .onConflict((oc) => oc.columns(['tenant_id', 'year'] as never).doUpdateSet({ last: sql`concern_counters.last + ${y.count}` } as never))
      .execute();
  }
  // Fresh planner statistics after a bulk load (PostgreSQL's autovacuum would do the same shortly after).
  await sql`analyze`.execute(root);

  return {
    rows: count,
    seconds: (performance.now() - t0) / 1000,
    serviceCodes: categories.map((c) => c.key),
    categoryIds: categories.map((c) => c.id),
    districtNumbers: districts.map((d) => d.number),
    from: new Date(base * 1000).toISOString(),
    to: new Date((base + (count - 1) * step) * 1000).toISOString(),
  };
}

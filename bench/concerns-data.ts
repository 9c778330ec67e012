/**
 * Generated concerns for the Open311 benchmark and the reports bench (bench/activity/concerns.ts): after the data
 * set has been migrated and seeded through the real code (bench/dataset.ts), the category catalogue is ensured
 * through the concerns module and `count` clearly fictional concerns are inserted with one set-based statement per
 * chunk — a recursive CTE on SQLite, generate_series on PostgreSQL. They are spread evenly over the 8 categories,
 * the Stadtteile (all 50, or `districtNumbers`; with the programme area the Stadtteil belongs to, as placeConcern
 * would set it, or — with `areaIds` — one of those areas) and the period (the two years up to now, or the Berlin
 * days `from` … `to`); concerns of the last 73 days are mostly open, older ones mostly closed. Every concern past
 * "received" has a first public answer (2 hours to ~20 days after intake, most within a few days); closed ones a
 * closing time after it (up to twice the category's handling days later; a duplicate is closed when answered);
 * neither lies after `now`. Public numbers run per year (YYYY-NNNNNN) after the per-year counters, and the counters
 * are raised to match, so real submissions (and further generations) continue the sequence.
 *
 * Not generated (neither the Open311 list nor the figures read them): timeline events, audit entries, search-index
 * rows, photos.
 */
import { sql, type Kysely } from 'kysely';
import { addDays, berlinInstant } from '../src/platform/calendar/berlin';
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

export interface GenerateConcernsOptions {
  /** "Now": no answer or closing lies after it; the default period ends here. Default: the current time. */
  now?: Date;
  /** The default period: this many years up to `now` (default 2). */
  years?: number;
  /** First and last Berlin day of the concerns (YYYY-MM-DD, both inclusive), instead of `years` up to `now`. */
  from?: string;
  to?: string;
  /** Only these Stadtteile (official numbers); default: every Stadtteil. */
  districtNumbers?: readonly number[];
  /**
   * Programme areas of the concerns: a Stadtteil covered fully by one of them gets that one, every other Stadtteil
   * one of them in turn (so every concern lies in an area of the list). Default: the covering area or none.
   */
  areaIds?: readonly string[];
  /** Prefix of the generated ids (default con_bench): distinct prefixes let several generations share a tenant. */
  idPrefix?: string;
  /** Shifts the pseudo-random choices (status, delays, hidden ones). Default 0. */
  seed?: number;
  onProgress?: (done: number) => void;
}

export async function generateConcerns(
  root: Kysely<any>,
  dialect: DialectName,
  tenantId: string,
  count: number,
  opts: GenerateConcernsOptions = {},
): Promise<GeneratedConcerns> {
  const t0 = performance.now();
  const db = forTenant(root, tenantId);
  await ensureCategories(db as never);
  const categories = await listCategories(db as never);
  const allDistricts = await listDistricts(db as never);
  const districts = opts.districtNumbers ? allDistricts.filter((d) => opts.districtNumbers!.includes(d.number)) : allDistricts;
  const areas = await listAreas(db as never);
  if (categories.length === 0 || districts.length === 0) throw new Error('no categories or Stadtteile to spread the generated concerns over');
  if (count <= 0) throw new Error('generateConcerns: count must be positive');

  // Per Stadtteil: its programme area (the first that covers it fully, as placeConcern does) and a box for points.
  const chosen = opts.areaIds?.length ? new Set(opts.areaIds) : null;
  const areaOf = (number: number, k: number): string | null => {
    const covering = areas.filter((a) => a.districts.some((x) => x.number === number && x.coverage === 'full')).map((a) => a.id);
    if (!chosen) return covering[0] ?? null;
    return covering.find((id) => chosen.has(id)) ?? opts.areaIds![k % opts.areaIds!.length]!;
  };
  const places = districts.map((d, k) => {
    const [west, south, east, north] = d.bbox;
    return {
      k,
      number: d.number,
      name: d.name,
      area: areaOf(d.number, k),
      lat: (south + north) / 2,
      lon: (west + east) / 2,
      dlat: ((north - south) / 2) * 0.6,
      dlon: ((east - west) / 2) * 0.6,
    };
  });
  const cats = categories.map((c, k) => ({ k, id: c.id, handling: c.handlingDays }));

  const nowS = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  let base: number;
  let step: number;
  if (opts.from || opts.to) {
    if (!opts.from || !opts.to || opts.from > opts.to) throw new Error('generateConcerns: give both from and to (from ≤ to)');
    const start = Math.floor(berlinInstant(opts.from, '00:00').getTime() / 1000);
    const end = Math.floor(berlinInstant(addDays(opts.to, 1), '00:00').getTime() / 1000);
    step = Math.max(1, Math.floor((end - start) / count));
    base = start;
  } else {
    const span = Math.round((opts.years ?? 2) * 365 * DAY);
    step = Math.max(1, Math.floor(span / count));
    base = nowS - step * count;
  }
  const last = base + (count - 1) * step;
  const seed = Math.abs(Math.trunc(opts.seed ?? 0)) % 1_000_000;
  // The newest 73 days (10 % of the default two years) are mostly open.
  const recentFrom = Math.max(0, Math.min(count, count - Math.ceil((73 * DAY) / step)));
  const pg = dialect === 'postgres';
  // Numbers continue after the tenant's counters (earlier generations, real submissions).
  const counters = new Map(
    (await db.selectFrom('concern_counters' as never).select(['year', 'last'] as never).execute()).map((r: any) => [Number(r.year), Number(r.last)]),
  );
  const years = yearStarts(base, step, count).map((y) => ({ ...y, offset: counters.get(y.year) ?? 0 }));
  const idPrefix = opts.idPrefix ?? 'con_bench';

  const placesCte = sql.join(
    places.map(
      (p) =>
        sql`(cast(${p.k} as integer), cast(${p.number} as integer), cast(${p.name} as text), cast(${p.area} as text), cast(${p.lat} as double precision), cast(${p.lon} as double precision), cast(${p.dlat} as double precision), cast(${p.dlon} as double precision))`,
    ),
  );
  const catsCte = sql.join(cats.map((c) => sql`(cast(${c.k} as integer), cast(${c.id} as text), cast(${c.handling} as integer))`));
  const pad = (e: ReturnType<typeof sql>) => (pg ? sql`lpad((${e})::text, 6, '0')` : sql`printf('%06d', ${e})`);
  const numberExpr = sql`case ${sql.join(
    years.map((y) => sql`when g.i >= ${y.firstIndex} and g.i < ${y.firstIndex + y.count} then ${`${y.year}-`} || ${pad(sql`g.i - ${y.firstIndex - y.offset} + 1`)}`),
    sql` `,
  )} end`;
  const idExpr = pg ? sql`${idPrefix} || lpad(g.i::text, 10, '0')` : sql`${idPrefix} || printf('%010d', g.i)`;
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
  const least = (a: ReturnType<typeof sql>, b: ReturnType<typeof sql>) => (pg ? sql`least(${a}, ${b})` : sql`min(${a}, ${b})`);
  // Seconds from intake to the first answer (2 h + up to 20 days, squared: most within a few days) and to closing
  // (after the answer, up to twice the handling days; a duplicate is closed when it is answered); never after now.
  const answerAt = least(sql`g.ts + g.ans`, sql`${nowS}`);
  const closedAt = least(sql`g.ts + g.ans + case when g.st = 'duplicate' then 0 else g.res end`, sql`${nowS}`);

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
        created_at, updated_at, closed_at, anonymised_at, first_answer_at)
      with ${pg ? sql`` : sql`recursive`} ${recursive}
        places(k, dn, dname, area, lat, lon, dlat, dlon) as (values ${placesCte}),
        cats(k, id, handling) as (values ${catsCte}),
        g0 as (select i, cast(${base} as bigint) + i * cast(${step} as bigint) as ts, (i * 37 + i / 13 + ${seed}) % 100 as h,
          7200 + ((i * 7919 + ${seed}) % 1000) * ((i * 7919 + ${seed}) % 1000) * 1728 / 1000 as ans,
          ((i * 104729 + ${seed}) % 1000) as r from (${series}) s0),
        g as (select i, ts, h, ans, r, ${statusExpr} as st from g0)
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
        ${instant(sql`g.ts`)},
        case when ${closed} then ${instant(closedAt)} when g.st = 'received' then ${instant(sql`g.ts`)} else ${instant(answerAt)} end,
        case when ${closed} then ${instant(closedAt)} else null end, null,
        case when g.st = 'received' then null else ${instant(answerAt)} end
      from (select g1.i, g1.ts, g1.h, g1.st, g1.ans, g1.r * 2 * 864 * c1.handling / 10 as res
            from g g1 join cats c1 on c1.k = g1.i % ${cats.length}) g
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
  // Fresh planner statistics after a bulk load (PostgreSQL's autovacuum would do the same shortly after). On
  // PostgreSQL also the visibility map of the new pages: without it no index-only scan (the figures' covering index).
  await sql`analyze`.execute(root);
  if (pg) await sql`vacuum concerns`.execute(root);

  return {
    rows: count,
    seconds: (performance.now() - t0) / 1000,
    serviceCodes: categories.map((c) => c.key),
    categoryIds: categories.map((c) => c.id),
    districtNumbers: districts.map((d) => d.number),
    from: new Date(base * 1000).toISOString(),
    to: new Date(last * 1000).toISOString(),
  };
}

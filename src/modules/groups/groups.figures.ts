/**
 * Figures of the groups module for the reports module (contract: src/platform/reporting.ts), aggregated in the
 * database over the programme areas the reader may read reports for. Definitions (period of Berlin days, both
 * ends inclusive; stage changes are instants, compared with the period's Berlin instants):
 * - byStage: every group of the areas with a stage history entry before the end of the period, by its last stage
 *   then (ended groups count under 'ended'); keys in the order of STAGES.
 * - movesForward: stage changes in the period from a stage on the way to a later one on the way (PATH order:
 *   idea → founded → accompanied → largely_independent → self_sustaining). Going back, resting (dormant), ending and
 *   reviving from dormant are not moves forward; the first entry of a new group (no from stage) is none either.
 * - becameSelfSustaining: groups that changed to self_sustaining from another stage in the period (each once).
 * - supportHours: support time of the months that overlap the period (support time is recorded per month,
 *   'YYYY-MM'), in hours with one decimal.
 */
import { figureAreas, periodInstants, type FigureQuery, type GroupActivity } from '../../platform/reporting';
import type { ServiceContext } from '../../platform/http/context';
import * as q from './groups.queries';
import { monthOf, PATH, STAGES, type Stage } from './groups.rules';

/** A change from one stage on the way to a later one on the way. */
export function isMoveForward(from: string | null, to: string): boolean {
  const a = PATH.indexOf(from as Stage);
  const b = PATH.indexOf(to as Stage);
  return a >= 0 && b > a;
}

export async function groupActivity(ctx: ServiceContext, fq: FigureQuery): Promise<GroupActivity> {
  const areaIds = figureAreas(ctx, fq);
  if (areaIds.length === 0) return { byStage: [], movesForward: 0, becameSelfSustaining: 0, supportHours: 0 };
  const db = ctx.db as unknown as q.Db;
  const { start, end } = periodInstants(fq);
  const [stages, changes, became, minutes] = await Promise.all([
    q.stagesAt(db, areaIds, end),
    q.stageChangeCounts(db, areaIds, start, end),
    q.groupsReaching(db, areaIds, 'self_sustaining', start, end),
    q.supportMinutesOfAreas(db, areaIds, monthOf(fq.from), monthOf(fq.to)),
  ]);
  const order = (s: string) => STAGES.indexOf(s as Stage);
  return {
    byStage: stages.filter((s) => s.count > 0).sort((a, b) => order(a.stage) - order(b.stage)).map((s) => ({ key: s.stage, count: s.count })),
    movesForward: changes.filter((c) => isMoveForward(c.from, c.to)).reduce((n, c) => n + c.count, 0),
    becameSelfSustaining: became,
    supportHours: Math.round(minutes / 6) / 10,
  };
}

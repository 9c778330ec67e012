/**
 * Server-side clustering (supercluster): points closer than `radius` canvas units at the view's zoom are drawn as
 * one circle with their count. Supercluster works in the same Web Mercator tile space as projection.ts; with
 * extent 256 its radius is in our canvas units at the integer zoom below the view's (so never less than `radius`).
 */
import Supercluster, { type ClusterProperties } from 'supercluster';
import { bboxAround, type BBox } from './geo';
import type { MapView } from './projection';
import type { MapPoint } from './points';

export interface ClusterOptions {
  /** Points closer than this many canvas units are grouped (default 22). */
  radius?: number;
  /** Smallest group (default 2). */
  minPoints?: number;
  /** From this zoom level on, points are never grouped (default 17: a street). */
  maxZoom?: number;
}

export type ClusterGroup =
  | { kind: 'point'; point: MapPoint }
  | { kind: 'cluster'; id: string; lon: number; lat: number; count: number; weight: number; members: BBox };

interface Props {
  i: number;
  w: number;
}

/** Groups the points visible in the view; `false` options = no grouping. Order: as supercluster returns them. */
export function clusterPoints(points: readonly MapPoint[], view: MapView, opts: ClusterOptions | false = {}): ClusterGroup[] {
  const visible = points.filter((p) => p.lon >= view.bbox[0] && p.lon <= view.bbox[2] && p.lat >= view.bbox[1] && p.lat <= view.bbox[3]);
  const zoom = Math.floor(view.zoom);
  if (opts === false || visible.length < (opts.minPoints ?? 2) || zoom >= (opts.maxZoom ?? 17)) return visible.map((point) => ({ kind: 'point', point }));
  const index = new Supercluster<Props, { w: number }>({
    radius: opts.radius ?? 22,
    extent: 256,
    minPoints: opts.minPoints ?? 2,
    // supercluster's maxZoom is the last level that still groups.
    maxZoom: (opts.maxZoom ?? 17) - 1,
    map: (p) => ({ w: p.w }),
    reduce: (acc, p) => {
      acc.w += p.w;
    },
  });
  index.load(visible.map((p, i) => ({ type: 'Feature', properties: { i, w: p.weight ?? 0 }, geometry: { type: 'Point', coordinates: [p.lon, p.lat] } })));
  const out: ClusterGroup[] = [];
  for (const f of index.getClusters(view.bbox, zoom)) {
    const [lon, lat] = f.geometry.coordinates as [number, number];
    const props = f.properties as Partial<ClusterProperties> & Props & { w: number };
    if (props.cluster) {
      const leaves = index.getLeaves(props.cluster_id!, Infinity).map((l) => visible[l.properties.i]!);
      const ids = leaves.map((l) => l.id).sort();
      out.push({ kind: 'cluster', id: `c-${ids[0]}-${leaves.length}`, lon, lat, count: leaves.length, weight: props.w, members: bboxAround([], leaves) });
    } else {
      out.push({ kind: 'point', point: visible[props.i]! });
    }
  }
  return out;
}

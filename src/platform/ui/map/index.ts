/**
 * Maps: the public surface for every module.
 *
 *   import { SvgMap, buildMapScene, mapPointsFromRows, mapViewFromUrl, tileSourceFromConfig } from '../../platform/ui/map';
 *
 *   const { view, link } = mapViewFromUrl(c.req.url);            // ?bbox=… chosen by a cluster link
 *   const scene = buildMapScene({ outlines, points: mapPointsFromRows(rows, {...}), view, link, fragment: 'concern-map',
 *                                 tiles: tileSourceFromConfig(c.var.deps.config) });
 *   <SvgMap id="concern-map" scene={scene} t={t} title="…" description="…" />
 *
 * See docs/ARCHITECTURE.md ("Maps") and docs/adr/0007-maps-server-svg-with-island.md.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerCatalogDir } from '../../i18n';

// The map's own strings (map.*): registered when the component is first imported, so any page that draws a map has them.
registerCatalogDir('map', path.dirname(fileURLToPath(import.meta.url)));

export { SvgMap, pointText, type SvgMapProps } from './svg-map';
export { buildMapScene, pathData, labelPoint, type MapScene, type MapSceneInput, type MapOutline, type MapOutlineLayer, type Marker, type PointMarker, type ClusterMarker } from './scene';
export { mapPointsFromRows, type MapPoint, type RowMapping } from './points';
export { mapViewFromUrl, parseBBox, formatBBox, viewHref, type MapLink } from './query';
export { tileSourceFromConfig, tileUrl, tileCspSource, isTileTemplate, type TileSource } from './tiles';
export { fitView, mercatorX, mercatorY, lonFromMercatorX, latFromMercatorY, type MapView } from './projection';
export { bboxAround, padBBox, ensureMinSpan, type BBox, type MapGeometry } from './geo';
export type { ClusterOptions } from './cluster';

/** @jsxImportSource hono/jsx */
/**
 * A map drawn on the server as inline SVG — outlines, optional raster tiles, point markers and clusters — that works
 * without JavaScript; the map island (ui/islands/map.ts) adds zoom, pan and the location picker when it loads.
 *
 * Accessibility: a map of shapes only is one image (role="img", named by <title>, described by <desc>). A map with
 * links (points, clusters, linked shapes) is role="group" instead — an image's children are presentational, so links
 * inside it would be hidden from assistive technology — named by <title>, described by <desc>; each link carries its
 * own name. Points always come with a text alternative next to the map: the built-in list, or the caller's own
 * list (`list={{ href: '#my-table' }}`), linked from the caption.
 */
import type { Translate } from '../../i18n';
import { islandUrl } from '../islands/build';
import type { ClusterMarker, MapScene, PointMarker } from './scene';
import type { MapPoint } from './points';

export interface SvgMapProps {
  /** Unique on the page; the figure's id is `<id>-figure`, the list's `<id>-list`. */
  id: string;
  scene: MapScene;
  t: Translate;
  title: string;
  description: string;
  caption?: string;
  /** Text alternative of the points: the built-in list (default), or the caller's own list/table at `href`. */
  list?: 'builtin' | { href: string };
  /** Heading level of the built-in list (default 2). */
  listHeadingLevel?: 2 | 3 | 4;
  /** Longest built-in list (default 200). */
  listLimit?: number;
  /** Location picker for a form: ids of the latitude and longitude inputs the island fills on a click. */
  pick?: { lat: string; lon: string };
  /** Accessible name of a cluster (default: "n Einträge in diesem Bereich – Ausschnitt vergrößern"). */
  clusterName?: (count: number) => string;
  /** Load the island (default true). */
  island?: boolean;
}

/** "label, category, status, detail": the accessible name of a point and its line in the list. */
export function pointText(p: MapPoint): { name: string; meta: string } {
  const meta = [p.categoryLabel ?? p.category, p.statusLabel ?? p.status, p.detail].filter(Boolean).join(' · ');
  return { name: meta ? `${p.label}, ${meta}` : p.label, meta };
}

const n12 = (v: number) => String(Number(v.toPrecision(12)));

function PointMark({ m }: { m: PointMarker }) {
  const { name } = pointText(m.point);
  const circle = <circle cx={String(m.x)} cy={String(m.y)} r={String(m.r)} data-q-scale={`r:${m.r}`} />;
  return m.point.href ? (
    <a href={m.point.href} class={m.className} aria-label={name} data-id={m.id}>
      <title>{name}</title>
      {circle}
    </a>
  ) : (
    <g class={m.className} data-id={m.id}>
      <title>{name}</title>
      {circle}
    </g>
  );
}

function ClusterMark({ m, name }: { m: ClusterMarker; name: string }) {
  const fs = m.count >= 100 ? 10 : 12;
  return (
    <a href={m.href} class={m.className} aria-label={name} data-count={String(m.count)}>
      <title>{name}</title>
      <circle cx={String(m.x)} cy={String(m.y)} r={String(m.r)} data-q-scale={`r:${m.r}`} />
      <text x={String(m.x)} y={String(m.y)} dy="0.35em" text-anchor="middle" font-size={String(fs)} data-q-scale={`font-size:${fs}`} aria-hidden="true">
        {String(m.count)}
      </text>
    </a>
  );
}

function ListHeading({ level, id, children }: { level: 2 | 3 | 4; id: string; children: string }) {
  if (level === 3) return <h3 class="kern-heading-small" id={id}>{children}</h3>;
  if (level === 4) return <h4 class="kern-heading-small" id={id}>{children}</h4>;
  return <h2 class="kern-heading-medium" id={id}>{children}</h2>;
}

export function SvgMap(p: SvgMapProps) {
  const { scene, t, id } = p;
  if (scene.height === 0) return null;
  const hasPoints = scene.totalPoints > 0;
  const listHref = p.list && p.list !== 'builtin' ? p.list.href : `#${id}-list`;
  const builtinList = hasPoints && (!p.list || p.list === 'builtin');
  const clusterName = p.clusterName ?? ((count: number) => t('map.cluster', { count }));
  const groups = scene.markers.filter((m) => m.kind === 'cluster').length;
  const description = hasPoints ? `${p.description} ${t('map.summary', { shown: scene.visiblePoints.length, groups })}` : p.description;
  const labelled = scene.interactive ? { 'aria-labelledby': `${id}-title`, 'aria-describedby': `${id}-desc` } : { 'aria-labelledby': `${id}-title ${id}-desc` };
  const limit = p.listLimit ?? 200;
  const classes = ['q-map', scene.tiles.length ? 'q-map--tiles' : '', p.pick ? 'q-map--pick' : ''].filter(Boolean).join(' ');
  const figure = (
    <figure class="q-map-figure" id={`${id}-figure`}>
      <svg
        class={classes}
        viewBox={scene.viewBox}
        width={String(scene.width)}
        height={String(scene.height)}
        role={scene.interactive ? 'group' : 'img'}
        {...labelled}
        id={id}
        xmlns="http://www.w3.org/2000/svg"
        data-q-map={`${n12(scene.projection.x0)} ${n12(scene.projection.y0)} ${n12(scene.projection.k)}`}
        data-q-pick={p.pick ? `${p.pick.lat} ${p.pick.lon}` : undefined}
      >
        <title id={`${id}-title`}>{p.title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {scene.tiles.length > 0 && (
          <g class="q-map-tiles" aria-hidden="true">
            {scene.tiles.map((tile) => (
              <image href={tile.href} x={String(tile.x)} y={String(tile.y)} width={String(tile.size)} height={String(tile.size)} preserveAspectRatio="none" />
            ))}
          </g>
        )}
        <g class="q-map-shapes">
          {scene.paths.map((path) =>
            path.href ? (
              <a href={path.href} aria-label={path.label}>
                <path d={path.d} class={path.className} fill-rule="evenodd">
                  {path.label && <title>{path.label}</title>}
                </path>
              </a>
            ) : (
              <path d={path.d} class={path.className} fill-rule="evenodd">
                {path.label && <title>{path.label}</title>}
              </path>
            ),
          )}
        </g>
        {scene.labels.length > 0 && (
          <g class="q-map-labels" aria-hidden="true">
            {scene.labels.map((l) => (
              <text x={String(l.x)} y={String(l.y)} text-anchor="middle" class={l.className} font-size="12" stroke-width="3" data-q-scale="font-size:12 stroke-width:3">
                {l.text}
              </text>
            ))}
          </g>
        )}
        {scene.markers.length > 0 && (
          <g class="q-map-markers">{scene.markers.map((m) => (m.kind === 'point' ? <PointMark m={m} /> : <ClusterMark m={m} name={clusterName(m.count)} />))}</g>
        )}
      </svg>
      <div class="q-map-controls" id={`${id}-controls`} role="group" aria-label={t('map.controls')} hidden>
        {(['in', 'out', 'reset'] as const).map((a) => (
          <button type="button" class="kern-btn kern-btn--secondary kern-btn--x-small" data-q-map-action={a} aria-controls={id}>
            <span class="kern-label">{t(a === 'in' ? 'map.zoomIn' : a === 'out' ? 'map.zoomOut' : 'map.reset')}</span>
          </button>
        ))}
        <p class="kern-body kern-body--small q-map-hint" id={`${id}-hint`} data-q-map-hint="">
          {p.pick ? `${t('map.pickHint')} ${t('map.keyboardHint')}` : t('map.keyboardHint')}
        </p>
        <p class="kern-sr-only" role="status" data-q-map-status="" data-q-msg-zoom={t('map.zoomStatus', { factor: '{factor}' })} data-q-msg-picked={t('map.picked', { lat: '{lat}', lon: '{lon}' })} />
      </div>
      {(p.caption || scene.zoomed || hasPoints || scene.attribution || scene.categories.length > 0) && (
        <figcaption class="kern-body kern-body--small q-map-caption">
          {p.caption && <span class="q-map-caption__text">{p.caption} </span>}
          {scene.zoomed && (
            <span class="q-map-caption__zoomed">
              {t('map.zoomed')}{' '}
              <a class="kern-link" href={scene.resetHref}>
                {t('map.showAll')}
              </a>{' '}
            </span>
          )}
          {hasPoints && (
            <a class="kern-link q-map-caption__list" href={listHref}>
              {t('map.listLink')}
            </a>
          )}
          {scene.categories.length > 0 && (
            <ul class="q-map-legend" aria-label={t('map.legend')}>
              {scene.categories.map((c) => (
                <li>
                  <svg class={`q-map-swatch q-map-point--k${c.slot}`} viewBox="0 0 12 12" width="12" height="12" aria-hidden="true">
                    <circle cx="6" cy="6" r="5" />
                  </svg>
                  {c.label}
                </li>
              ))}
            </ul>
          )}
          {scene.attribution && <span class="q-map-attribution">{t('map.tiles', { attribution: scene.attribution })}</span>}
        </figcaption>
      )}
      {p.island !== false && <script type="module" src={islandUrl('map')} />}
    </figure>
  );
  if (!builtinList) return figure;
  const shown = scene.visiblePoints.slice(0, limit);
  return (
    <div class="q-map-block">
      {figure}
      <section class="q-map-list" id={`${id}-list`} aria-labelledby={`${id}-list-heading`}>
        <ListHeading level={p.listHeadingLevel ?? 2} id={`${id}-list-heading`}>
          {t('map.listHeading')}
        </ListHeading>
        {scene.visiblePoints.length === 0 ? (
          <p class="kern-body q-empty">{t('map.listEmpty')}</p>
        ) : (
          <>
            <p class="kern-body kern-body--small">{t('map.listCount', { shown: scene.visiblePoints.length, total: scene.totalPoints })}</p>
            <ul class="kern-list q-map-list__items">
              {shown.map((pt) => {
                const { meta } = pointText(pt);
                return (
                  <li>
                    {pt.href ? (
                      <a class="kern-link" href={pt.href}>
                        {pt.label}
                      </a>
                    ) : (
                      pt.label
                    )}
                    {meta && <span class="q-map-list__meta"> – {meta}</span>}
                  </li>
                );
              })}
            </ul>
            {scene.visiblePoints.length > limit && <p class="kern-body kern-body--small">{t('map.listMore', { limit })}</p>}
          </>
        )}
      </section>
    </div>
  );
}

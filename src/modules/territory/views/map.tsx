/** @jsxImportSource hono/jsx */
/**
 * A map drawn on the server as inline SVG: no script, no tiles, works without JavaScript. Accessible as one image
 * (role="img") named by its <title> and described by <desc>; the page always shows a text alternative next to it
 * (the list of Stadtteile), referenced from the figure caption.
 */
import type { MapModel } from '../territory.map';

export function SvgMap(p: { id: string; model: MapModel; title: string; description: string; caption?: string }) {
  if (p.model.paths.length === 0) return null;
  return (
    <figure class="q-map-figure">
      <svg
        class="q-map"
        viewBox={p.model.viewBox}
        width={String(p.model.width)}
        height={String(p.model.height)}
        role="img"
        aria-labelledby={`${p.id}-title ${p.id}-desc`}
        id={p.id}
        xmlns="http://www.w3.org/2000/svg"
      >
        <title id={`${p.id}-title`}>{p.title}</title>
        <desc id={`${p.id}-desc`}>{p.description}</desc>
        {p.model.paths.map((path) => (
          <path d={path.d} class={path.className} fill-rule="evenodd">
            {path.label && <title>{path.label}</title>}
          </path>
        ))}
      </svg>
      {p.caption && <figcaption class="kern-body kern-body--small q-map-caption">{p.caption}</figcaption>}
    </figure>
  );
}

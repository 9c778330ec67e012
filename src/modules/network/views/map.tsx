/** @jsxImportSource hono/jsx */
/**
 * The optional location picker of the organisation form (platform map component, ADR 0007): the city's Stadtteile
 * and programme areas drawn on the server; with JavaScript a click fills the latitude and longitude fields. The form
 * never needs it — the fields can be typed.
 */
import type { Translate } from '../../../platform/i18n';
import { bboxAround, buildMapScene, ensureMinSpan, SvgMap, type MapGeometry, type TileSource } from '../../../platform/ui/map';

export function OrgPickerMap(p: { t: Translate; areas: { name: string; geometry: MapGeometry }[]; districts: { name: string; geometry: MapGeometry }[]; tiles: TileSource | null }) {
  const scene = buildMapScene({
    outlines: [
      { name: 'district', features: p.districts.map((d) => ({ geometry: d.geometry, className: 'q-map__district', label: d.name })) },
      { name: 'area', showLabels: true, features: p.areas.map((a) => ({ geometry: a.geometry, className: 'q-map__area', label: a.name })) },
    ],
    fitLayers: ['district'],
    tiles: p.tiles,
  });
  return <SvgMap id="network-pick" scene={scene} t={p.t} title={p.t('network.map.pickTitle')} description={p.t('network.map.pickDescription')} caption={p.t('network.map.pickCaption')} pick={{ lat: 'f-lat', lon: 'f-lon' }} />;
}

/** Where an organisation is: its point over the Stadtteil outlines around it (the address is the text alternative). */
export function OrgLocationMap(p: { t: Translate; name: string; lat: number; lon: number; districts: { name: string; geometry: MapGeometry }[]; tiles: TileSource | null }) {
  const scene = buildMapScene({
    outlines: [{ name: 'district', showLabels: true, features: p.districts.map((d) => ({ geometry: d.geometry, className: 'q-map__district', label: d.name })) }],
    points: [{ id: 'org', lat: p.lat, lon: p.lon, label: p.name }],
    focus: ensureMinSpan(bboxAround([], [{ lat: p.lat, lon: p.lon }]), 0.03),
    tiles: p.tiles,
    cluster: false,
  });
  return <SvgMap id="network-location" scene={scene} t={p.t} title={p.t('network.map.locationTitle', { name: p.name })} description={p.t('network.map.locationDescription')} island={false} />;
}

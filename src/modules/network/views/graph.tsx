/** @jsxImportSource hono/jsx */
/**
 * The network view: organisations of a programme area (and topic) as a server-drawn SVG graph — no script — with
 * relationships as lines and shared recent contacts as dotted lines; always followed by the same content as tables.
 * Logics are told apart by shape and colour (and named in the legend and the table), never by colour alone.
 */
import { ErrorSummary, SelectField, SubmitButton, Table, type FormState } from '../../../platform/ui/components';
import type { NetworkGraph } from '../network.service';
import type { Logic, Relationship, RelationshipKind } from '../network.types';
import { LOGICS, RELATIONSHIP_KINDS } from '../network.types';
import { day, label, SubNav, type Lookups, type ViewBase } from './common';
import type { NavFlags } from './organisations';

const W = 820;
const H = 620;
const CX = W / 2;
const CY = H / 2;
const R = 220;

const LOGIC_STYLE: Record<Logic, { fill: string; shape: 'circle' | 'square' | 'diamond' | 'triangle' | 'hexagon' }> = {
  district: { fill: '#2e7d32', shape: 'circle' },
  administration: { fill: '#1565c0', shape: 'square' },
  politics: { fill: '#6a1b9a', shape: 'diamond' },
  institution: { fill: '#c62828', shape: 'triangle' },
  business: { fill: '#8d6e00', shape: 'hexagon' },
};

const KIND_DASH: Record<RelationshipKind, string | undefined> = {
  cooperates_with: undefined,
  member_of: '8 4',
  funds: '2 4',
  runs: '12 4 2 4',
};

function polygon(cx: number, cy: number, r: number, n: number, rotate: number): string {
  return Array.from({ length: n }, (_, i) => {
    const a = rotate + (i * 2 * Math.PI) / n;
    return `${(cx + r * Math.cos(a)).toFixed(1)},${(cy + r * Math.sin(a)).toFixed(1)}`;
  }).join(' ');
}

function Shape(p: { logic: Logic; x: number; y: number; r: number }) {
  const s = LOGIC_STYLE[p.logic];
  const common = { fill: s.fill, stroke: '#ffffff', 'stroke-width': 2 };
  switch (s.shape) {
    case 'circle':
      return <circle cx={p.x} cy={p.y} r={p.r} {...common} />;
    case 'square':
      return <rect x={p.x - p.r * 0.9} y={p.y - p.r * 0.9} width={p.r * 1.8} height={p.r * 1.8} {...common} />;
    case 'diamond':
      return <polygon points={polygon(p.x, p.y, p.r * 1.2, 4, 0)} {...common} />;
    case 'triangle':
      return <polygon points={polygon(p.x, p.y, p.r * 1.25, 3, -Math.PI / 2)} {...common} />;
    case 'hexagon':
      return <polygon points={polygon(p.x, p.y, p.r * 1.1, 6, 0)} {...common} />;
  }
}

function LegendSwatch(p: { logic: Logic }) {
  return (
    <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      <Shape logic={p.logic} x={10} y={10} r={7} />
    </svg>
  );
}

function LineSwatch(p: { dash: string | undefined; color: string }) {
  return (
    <svg width="40" height="12" viewBox="0 0 40 12" aria-hidden="true" focusable="false">
      <line x1="2" y1="6" x2="38" y2="6" stroke={p.color} stroke-width="2.5" stroke-dasharray={p.dash} />
    </svg>
  );
}

function truncate(s: string, n = 26): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

export function GraphSvg(p: ViewBase & { graph: NetworkGraph; title: string; description: string }) {
  const orgs = [...p.graph.organisations].sort((a, b) => LOGICS.indexOf(a.logic) - LOGICS.indexOf(b.logic) || a.name.localeCompare(b.name));
  const n = orgs.length;
  const pos = new Map<string, { x: number; y: number; angle: number }>();
  // Many organisations: every second one on an inner ring, so neighbouring labels do not run into each other.
  orgs.forEach((o, i) => {
    const angle = n === 1 ? 0 : -Math.PI / 2 + (i * 2 * Math.PI) / n;
    const r = n > 16 && i % 2 === 1 ? R - 70 : R;
    pos.set(o.id, { x: n === 1 ? CX : CX + r * Math.cos(angle), y: n === 1 ? CY : CY + r * Math.sin(angle), angle });
  });
  return (
    <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-labelledby="network-graph-title network-graph-desc" class="q-network-graph" preserveAspectRatio="xMidYMid meet">
      <title id="network-graph-title">{p.title}</title>
      <desc id="network-graph-desc">{p.description}</desc>
      <rect x="0" y="0" width={W} height={H} fill="#ffffff" />
      {p.graph.contactLinks.map((l) => {
        const a = pos.get(l.a);
        const b = pos.get(l.b);
        return a && b ? <line x1={a.x} y1={a.y} x2={b.x} y2={b.y} stroke="#9e9e9e" stroke-width={Math.min(1 + l.count, 5)} stroke-dasharray="1 5" stroke-linecap="round" /> : null;
      })}
      {p.graph.relationships.map((r) => {
        const a = pos.get(r.fromOrgId);
        const b = pos.get(r.toOrgId);
        return a && b ? <line x1={a.x} y1={a.y} x2={b.x} y2={b.y} stroke="#37474f" stroke-width="2.5" stroke-dasharray={KIND_DASH[r.kind]} /> : null;
      })}
      {orgs.map((o) => {
        const q = pos.get(o.id)!;
        const r = 8 + Math.min(o.recentContacts, 8);
        const right = Math.cos(q.angle) >= -0.01;
        const lx = n === 1 ? q.x + r + 6 : q.x + (r + 6) * Math.cos(q.angle);
        const ly = n === 1 ? q.y + 4 : q.y + (r + 6) * Math.sin(q.angle) + 4;
        return (
          <g>
            <Shape logic={o.logic} x={q.x} y={q.y} r={r} />
            <text x={lx} y={ly} font-size="12" font-family="Fira Sans, sans-serif" fill="#212121" text-anchor={n === 1 || right ? 'start' : 'end'}>
              {truncate(o.name)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export function GraphPage(p: ViewBase & NavFlags & { query: Record<string, unknown>; lookups: Lookups; graph: NetworkGraph | null; areaName: string | null; topicName: string | null }) {
  const { t } = p;
  const form: FormState = { values: p.query, errors: [] };
  const g = p.graph;
  const relText = (r: Relationship) => `${r.fromName} – ${t(`network.rel.${r.kind}`)} – ${r.toName}`;
  const names = new Map((g?.organisations ?? []).map((o) => [o.id, o.name]));
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('network.graph.heading')}</h1>
      <SubNav t={t} current="graph" canGdpr={p.canGdpr} canTypes={p.canTypes} />
      <p class="kern-body">{t('network.graph.intro')}</p>
      <form method="get" action="/staff/network" class="q-filter">
        <SelectField name="areaId" label={t('network.field.area')} t={t} form={form} required placeholder={t('network.form.choose')} options={p.lookups.areas.map((a) => ({ value: a.id, label: a.name }))} />
        <SelectField name="topicId" label={t('network.field.topic')} t={t} form={form} placeholder={t('network.filter.all')} options={p.lookups.topics.map((x) => ({ value: x.id, label: label(x.labels, p.locale) }))} />
        <SubmitButton label={t('network.graph.show')} variant="secondary" />
      </form>
      <ErrorSummary form={form} t={t} />
      {!g && <p class="kern-body">{t('network.graph.chooseArea')}</p>}
      {g && g.organisations.length === 0 && <p class="kern-body q-empty">{t('network.graph.empty')}</p>}
      {g && g.organisations.length > 0 && (
        <>
          <figure class="q-stack" aria-labelledby="network-graph-caption">
            <GraphSvg
              t={t}
              locale={p.locale}
              graph={g}
              title={t('network.graph.svgTitle', { area: p.areaName ?? '', topic: p.topicName ?? t('network.filter.all') })}
              description={t('network.graph.svgDesc', { orgs: g.organisations.length, relations: g.relationships.length, links: g.contactLinks.length })}
            />
            <figcaption id="network-graph-caption" class="kern-body">
              {t('network.graph.caption', { since: day(p.locale, g.since) })} <a class="kern-link" href="#network-table">{t('network.graph.toTable')}</a>
            </figcaption>
          </figure>
          <section aria-labelledby="legend-heading">
            <h2 class="kern-heading-small" id="legend-heading">
              {t('network.graph.legend')}
            </h2>
            <ul class="kern-list">
              {LOGICS.map((l) => (
                <li>
                  <LegendSwatch logic={l} /> {t(`network.logic.${l}`)}
                </li>
              ))}
              {RELATIONSHIP_KINDS.map((k) => (
                <li>
                  <LineSwatch dash={KIND_DASH[k]} color="#37474f" /> {t(`network.rel.${k}`)}
                </li>
              ))}
              <li>
                <LineSwatch dash="1 5" color="#9e9e9e" /> {t('network.graph.sharedContact')}
              </li>
              <li>{t('network.graph.sizeHint')}</li>
            </ul>
          </section>
          <section class="q-stack" id="network-table" aria-labelledby="network-table-heading">
            <h2 class="kern-heading-medium" id="network-table-heading">
              {t('network.graph.tableHeading')}
            </h2>
            <Table
              caption={t('network.graph.orgTable')}
              empty={t('network.graph.empty')}
              rows={g.organisations}
              columns={[
                {
                  header: t('network.field.name'),
                  cell: (o) => (
                    <a class="kern-link" href={`/staff/network/organisations/${o.id}`}>
                      {o.name}
                    </a>
                  ),
                },
                { header: t('network.field.type'), cell: (o) => label(o.typeLabels, p.locale) },
                { header: t('network.field.logic'), cell: (o) => t(`network.logic.${o.logic}`) },
                { header: t('network.graph.relations'), cell: (o) => String(g.relationships.filter((r) => r.fromOrgId === o.id || r.toOrgId === o.id).length), numeric: true },
                { header: t('network.graph.recentContacts'), cell: (o) => String(o.recentContacts), numeric: true },
                { header: t('network.field.lastContact'), cell: (o) => day(p.locale, o.lastContactOn) },
              ]}
            />
            <Table
              caption={t('network.graph.relTable')}
              empty={t('network.rel.none')}
              rows={g.relationships}
              columns={[
                { header: t('network.rel.relation'), cell: relText },
                { header: t('network.field.from'), cell: (r) => day(p.locale, r.startsOn) },
                { header: t('network.field.until'), cell: (r) => day(p.locale, r.endsOn) },
              ]}
            />
            <Table
              caption={t('network.graph.linkTable')}
              empty={t('network.graph.noLinks')}
              rows={g.contactLinks}
              columns={[
                { header: t('network.graph.pair'), cell: (l) => `${names.get(l.a) ?? l.a} – ${names.get(l.b) ?? l.b}` },
                { header: t('network.graph.sharedCount'), cell: (l) => String(l.count), numeric: true },
              ]}
            />
          </section>
        </>
      )}
    </div>
  );
}

/** @jsxImportSource hono/jsx */
/** Pure parts of the network module: the SVG graph's structure and names, CSV cells, month arithmetic, the review flag. */
import { describe, expect, it } from 'vitest';
import { translator } from '../../platform/i18n';
import { csvCell, isFlagged, monthsAgo, type NetworkGraph } from './network.service';
import { GraphSvg } from './views/graph';
import type { Organisation } from './network.types';

function org(id: string, name: string, logic: Organisation['logic'], recentContacts = 0): NetworkGraph['organisations'][number] {
  return {
    id,
    name,
    typeId: 'ort_x',
    typeKey: 'association',
    typeLabels: { de: 'Verein', en: null, ar: null },
    logic,
    address: null,
    lat: null,
    lon: null,
    districtNumber: null,
    districtName: null,
    email: null,
    phone: null,
    website: null,
    channels: null,
    notes: null,
    areaIds: [],
    topicIds: [],
    createdAt: '',
    updatedAt: '',
    recentContacts,
    lastContactOn: null,
  };
}

describe('network graph SVG', () => {
  it('draws every organisation with its name, relationships as lines, and is a named image', () => {
    const graph: NetworkGraph = {
      organisations: [org('org_a', 'Schule <A>', 'institution', 3), org('org_b', 'Verein B mit einem sehr langen Namen der gekürzt wird', 'district'), org('org_c', 'Polizei C', 'administration')],
      relationships: [{ id: 'rel_1', fromOrgId: 'org_b', fromName: 'B', toOrgId: 'org_a', toName: 'A', kind: 'funds', startsOn: null, endsOn: null, note: null }],
      contactLinks: [{ a: 'org_a', b: 'org_c', count: 2 }],
      since: '2026-06-01',
    };
    const t = translator('de');
    const svg = String(<GraphSvg t={t} locale="de" graph={graph} title="Netzwerk Kray" description="3 Organisationen" />);
    expect(svg).toMatch(/^<svg[^>]*role="img"[^>]*aria-labelledby="network-graph-title network-graph-desc"/);
    expect(svg).toContain('<title id="network-graph-title">Netzwerk Kray</title>');
    expect(svg).toContain('Schule &lt;A&gt;'); // escaped
    expect(svg).toContain('Verein B mit einem sehr l…');
    expect(svg.match(/<line /g)).toHaveLength(2);
    expect(svg).toContain('stroke-dasharray="2 4"'); // funds
    expect(svg).not.toContain('style=');
    // One shape per organisation: a circle (district), a square (administration), a triangle (institution).
    expect(svg.match(/<circle /g)).toHaveLength(1);
    expect(svg.match(/<rect /g)).toHaveLength(2); // background + square
    expect(svg.match(/<polygon /g)).toHaveLength(1);
  });
});

describe('helpers', () => {
  it('guards CSV cells against formulas and quotes separators', () => {
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('sagt "hallo"\n')).toBe('"sagt ""hallo""\n"');
    expect(csvCell('Kray')).toBe('Kray');
  });

  it('counts months back in UTC calendar terms and flags inactive people', () => {
    expect(monthsAgo(6, new Date('2026-11-25T10:00:00Z'))).toBe('2026-05-25');
    expect(monthsAgo(12, new Date('2026-03-31T10:00:00Z'))).toBe('2025-03-31');
    expect(isFlagged({ lastActivityAt: '2020-01-01T00:00:00.000Z' }, 24)).toBe(true);
    expect(isFlagged({ lastActivityAt: new Date().toISOString() }, 1)).toBe(false);
  });
});

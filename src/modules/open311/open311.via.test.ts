import { describe, expect, it } from 'vitest';
import { loopProblem, MAX_QUARTIER_HOPS, outgoingVia, storedChain, viaHops, viaName } from './open311.via';

describe('Via chain (forwarding-loop guard)', () => {
  it('reads the received-by part of each entry, with protocol names and comments', () => {
    expect(viaHops('1.1 a.example, HTTP/1.1 b (Quartier),1.0 c')).toEqual(['a.example', 'b', 'c']);
    expect(viaHops('')).toEqual([]);
    expect(viaHops(undefined)).toEqual([]);
  });

  it('a pseudonym per tenant: stable, different per tenant, not the id', () => {
    expect(viaName('ten_a')).toBe(viaName('ten_a'));
    expect(viaName('ten_a')).not.toBe(viaName('ten_b'));
    expect(viaName('ten_a')).toMatch(/^quartier-[0-9a-f]{16}$/);
    expect(viaName('ten_a')).not.toContain('ten_a');
  });

  it('refuses a chain that names this tenant, or too many Quartier hops; ignores other servers', () => {
    expect(loopProblem(`1.1 x, 1.1 ${viaName('ten_a')}`, 'ten_a')).toMatch(/^Forwarding loop/);
    expect(loopProblem(`1.1 ${viaName('ten_b')}`, 'ten_a')).toBeNull();
    const many = Array.from({ length: MAX_QUARTIER_HOPS }, (_, i) => `1.1 quartier-${i}`).join(', ');
    expect(loopProblem(many, 'ten_a')).toMatch(/^Forwarding loop/);
    expect(loopProblem(Array.from({ length: 20 }, (_, i) => `1.1 proxy${i}`).join(', '), 'ten_a')).toBeNull();
  });

  it('forwards the received chain plus its own entry, on one line and bounded', () => {
    expect(outgoingVia(null, 'ten_a')).toBe(`1.1 ${viaName('ten_a')}`);
    expect(outgoingVia('1.1 x', 'ten_a')).toBe(`1.1 x, 1.1 ${viaName('ten_a')}`);
    expect(storedChain('1.1 x\r\n, 1.1 y')).toBe('1.1 x  , 1.1 y');
    const long = outgoingVia('1.1 proxy, '.repeat(200), 'ten_a');
    expect(long.length).toBeLessThanOrEqual(1000);
    expect(long.endsWith(`1.1 ${viaName('ten_a')}`)).toBe(true);
  });
});

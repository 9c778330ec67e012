import { describe, expect, it } from 'vitest';
import { generatePassword, hashPassword, passwordProblem, verifyPassword } from './passwords';
import { API_TOKEN_PREFIX, hmac, newApiToken, newSecret, safeEqual, sha256Hex } from './tokens';

describe('password rules', () => {
  it('needs at least 12 characters', () => {
    expect(passwordProblem('Kurz-1!')).toBe('auth.password.tooShort');
    expect(passwordProblem('a'.repeat(201))).toBe('auth.password.tooLong');
    expect(passwordProblem('Zeche Zollverein 1986')).toBeNull();
  });

  it('refuses very common passwords, sequences, repetitions and common words with digits', () => {
    for (const p of ['password1234', 'Passwort1234', 'QWERTZUIOPÜ1', '123456789012', 'aaaaaaaaaaaa', 'abcabcabcabc', 'abcdefghijkl', '!!Passwort!!2026', 'willkommen2026', 'Quartier12345']) {
      expect(passwordProblem(p), p).toBe('auth.password.common');
    }
  });

  it('refuses passwords made of the e-mail or name', () => {
    expect(passwordProblem('mara.moderatorin@issab.example', { email: 'mara.moderatorin@issab.example' })).toBe('auth.password.personal');
    expect(passwordProblem('mara.moderatorin2026', { email: 'mara.moderatorin@issab.example' })).toBe('auth.password.personal');
    expect(passwordProblem('IchBinMaraMeyer!', { displayName: 'Mara Meyer' })).toBe('auth.password.personal');
    expect(passwordProblem('Grüne Hauptstadt 2017!', { email: 'mara@issab.example', displayName: 'Mara Meyer' })).toBeNull();
  });

  it('generates passwords that pass the rules', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const p = generatePassword();
      expect(p).toMatch(/^[A-Za-z2-9]{5}(-[A-Za-z2-9]{5}){3}$/);
      expect(passwordProblem(p)).toBeNull();
      seen.add(p);
    }
    expect(seen.size).toBe(50);
  });

  it('hashes with argon2id and verifies', async () => {
    const h = await hashPassword('Zeche Zollverein 1986');
    expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(h, 'Zeche Zollverein 1986')).toBe(true);
    expect(await verifyPassword(h, 'Zeche Zollverein 1987')).toBe(false);
    expect(await verifyPassword(null, 'anything')).toBe(false);
    expect(await verifyPassword('not a hash', 'anything')).toBe(false);
  });
});

describe('tokens', () => {
  it('hashes secrets and compares in constant time', () => {
    const s = newSecret();
    expect(s.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(s.hash).toBe(sha256Hex(s.token));
    expect(s.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(hmac('k', 'v')).not.toBe(hmac('k2', 'v'));
  });

  it('API tokens carry a recognisable prefix', () => {
    const t = newApiToken();
    expect(t.token.startsWith(API_TOKEN_PREFIX)).toBe(true);
    expect(t.prefix).toBe(t.token.slice(0, 10));
    expect(t.hash).toBe(sha256Hex(t.token));
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';

describe('config', () => {
  it('has working defaults: SQLite, Essen, port 3000, demo outside production', () => {
    const c = parseConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.SQLITE_FILE).toBe('./data/quartier.sqlite');
    expect(c.DEFAULT_TENANT).toBe('essen');
    expect(c.seedDemo).toBe(true);
    expect(c.cookieSecure).toBe(false);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('switches to production defaults', () => {
    const c = parseConfig({ NODE_ENV: 'production' });
    expect(c.seedDemo).toBe(false);
    expect(c.cookieSecure).toBe(true);
  });

  it('refuses bad values with a message naming each variable', () => {
    expect(() => parseConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', ADMIN_PASSWORD: 'short' })).toThrow(ConfigError);
    try {
      parseConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x' });
    } catch (e) {
      expect((e as Error).message).toMatch(/PORT/);
      expect((e as Error).message).toMatch(/DATABASE_URL: must start with postgres/);
    }
  });

  it('treats empty variables as unset', () => {
    expect(parseConfig({ DATABASE_URL: '', PORT: '' }).DATABASE_URL).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { safeNext } from './auth.pages';
import { parseCreateUserArgs, CliUsageError } from './cli';

describe('safeNext', () => {
  it('keeps same-site relative paths', () => {
    expect(safeNext('/staff')).toBe('/staff');
    expect(safeNext('/admin/users?role=admin#top')).toBe('/admin/users?role=admin#top');
  });
  it('refuses everything that could leave the site or loop', () => {
    for (const bad of [null, undefined, '', 'staff', '//evil.example', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '/login', '/logout', '/x\nSet-Cookie:a=b', `/${'a'.repeat(2001)}`]) {
      expect(safeNext(bad), String(bad)).toBeNull();
    }
  });
});

describe('create-user arguments', () => {
  it('parses roles, areas and options', () => {
    expect(parseCreateUserArgs(['--email', 'A@B.example', '--name', ' Ada ', '--role', 'admin'])).toEqual({
      email: 'a@b.example',
      name: 'Ada',
      roles: ['admin'],
      areas: 'all',
      organisation: null,
      department: null,
      passwordEnv: null,
      tenant: null,
    });
    const p = parseCreateUserArgs(['--email', 'm@b.example', '--name', 'Mo', '--role', 'moderator,office_staff', '--areas', 'are_1, are_2', '--password-from-env', 'PW']);
    expect(p.roles).toEqual(['moderator', 'office_staff']);
    expect(p.areas).toEqual(['are_1', 'are_2']);
    expect(p.passwordEnv).toBe('PW');
  });
  it('explains what is wrong', () => {
    expect(() => parseCreateUserArgs(['--name', 'x', '--role', 'admin'])).toThrow(CliUsageError);
    expect(() => parseCreateUserArgs(['--email', 'x@y.z', '--role', 'admin'])).toThrow(/--name/);
    expect(() => parseCreateUserArgs(['--email', 'x@y.z', '--name', 'X', '--role', 'king'])).toThrow(/Unknown role "king"/);
    expect(() => parseCreateUserArgs(['--email', 'x@y.z', '--name', 'X', '--role', 'admin', '--bogus'])).toThrow(CliUsageError);
    expect(() => parseCreateUserArgs(['--email', 'x@y.z', '--name', 'X', '--role', 'admin', '--areas', ','])).toThrow(/--areas/);
  });
});

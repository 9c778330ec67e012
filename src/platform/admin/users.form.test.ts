import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { registerCatalogDir } from '../i18n';
import { describeAssignment, normaliseAssignments, userSnapshot } from '../auth/users.service';
import { formValuesFromAssignments, parseEditForm, parseInviteForm } from './users.form';

beforeAll(() => {
  registerCatalogDir('core', path.resolve(__dirname, '..', 'core'));
  registerCatalogDir('auth', path.resolve(__dirname, '..', 'auth'));
  registerCatalogDir('admin', __dirname);
});

describe('invite form', () => {
  it('turns role fields into assignments', () => {
    const r = parseInviteForm({
      display_name: ' Nina Neu ',
      email: ' Nina@Example.TEST ',
      organisation: '',
      roles: ['moderator', 'department_staff', 'admin'],
      scope_moderator: 'areas',
      areas_moderator: ['are_2', 'are_1'],
      scope_department_staff: 'all',
      scope_admin: 'areas',
      department: 'Jugendamt',
    });
    expect(r).toEqual({
      ok: true,
      data: {
        displayName: 'Nina Neu',
        email: 'nina@example.test',
        organisation: null,
        assignments: [
          { role: 'moderator', allAreas: false, areaIds: ['are_2', 'are_1'], department: null },
          { role: 'department_staff', allAreas: true, areaIds: [], department: 'Jugendamt' },
          { role: 'admin', allAreas: true, areaIds: [], department: null },
        ],
      },
    });
  });

  it('reports missing fields with catalog keys', () => {
    const r = parseInviteForm({ display_name: '', email: 'x', roles: [] });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toEqual(
        expect.arrayContaining([
          { field: 'display_name', key: 'form.error.required' },
          { field: 'email', key: 'form.error.email' },
          { field: 'roles', key: 'admin.users.error.noRole' },
        ]),
      );
    }
    const unknownRole = parseInviteForm({ display_name: 'X', email: 'x@y.example', roles: 'king' });
    expect(unknownRole.ok).toBe(false);
  });
});

describe('edit form', () => {
  it('needs a status of active or disabled', () => {
    expect(parseEditForm({ display_name: 'X', status: 'invited', roles: 'viewer' }).ok).toBe(false);
    const ok = parseEditForm({ display_name: 'X', status: 'disabled', roles: 'viewer', scope_viewer: 'all' });
    expect(ok.ok && ok.data.status).toBe('disabled');
  });

  it('round-trips assignments through form values', () => {
    const list = [
      { role: 'moderator' as const, allAreas: false, areaIds: ['are_1'], department: null },
      { role: 'department_staff' as const, allAreas: true, areaIds: [], department: 'Grün und Gruga' },
    ];
    const values = { display_name: 'X', status: 'active', ...formValuesFromAssignments(list) };
    const r = parseEditForm(values);
    expect(r.ok && r.data.assignments).toEqual(list);
  });
});

describe('assignments for the audit log', () => {
  it('are normalised and described readably', () => {
    const n = normaliseAssignments([
      { role: 'viewer', allAreas: false, areaIds: ['b', 'a', 'a'] },
      { role: 'admin', allAreas: false, areaIds: ['x'] },
      { role: 'viewer', allAreas: true, areaIds: [] },
      { role: 'moderator', allAreas: true, areaIds: ['x'], department: 'ignored' },
    ]);
    expect(n).toEqual([
      { role: 'admin', allAreas: true, areaIds: [], department: null },
      { role: 'moderator', allAreas: true, areaIds: [], department: null },
      { role: 'viewer', allAreas: false, areaIds: ['a', 'b'], department: null },
    ]);
    expect(n.map(describeAssignment)).toEqual(['admin: *', 'moderator: *', 'viewer: a, b']);
    const snap = userSnapshot({
      id: 'u',
      email: 'e@x',
      displayName: 'E',
      organisation: null,
      passwordHash: '$argon2id$secret',
      status: 'active',
      locale: null,
      createdAt: '',
      updatedAt: '',
      lastLoginAt: null,
      assignments: n,
    });
    expect(JSON.stringify(snap)).not.toContain('argon2');
    expect(snap.roles).toEqual(['admin: *', 'moderator: *', 'viewer: a, b']);
  });
});

/**
 * Test factories of the groups module: service contexts for a role and valid groups with their parents (the
 * territory must be seeded by the test).
 */
import type { Role } from '../../../platform/auth/policy';
import { forTenant, type TenantDb } from '../../../platform/db/tenant-scope';
import type { CurrentUser, ServiceContext } from '../../../platform/http/context';
import type { TestApp } from '../../../../test/support/app';
import { getAreaBySlug } from '../../territory';
import { createGroup, type GroupInput } from '../groups.service';
import type { Group } from '../groups.types';

export function principal(role: Role, opts: { areaIds?: string[]; id?: string } = {}): CurrentUser {
  return {
    id: opts.id ?? `usr_grp${role.replace(/_/g, '')}`,
    email: `${role}@example.test`,
    displayName: `Test ${role}`,
    organisation: null,
    locale: null,
    assignments: [{ role, allAreas: role === 'admin' || !opts.areaIds, areaIds: opts.areaIds ?? [] }],
  };
}

export function ctxFor(t: TestApp, user: CurrentUser | null, tenantId = t.tenant.id): ServiceContext & { db: TenantDb<any> } {
  const row = tenantId === t.tenant.id ? t.tenant : t.other;
  return { tenant: { id: row.id, slug: row.slug, name: row.name, defaultLocale: 'de' }, db: forTenant(t.handle.db, tenantId), user, requestId: null, dialect: t.handle.dialect };
}

/** A group in Kray (unless another area slug is given), created by an admin. */
export async function makeGroup(t: TestApp, over: Partial<GroupInput> & { tenantId?: string; areaSlug?: string } = {}): Promise<Group> {
  const { tenantId, areaSlug, ...rest } = over;
  const ctx = ctxFor(t, principal('admin'), tenantId);
  const area = (await getAreaBySlug(ctx.db, areaSlug ?? 'kray'))!;
  return createGroup(ctx, {
    name: 'Nachbarschaftsgarten',
    areaId: area.id,
    purpose: 'Eine Brachfläche gemeinsam bepflanzen.',
    startDate: '2025-01-15',
    topicIds: [],
    contactPersonId: null,
    public: false,
    publicText: null,
    meetingInfo: null,
    ...rest,
  });
}

/**
 * Test factories of the network module: service contexts for a role and valid organisations, people and contacts
 * (the type catalogue is seeded on first use; the territory must be seeded by the test).
 */
import type { Role } from '../../../platform/auth/policy';
import { forTenant, type TenantDb } from '../../../platform/db/tenant-scope';
import type { CurrentUser, ServiceContext } from '../../../platform/http/context';
import type { TestApp } from '../../../../test/support/app';
import { createOrganisation, createPerson, listTypes, logContact } from '../index';
import type { ContactInput, NewPersonInput, OrganisationInput } from '../network.schema';

export function principal(role: Role, opts: { areaIds?: string[]; id?: string } = {}): CurrentUser {
  const all = !opts.areaIds;
  return {
    id: opts.id ?? `usr_test${role.replace(/_/g, '')}`,
    email: `${role}@example.test`,
    displayName: `Test ${role}`,
    organisation: null,
    locale: null,
    assignments: [{ role, allAreas: role === 'admin' || all, areaIds: opts.areaIds ?? [], department: null }],
  };
}

export function ctxFor(t: TestApp, user: CurrentUser | null, tenantId = t.tenant.id): ServiceContext & { db: TenantDb<any> } {
  const row = tenantId === t.tenant.id ? t.tenant : t.other;
  return { tenant: { id: row.id, slug: row.slug, name: row.name, defaultLocale: 'de' }, db: forTenant(t.handle.db, tenantId), user, requestId: null, dialect: t.handle.dialect };
}

export async function typeId(ctx: ServiceContext, key: string): Promise<string> {
  return (await listTypes(ctx.db)).find((x) => x.key === key)!.id;
}

export async function makeOrg(ctx: ServiceContext, over: Partial<OrganisationInput> & { typeKey?: string } = {}): Promise<string> {
  const { typeKey, ...rest } = over;
  return createOrganisation(ctx, {
    name: 'Verein Test (Demo)',
    typeId: await typeId(ctx, typeKey ?? 'association'),
    logic: 'district',
    areaIds: [],
    topicIds: [],
    ...rest,
  });
}

export async function makePerson(ctx: ServiceContext, over: Partial<NewPersonInput> = {}): Promise<string> {
  return createPerson(ctx, {
    name: 'Erika Beispiel',
    areaIds: [],
    basis: 'consent',
    purpose: 'Einladungen zur Stadtteilkonferenz',
    method: 'written',
    givenOn: '2026-01-15',
    ...over,
  });
}

export async function makeContact(ctx: ServiceContext, over: Partial<ContactInput> = {}): Promise<string> {
  return logContact(ctx, { occurredOn: '2026-03-01', channel: 'phone', personIds: [], orgIds: [], topicIds: [], ...over });
}

/**
 * One organisation type, organisation, person (with consent and membership) and contact in the given programme area,
 * for the cross-cutting tests (policy matrix, tenant isolation). Returns their ids.
 */
export async function networkFixture(t: TestApp, areaId: string, tenantId = t.tenant.id): Promise<{ orgId: string; personId: string; contactId: string; orgTypeId: string }> {
  const ctx = ctxFor(t, principal('admin'), tenantId);
  const orgId = await makeOrg(ctx, { name: 'Fixture-Verein (Demo)', areaIds: [areaId], email: `verein-${tenantId}@network.example` });
  const personId = await makePerson(ctx, { name: 'Fixture Person', email: `person-${tenantId}@network.example`, areaIds: [areaId], orgId, role: 'Vorsitz' });
  const contactId = await makeContact(ctx, { areaId, orgIds: [orgId], personIds: [personId], note: 'Fixture-Kontakt' });
  return { orgId, personId, contactId, orgTypeId: await typeId(ctx, 'association') };
}

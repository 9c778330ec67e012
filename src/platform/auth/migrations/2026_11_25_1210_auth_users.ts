import { sql, type Kysely } from 'kysely';
import { columnTypes } from '../../db/dialect';

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('users')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('organisation', 'text')
    .addColumn('password_hash', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('locale', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('last_login_at', t.instant)
    .addPrimaryKeyConstraint('users_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('users_email_uq', ['tenant_id', 'email'])
    .addCheckConstraint('users_status_ck', sql`status in ('active','invited','disabled')`)
    .execute();

  await db.schema
    .createTable('role_assignments')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('all_areas', t.bool, (c) => c.notNull().defaultTo(t.boolFalse))
    /** For department_staff: the city department the person works in (scope by department, not by area). */
    .addColumn('department', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('role_assignments_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('role_assignments_user_fk', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .execute();
  await db.schema.createIndex('role_assignments_user_ix').on('role_assignments').columns(['tenant_id', 'user_id']).execute();

  await db.schema
    .createTable('role_assignment_areas')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('assignment_id', 'text', (c) => c.notNull())
    .addColumn('area_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('role_assignment_areas_pk', ['tenant_id', 'assignment_id', 'area_id'])
    .addForeignKeyConstraint(
      'role_assignment_areas_assignment_fk',
      ['tenant_id', 'assignment_id'],
      'role_assignments',
      ['tenant_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('role_assignment_areas').execute();
  await db.schema.dropTable('role_assignments').execute();
  await db.schema.dropTable('users').execute();
}

/**
 * Kysely table interfaces of the auth part (users, roles, sessions, tokens, throttling).
 * tenant_id is Generated: the tenant-bound handle fills it on insert.
 */
import type { Generated } from 'kysely';

export interface UsersTable {
  tenant_id: Generated<string>;
  id: string;
  email: string;
  display_name: string;
  organisation: string | null;
  password_hash: string | null;
  status: 'active' | 'invited' | 'disabled';
  locale: string | null;
  created_at: Generated<string>;
  updated_at: Generated<string>;
  last_login_at: string | null;
}

export interface RoleAssignmentsTable {
  tenant_id: Generated<string>;
  id: string;
  user_id: string;
  role: string;
  all_areas: boolean | number;
  department: string | null;
  created_at: Generated<string>;
}

export interface RoleAssignmentAreasTable {
  tenant_id: Generated<string>;
  assignment_id: string;
  area_id: string;
}

export interface SessionsTable {
  tenant_id: Generated<string>;
  id: string;
  user_id: string;
  csrf_secret: string;
  created_at: Generated<string>;
  expires_at: string;
  last_seen_at: Generated<string>;
}

export interface ApiTokensTable {
  tenant_id: Generated<string>;
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: Generated<string>;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
}

export interface LoginAttemptsTable {
  tenant_id: Generated<string>;
  id: string;
  kind: 'account' | 'ip';
  subject: string;
  at: string;
}

export interface PasswordTokensTable {
  tenant_id: Generated<string>;
  id: string;
  user_id: string;
  purpose: 'reset' | 'invite';
  created_at: Generated<string>;
  expires_at: string;
  used_at: string | null;
}

export interface AuthSecretsTable {
  tenant_id: Generated<string>;
  name: string;
  value: string;
  created_at: Generated<string>;
}

export interface AuthTables {
  users: UsersTable;
  role_assignments: RoleAssignmentsTable;
  role_assignment_areas: RoleAssignmentAreasTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_attempts: LoginAttemptsTable;
  password_tokens: PasswordTokensTable;
  auth_secrets: AuthSecretsTable;
}

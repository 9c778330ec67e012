/**
 * The invite / edit user forms: flat form fields → validated input with role assignments.
 * Fields: display_name, email (invite), organisation, status (edit), roles (repeated), per role `scope_<role>`
 * ('all' | 'areas') and `areas_<role>` (repeated area ids), department (for department_staff).
 */
import { z } from 'zod';
import { emailField } from '../auth/auth.schema';
import { ROLES, type Role } from '../auth/policy';
import type { AssignmentInput } from '../auth/users.service';
import type { FieldError } from '../errors';
import { formFields, validate, type FormValues } from '../http/forms';

const toList = (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]);

const rolesField = z.preprocess(toList, z.array(z.enum(ROLES)).min(1, 'admin.users.error.noRole'));

const common = {
  display_name: formFields.text(200),
  organisation: formFields.optionalText(200),
  department: formFields.optionalText(200),
  roles: rolesField,
};

export const inviteFormSchema = z.object({ ...common, email: emailField() });
export const editFormSchema = z.object({ ...common, status: z.enum(['active', 'disabled']) });

function listOf(v: string | string[] | undefined): string[] {
  return (v === undefined ? [] : Array.isArray(v) ? v : [v]).map((s) => s.trim()).filter(Boolean);
}

/** Assignments from the role fields (scope "areas" with its chosen areas, otherwise all areas). */
export function assignmentsFromForm(values: FormValues, roles: readonly Role[], department: string | undefined): AssignmentInput[] {
  return roles.map((role) => {
    const all = role === 'admin' || values[`scope_${role}`] !== 'areas';
    return { role, allAreas: all, areaIds: all ? [] : listOf(values[`areas_${role}`]), department: role === 'department_staff' ? (department ?? null) : null };
  });
}

export interface InviteForm {
  displayName: string;
  email: string;
  organisation: string | null;
  assignments: AssignmentInput[];
}

export interface EditForm {
  displayName: string;
  organisation: string | null;
  status: 'active' | 'disabled';
  assignments: AssignmentInput[];
}

export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FieldError[] };

export function parseInviteForm(values: FormValues): Parsed<InviteForm> {
  const v = validate(inviteFormSchema, values);
  if (!v.ok) return v;
  return {
    ok: true,
    data: {
      displayName: v.data.display_name,
      email: v.data.email,
      organisation: v.data.organisation ?? null,
      assignments: assignmentsFromForm(values, v.data.roles, v.data.department),
    },
  };
}

export function parseEditForm(values: FormValues): Parsed<EditForm> {
  const v = validate(editFormSchema, values);
  if (!v.ok) return v;
  return {
    ok: true,
    data: {
      displayName: v.data.display_name,
      organisation: v.data.organisation ?? null,
      status: v.data.status,
      assignments: assignmentsFromForm(values, v.data.roles, v.data.department),
    },
  };
}

/** Form values (for pre-filling the edit form) from a user's assignments. */
export function formValuesFromAssignments(list: readonly { role: Role; allAreas: boolean; areaIds: readonly string[]; department?: string | null }[]): FormValues {
  const values: FormValues = { roles: list.map((a) => a.role) };
  for (const a of list) {
    values[`scope_${a.role}`] = a.role === 'admin' || a.allAreas ? 'all' : 'areas';
    values[`areas_${a.role}`] = [...a.areaIds];
    if (a.department) values.department = a.department;
  }
  return values;
}

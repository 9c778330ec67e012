/** Loads the signed-in user (with role assignments and their programme areas) as the request's CurrentUser. */
import type { CurrentUser } from '../http/context';
import { isLocale } from '../i18n';
import { findUserWithAssignments, type AuthDb, type UserWithAssignments } from './users.queries';

export function toCurrentUser(u: UserWithAssignments): CurrentUser {
  return {
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    organisation: u.organisation,
    locale: isLocale(u.locale) ? u.locale : null,
    assignments: u.assignments,
  };
}

/** The user as CurrentUser, or null when missing or not active (disabled and invited users cannot act). */
export async function loadCurrentUser(db: AuthDb, userId: string): Promise<CurrentUser | null> {
  const u = await findUserWithAssignments(db, userId);
  if (!u || u.status !== 'active') return null;
  return toCurrentUser(u);
}

/** Types of the accounts module shown to other modules and views (no database types). */
import type { NotifyMode } from './accounts.tables';
import type { TargetType } from './accounts.registry';

export type { NotifyMode };
export const NOTIFY_KINDS = ['concerns', 'proposals', 'areas'] as const;
export type NotifyKind = (typeof NOTIFY_KINDS)[number];

export interface Account {
  id: string;
  email: string;
  displayName: string | null;
  locale: string | null;
  notify: Record<NotifyKind, NotifyMode>;
  createdAt: string;
  lastSignInAt: string | null;
}

export interface Follow {
  type: TargetType;
  id: string;
  createdAt: string;
}

/** Kysely table interfaces of the accounts module (see migrations/2026_11_26_0400_accounts_create.ts). */

export type NotifyMode = 'immediate' | 'off';

export interface AccountTable {
  tenant_id: string;
  id: string;
  email: string;
  display_name: string | null;
  locale: string | null;
  notify_concerns: NotifyMode;
  notify_proposals: NotifyMode;
  notify_areas: NotifyMode;
  created_at: string;
  updated_at: string;
  last_sign_in_at: string | null;
}

export interface AccountTokenTable {
  tenant_id: string;
  token_hash: string;
  email: string;
  locale: string | null;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export interface AccountSessionTable {
  tenant_id: string;
  id: string;
  account_id: string;
  expires_at: string;
  created_at: string;
}

export interface AccountFollowTable {
  tenant_id: string;
  account_id: string;
  target_type: 'area' | 'concern' | 'proposal';
  target_id: string;
  created_at: string;
}

export interface AccountsTables {
  accounts: AccountTable;
  account_tokens: AccountTokenTable;
  account_sessions: AccountSessionTable;
  account_follows: AccountFollowTable;
}

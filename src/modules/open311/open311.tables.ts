/** Kysely table interfaces of the open311 module (see migrations/2026_11_25_1600_open311_create.ts). */

/** Sync state of a concern forwarded to an external Open311 endpoint. */
export const LINK_STATES = ['pending', 'sent', 'failed'] as const;
export type LinkState = (typeof LINK_STATES)[number];

export interface LinkTable {
  tenant_id: string;
  concern_id: string;
  /** The concern's public number (the key the concerns module reads concerns by). */
  concern_number: string;
  category_id: string;
  endpoint: string;
  service_code: string;
  jurisdiction_id: string | null;
  state: LinkState;
  external_id: string | null;
  token: string | null;
  external_status: 'open' | 'closed' | null;
  external_status_notes: string | null;
  external_updated_at: string | null;
  attempts: number;
  /** A code (e.g. `http_403`, `TypeError: ECONNREFUSED`), never personal data. */
  last_error: string | null;
  sent_at: string | null;
  last_synced_at: string | null;
  created_at: string;
  updated_at: string;
}

/** The api_key Quartier sends to an external endpoint (one per tenant and endpoint URL). */
export interface ClientKeyTable {
  tenant_id: string;
  endpoint: string;
  api_key: string;
  updated_at: string;
}

/** Every request created through POST requests: which API token created it, and the token resource. */
export interface SubmissionTable {
  tenant_id: string;
  token: string;
  concern_id: string;
  concern_number: string;
  api_token_id: string;
  created_at: string;
  /** The HTTP Via chain the request arrived with (forwarding-loop guard; see open311.via.ts). */
  via: string | null;
}

export interface Open311Tables {
  open311_links: LinkTable;
  open311_client_keys: ClientKeyTable;
  open311_submissions: SubmissionTable;
}

/**
 * Person-data providers (GDPR): other modules that keep data about a network person (by id) register a provider at
 * import time; the network module's export asks every provider for its part, and its erasure asks every provider
 * to forget the person before the person is anonymised here.
 */
import type { TenantDb } from '../../platform/db/tenant-scope';

export interface PersonDataProvider {
  /** Stable name; the key of this provider's part in the export (e.g. "dialogues"). */
  name: string;
  /** What the module holds about the person (JSON-serialisable; no other person's data). */
  export(db: TenantDb<any>, personId: string): Promise<unknown>;
  /** Forgets the person (delete or anonymise); writes its own audit entries without the person's data. */
  erase(db: TenantDb<any>, personId: string): Promise<void>;
}

const providers = new Map<string, PersonDataProvider>();

/** Registers (or replaces, by name) a provider. Returns a function that removes it again (tests). */
export function registerPersonDataProvider(p: PersonDataProvider): () => void {
  providers.set(p.name, p);
  return () => {
    if (providers.get(p.name) === p) providers.delete(p.name);
  };
}

export function personDataProviders(): PersonDataProvider[] {
  return [...providers.values()].sort((a, b) => a.name.localeCompare(b.name));
}

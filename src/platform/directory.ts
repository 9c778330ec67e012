/**
 * Directory hooks: the platform (accounts, policy UI) needs to list programme areas without knowing the
 * territory module. The territory module registers a provider here at start; the platform asks through it.
 */
import type { TenantDb } from './db/tenant-scope';

export interface AreaSummary {
  id: string;
  slug: string;
  name: string;
}

export interface AreaDirectory {
  listAreas(db: TenantDb<any>): Promise<AreaSummary[]>;
}

let areaDirectory: AreaDirectory = { listAreas: async () => [] };

export function registerAreaDirectory(d: AreaDirectory): void {
  areaDirectory = d;
}

export function areas(): AreaDirectory {
  return areaDirectory;
}

import type { Kysely } from 'kysely';

/**
 * The sweep job `open311.dispatch` is gone (forwarding is planned inside the transaction that creates a concern,
 * see open311.sync.ts). Its recurring rows would wait forever for a handler; remove those not yet done.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('jobs').where('kind', '=', 'open311.dispatch').where('status', 'in', ['queued', 'failed', 'running']).execute();
}

export async function down(): Promise<void> {
  // Nothing to restore: the schedule recreates its job when a version with the sweep runs again.
}

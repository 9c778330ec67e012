/**
 * Files and photos. Public surface:
 * - `processImageUpload(bytes, opts)` (images.ts): check by content, re-encode without metadata, thumbnail.
 * - `storeImage(db, owner, processed)`: writes both variants to the storage and their rows through the caller's
 *   tenant-bound handle or transaction.
 * - `readFile(db, id)`, `listFilesOf(db, owner)`, `deleteFile(db, id)`, `deleteFilesOf(db, owner)`: deletion removes
 *   the rows and the bytes at once (redaction: no copy remains; thumbnails go with their image).
 * - Bytes written for a transaction that was rolled back have no row; the daily `files.sweep_orphans` job removes
 *   such objects (and left-over temporary files) once they are an hour old.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { dialectOf, nowIso } from '../db/dialect';
import { tenantIdOf, type TenantDb } from '../db/tenant-scope';
import { newId } from '../ids';
import { registerJobHandler, registerSchedule } from '../jobs';
import type { ImageMime, ImageVariant, ProcessedImage } from './images';
import { fileStorage, keyOfListed, type FileStorage } from './storage';

export * from './images';
export { DiskStorage, fileStorage, setFileStorage, type FileStorage, type StoredObject } from './storage';

export type FileKind = 'image' | 'thumbnail';

export interface FilesTable {
  tenant_id: string;
  id: string;
  owner_type: string;
  owner_id: string;
  kind: FileKind;
  parent_id: string | null;
  mime: string;
  bytes: number;
  width: number | null;
  height: number | null;
  sha256: string;
  created_at: string;
}
export interface FilesTables {
  files: FilesTable;
}

/** What a file belongs to, e.g. `{ type: 'concern', id: 'con_…' }`. */
export interface FileOwner {
  type: string;
  id: string;
}

export interface StoredFile {
  id: string;
  owner: FileOwner;
  kind: FileKind;
  parentId: string | null;
  mime: string;
  bytes: number;
  width: number | null;
  height: number | null;
  sha256: string;
  createdAt: string;
}

export interface StoredImage {
  image: StoredFile;
  thumbnail: StoredFile;
}

/** A tenant-bound handle or one of its transactions. */
type Db = Kysely<any>;
const files = (db: Db) => db as unknown as TenantDb<FilesTables>;

function toStored(r: FilesTable): StoredFile {
  return {
    id: r.id,
    owner: { type: r.owner_type, id: r.owner_id },
    kind: r.kind,
    parentId: r.parent_id,
    mime: r.mime,
    bytes: Number(r.bytes),
    width: r.width === null ? null : Number(r.width),
    height: r.height === null ? null : Number(r.height),
    sha256: r.sha256,
    createdAt: r.created_at,
  };
}


function row(id: string, owner: FileOwner, kind: FileKind, parentId: string | null, v: ImageVariant, createdAt: string): Omit<FilesTable, 'tenant_id'> {
  return {
    id,
    owner_type: owner.type,
    owner_id: owner.id,
    kind,
    parent_id: parentId,
    mime: v.mime satisfies ImageMime,
    bytes: v.bytes,
    width: v.width,
    height: v.height,
    sha256: createHash('sha256').update(v.buffer).digest('hex'),
    created_at: createdAt,
  };
}

const OWNER_PART = /^[a-z][a-z0-9_]{0,40}$/;

export async function storeImage(db: Db, owner: FileOwner, processed: ProcessedImage, storage: FileStorage = fileStorage()): Promise<StoredImage> {
  if (!OWNER_PART.test(owner.type) || !owner.id || owner.id.length > 100) throw new Error('invalid file owner');
  const tenantId = tenantIdOf(db);
  const imageId = newId('fil', 24);
  const thumbId = newId('fil', 24);
  const now = nowIso();
  const rows = [row(imageId, owner, 'image', null, processed.image, now), row(thumbId, owner, 'thumbnail', imageId, processed.thumbnail, now)];
  await storage.put(tenantId, imageId, processed.image.buffer);
  try {
    await storage.put(tenantId, thumbId, processed.thumbnail.buffer);
    await files(db).insertInto('files').values(rows as FilesTable[]).execute();
  } catch (e) {
    await Promise.allSettled([storage.delete(tenantId, imageId), storage.delete(tenantId, thumbId)]);
    throw e;
  }
  const [image, thumbnail] = rows.map((r) => toStored({ ...r, tenant_id: tenantId })) as [StoredFile, StoredFile];
  return { image, thumbnail };
}

export async function findFile(db: Db, id: string): Promise<StoredFile | null> {
  const r = await files(db).selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toStored(r) : null;
}

/** The file and its bytes, or null when there is no such file (or its bytes are gone). */
export async function readFile(db: Db, id: string, storage: FileStorage = fileStorage()): Promise<(StoredFile & { data: Buffer }) | null> {
  const file = await findFile(db, id);
  if (!file) return null;
  const data = await storage.get(tenantIdOf(db), id);
  return data ? { ...file, data } : null;
}

export async function listFilesOf(db: Db, owner: FileOwner): Promise<StoredFile[]> {
  const rows = await files(db)
    .selectFrom('files')
    .selectAll()
    .where('owner_type', '=', owner.type)
    .where('owner_id', '=', owner.id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toStored);
}

/**
 * The images of many owners of one type with their thumbnails, in upload order, in one query (list pages).
 * PostgreSQL gets one array parameter (a list of 1,000 placeholders costs milliseconds of planning); SQLite an IN list.
 */
export async function listImagesOfOwners(db: Db, ownerType: string, ownerIds: readonly string[]): Promise<{ id: string; ownerId: string; thumbnailId: string | null }[]> {
  if (ownerIds.length === 0) return [];
  const rows = await files(db)
    .selectFrom('files')
    .select(['id', 'owner_id', 'kind', 'parent_id'])
    .where('owner_type', '=', ownerType)
    // One parameter for the whole list (a list page asks for up to 1,000 owners; a placeholder each made the query
    // builder the slow part): an array on PostgreSQL, a JSON array read by json_each on SQLite.
    .where(dialectOf(db as Kysely<any>) === 'postgres' ? sql<boolean>`owner_id = any(${[...ownerIds]})` : sql<boolean>`owner_id in (select value from json_each(${JSON.stringify(ownerIds)}))`)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const thumbs = new Map(rows.filter((r) => r.kind === 'thumbnail' && r.parent_id).map((r) => [r.parent_id!, r.id]));
  return rows.filter((r) => r.kind === 'image').map((r) => ({ id: r.id, ownerId: r.owner_id, thumbnailId: thumbs.get(r.id) ?? null }));
}

async function removeRows(db: Db, ids: string[], storage: FileStorage): Promise<number> {
  if (ids.length === 0) return 0;
  const tenantId = tenantIdOf(db);
  await files(db).deleteFrom('files').where('id', 'in', ids).execute();
  for (const id of ids) await storage.delete(tenantId, id);
  return ids.length;
}

/** Deletes one file (with its thumbnails): rows and bytes. Returns how many stored files were removed. */
export async function deleteFile(db: Db, id: string, storage: FileStorage = fileStorage()): Promise<number> {
  const rows = await files(db)
    .selectFrom('files')
    .select('id')
    .where((eb) => eb.or([eb('id', '=', id), eb('parent_id', '=', id)]))
    .execute();
  return removeRows(db, rows.map((r) => r.id), storage);
}

/** Deletes every file of an owner: rows and bytes. */
export async function deleteFilesOf(db: Db, owner: FileOwner, storage: FileStorage = fileStorage()): Promise<number> {
  const rows = await files(db).selectFrom('files').select('id').where('owner_type', '=', owner.type).where('owner_id', '=', owner.id).execute();
  return removeRows(db, rows.map((r) => r.id), storage);
}

/** Removes stored objects older than `minAgeMs` that have no row (rolled-back uploads, left-over temporary files). */
export async function sweepOrphanFiles(db: Db, opts: { storage?: FileStorage; minAgeMs?: number; now?: Date } = {}): Promise<number> {
  const storage = opts.storage ?? fileStorage();
  const tenantId = tenantIdOf(db);
  const cutoff = (opts.now ?? new Date()).getTime() - (opts.minAgeMs ?? 3_600_000);
  const candidates: string[] = [];
  for await (const o of storage.list(tenantId)) if (o.modifiedAt.getTime() < cutoff) candidates.push(o.key);
  let removed = 0;
  for (let i = 0; i < candidates.length; i += 500) {
    const chunk = candidates.slice(i, i + 500);
    const known = new Set(
      (await files(db).selectFrom('files').select('id').where('id', 'in', [...new Set(chunk.map(keyOfListed))]).execute()).map((r) => r.id),
    );
    for (const name of chunk) {
      if (name === keyOfListed(name) && known.has(name)) continue;
      await storage.delete(tenantId, name);
      removed++;
    }
  }
  return removed;
}

let jobsRegistered = false;
/** Registers the daily orphan sweep (called once at start by the platform). */
export function registerFilesJobs(): void {
  if (jobsRegistered) return;
  jobsRegistered = true;
  registerJobHandler('files.sweep_orphans', async ({ db, log }) => {
    const removed = await sweepOrphanFiles(db);
    if (removed) log.info({ removed }, 'orphaned files removed');
  }, { timeoutSeconds: 600 });
  registerSchedule('files.sweep_orphans', { dailyAt: '03:30' });
}

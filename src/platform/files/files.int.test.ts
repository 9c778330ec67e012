import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/support/db';
import { forTenant } from '../db/tenant-scope';
import { deleteFile, deleteFilesOf, DiskStorage, findFile, listFilesOf, processImageUpload, readFile, setFileStorage, storeImage, sweepOrphanFiles, type ProcessedImage } from './index';

let t: TestDb;
let dir: string;
let storage: DiskStorage;
let photo: ProcessedImage;

beforeAll(async () => {
  t = await createTestDb();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quartier-files-'));
  storage = new DiskStorage(dir);
  setFileStorage(storage);
  photo = await processImageUpload(await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#3a7' } }).jpeg().toBuffer());
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const A = () => forTenant<any>(t.handle.db, t.tenant.id);
const B = () => forTenant<any>(t.handle.db, t.other.id);

function filesOnDisk(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out.sort();
}

describe('stored files', () => {
  it('stores image and thumbnail under random ids per tenant and reads them back', async () => {
    const owner = { type: 'concern', id: 'con_photo1' };
    const stored = await storeImage(A(), owner, photo);
    expect(stored.image).toMatchObject({ owner, kind: 'image', mime: 'image/jpeg', width: 1200, height: 900, parentId: null });
    expect(stored.thumbnail).toMatchObject({ owner, kind: 'thumbnail', width: 400, height: 300, parentId: stored.image.id });
    expect(stored.image.sha256).toMatch(/^[0-9a-f]{64}$/);
    const disk = filesOnDisk();
    expect(disk).toContain(path.join(t.tenant.id, stored.image.id.slice(-2), stored.image.id));
    expect(disk).toContain(path.join(t.tenant.id, stored.thumbnail.id.slice(-2), stored.thumbnail.id));

    const read = await readFile(A(), stored.image.id);
    expect(read?.data.equals(photo.image.buffer)).toBe(true);
    expect(read?.bytes).toBe(photo.image.bytes);
    expect((await readFile(A(), stored.thumbnail.id))?.data.equals(photo.thumbnail.buffer)).toBe(true);
    // Another tenant cannot see it, not even by id.
    expect(await readFile(B(), stored.image.id)).toBeNull();
    expect(await listFilesOf(B(), owner)).toEqual([]);
    expect((await listFilesOf(A(), owner)).map((f) => f.kind)).toEqual(expect.arrayContaining(['image', 'thumbnail']));
  });

  it('deleteFilesOf removes rows and bytes (nothing remains for a redaction)', async () => {
    const owner = { type: 'concern', id: 'con_redact' };
    const keep = await storeImage(A(), { type: 'concern', id: 'con_keep' }, photo);
    const one = await storeImage(A(), owner, photo);
    const two = await storeImage(A(), owner, photo);
    const before = filesOnDisk();
    expect(await deleteFilesOf(A(), owner)).toBe(4);
    expect(await listFilesOf(A(), owner)).toEqual([]);
    for (const f of [one.image, one.thumbnail, two.image, two.thumbnail]) {
      expect(fs.existsSync(storage.pathOf(t.tenant.id, f.id))).toBe(false);
      expect(await findFile(A(), f.id)).toBeNull();
    }
    expect(filesOnDisk()).toHaveLength(before.length - 4);
    expect(await readFile(A(), keep.image.id)).not.toBeNull();
  });

  it('deleteFile removes one image with its thumbnail', async () => {
    const owner = { type: 'concern', id: 'con_single' };
    const a = await storeImage(A(), owner, photo);
    const b = await storeImage(A(), owner, photo);
    expect(await deleteFile(A(), a.image.id)).toBe(2);
    expect(fs.existsSync(storage.pathOf(t.tenant.id, a.thumbnail.id))).toBe(false);
    expect((await listFilesOf(A(), owner)).map((f) => f.id).sort()).toEqual([b.image.id, b.thumbnail.id].sort());
    // Another tenant's handle cannot delete it.
    expect(await deleteFile(B(), b.image.id)).toBe(0);
    expect(fs.existsSync(storage.pathOf(t.tenant.id, b.image.id))).toBe(true);
  });

  it('works inside a transaction; bytes of a rolled-back upload are swept as orphans', async () => {
    const owner = { type: 'concern', id: 'con_rollback' };
    let ids: string[] = [];
    await expect(
      A()
        .transaction()
        .execute(async (trx) => {
          const s = await storeImage(trx, owner, photo);
          ids = [s.image.id, s.thumbnail.id];
          throw new Error('rollback');
        }),
    ).rejects.toThrow('rollback');
    expect(await listFilesOf(A(), owner)).toEqual([]);
    expect(ids.every((id) => fs.existsSync(storage.pathOf(t.tenant.id, id)))).toBe(true);
    // A left-over temporary file, too.
    const tmp = `${storage.pathOf(t.tenant.id, 'fil_aaaaaaaaaaaaaaaaaaaaaaaa')}.tmp-0123456789ab`;
    fs.mkdirSync(path.dirname(tmp), { recursive: true });
    fs.writeFileSync(tmp, 'partial');
    const committed = await A()
      .transaction()
      .execute((trx) => storeImage(trx, { type: 'concern', id: 'con_commit' }, photo));

    // Young orphans stay (an upload may be in flight); old ones go.
    expect(await sweepOrphanFiles(A())).toBe(0);
    expect(await sweepOrphanFiles(A(), { now: new Date(Date.now() + 2 * 3600_000) })).toBe(3);
    expect(ids.some((id) => fs.existsSync(storage.pathOf(t.tenant.id, id)))).toBe(false);
    expect(fs.existsSync(tmp)).toBe(false);
    expect((await readFile(A(), committed.image.id))?.data.length).toBe(photo.image.bytes);
  });

  it('never builds a path from anything but generated ids', async () => {
    expect(() => storage.pathOf(t.tenant.id, '../../etc/passwd')).toThrow();
    expect(() => storage.pathOf(t.tenant.id, 'foto.jpg')).toThrow();
    expect(() => storage.pathOf('../x', 'fil_aaaaaaaaaaaaaaaa')).toThrow();
    await expect(storeImage(A(), { type: '../x', id: 'y' }, photo)).rejects.toThrow();
    await expect(storeImage(t.handle.db as never, { type: 'concern', id: 'y' }, photo)).rejects.toThrow(/tenant-bound/);
  });
});

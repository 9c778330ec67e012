/**
 * Files as a platform part without routes: it contributes the catalogs for upload errors (files.*) and for the
 * public-form protection in http/rate-limit.ts (spam.*). Pages that serve files belong to the owning module.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { QuartierModule } from '../module';

export const filesModule: QuartierModule = {
  name: 'files',
  dir: path.dirname(fileURLToPath(import.meta.url)),
  routes: {},
};

/** The jobs admin page as a module (the queue itself is used through index.ts; the worker is in worker.ts). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { QuartierModule } from '../module';
import { pages } from './jobs.pages';

export const jobsModule: QuartierModule = {
  name: 'jobs',
  dir: path.dirname(fileURLToPath(import.meta.url)),
  pages,
  routes: {
    'GET /admin/jobs': 'jobs.read',
    'POST /admin/jobs/:id/retry': 'jobs.manage',
  },
  nav: [{ href: '/admin/jobs', labelKey: 'jobs.nav', action: 'jobs.read', order: 92 }],
};

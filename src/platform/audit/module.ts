/** The audit viewer as a module (pages only; the log itself is written through recordAudit in index.ts). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { QuartierModule } from '../module';
import { pages } from './audit.pages';

export const auditModule: QuartierModule = {
  name: 'audit',
  dir: path.dirname(fileURLToPath(import.meta.url)),
  pages,
  routes: { 'GET /admin/audit': 'audit.read' },
  nav: [{ href: '/admin/audit', labelKey: 'audit.nav', action: 'audit.read', order: 91 }],
};

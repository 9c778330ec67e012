/** Administration pages (users and roles). The audit viewer lives in platform/audit. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { QuartierModule } from '../module';
import { pages } from './users.pages';

export const adminModule: QuartierModule = {
  name: 'admin',
  dir: path.dirname(fileURLToPath(import.meta.url)),
  pages,
  routes: {
    'GET /admin/users': 'users.manage',
    'GET /admin/users/new': 'users.manage',
    'POST /admin/users/new': 'users.manage',
    'GET /admin/users/:id': 'users.manage',
    'POST /admin/users/:id': 'users.manage',
    'POST /admin/users/:id/invitation': 'users.manage',
  },
  nav: [{ href: '/admin/users', labelKey: 'admin.nav.users', action: 'users.manage', order: 90 }],
};

/**
 * The auth part as a module: sign-in and account pages, the staff start page, GET /api/v1/me.
 * Other code uses: sessionMiddleware/csrfMiddleware (session.ts), policy (policy.ts), users.service for admin pages.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { QuartierModule } from '../module';
import { api } from './auth.api';
import { pages } from './auth.pages';

export const authModule: QuartierModule = {
  name: 'auth',
  dir: path.dirname(fileURLToPath(import.meta.url)),
  pages,
  api,
  routes: {
    'GET /login': 'public',
    'POST /login': 'public',
    'POST /logout': 'public',
    'GET /password/forgot': 'public',
    'POST /password/forgot': 'public',
    'GET /password/reset/:token': 'public',
    'POST /password/reset/:token': 'public',
    'GET /account': 'authenticated',
    'POST /account': 'authenticated',
    'GET /account/password': 'authenticated',
    'POST /account/password': 'authenticated',
    'GET /account/tokens': 'authenticated',
    'POST /account/tokens': 'authenticated',
    'POST /account/tokens/:id/revoke': 'authenticated',
    'GET /staff': 'authenticated',
    'GET /api/v1/me': 'authenticated',
  },
  nav: [{ href: '/staff', labelKey: 'auth.nav.staff', action: 'staff.use', order: 0 }],
};

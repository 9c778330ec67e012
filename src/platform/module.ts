/** What a module (or a platform part with pages) gives the application. */
import type { Hono } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { RoutePolicies } from './auth/policy';
import type { AppEnv } from './http/context';
import type { NavItem, PublicLink } from './ui/layout';

export interface QuartierModule {
  name: string;
  /** Folder holding messages/{de,en,ar}.json. */
  dir: string;
  /** Policy for every route this module registers: "METHOD /full/path" → policy. */
  routes: RoutePolicies;
  /** Server-rendered pages, mounted at the root. */
  pages?: Hono<AppEnv>;
  /** JSON API, mounted under /api/v1 (paths in the OpenAPI document are relative to it). */
  api?: OpenAPIHono<AppEnv>;
  nav?: NavItem[];
  /** Links to the module's public pages, listed on the start page (labels from the module's catalog). */
  publicLinks?: PublicLink[];
}

/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import type { RoutePolicies } from '../../platform/auth/policy';
import type { AppEnv } from '../../platform/http/context';

export const pages = new Hono<AppEnv>();
export const routes: RoutePolicies = {};

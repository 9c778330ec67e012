/** The JSON API app (/api/v1): OpenAPIHono so that the zod schemas that validate also describe. */
import { OpenAPIHono } from '@hono/zod-openapi';
import { errors } from '../errors';
import { zodToFieldErrors } from './forms';
import type { AppEnv } from './context';

export function newApi(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw errors.validation(zodToFieldErrors(result.error));
    },
  });
}

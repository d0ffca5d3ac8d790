import { OpenAPIHono } from '@hono/zod-openapi';
import type { Logger } from '@archive/core';
import { BadRequestError } from '@archive/search';
import type { AuthVariables } from './auth.ts';

/** What every request carries: its logger and request id, and who it acts as. */
export interface ApiEnv {
  Variables: AuthVariables & { logger: Logger; requestId: string };
}

/**
 * A router whose request validation fails the way every API error does: 400 with the name of
 * the parameter or body field at fault (`add.3`, `limit`), not the validator's own format.
 */
export function apiRouter(): OpenAPIHono<ApiEnv> {
  return new OpenAPIHono<ApiEnv>({
    defaultHook: (result) => {
      if (result.success) return;
      const issue = result.error.issues[0]!;
      const parameter = issue.path.length ? issue.path.join('.') : result.target === 'json' ? 'body' : result.target;
      throw new BadRequestError(parameter, issue.message);
    },
  });
}

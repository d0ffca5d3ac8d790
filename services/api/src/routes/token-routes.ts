import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { NotFoundError } from '@archive/core';
import type { TokenStore } from '@archive/store';
import { apiRouter, type ApiEnv } from '../api-env.ts';
import { principalWith, requireRole } from '../auth.ts';
import { NewTokenRequestSchema, NewTokenSchema, TokenSchema, errors, json } from '../schemas.ts';

const admin = { middleware: requireRole<ApiEnv>('admin'), security: [{ bearer: [] }] };

/** Admin routes: API tokens (created, listed, revoked). Secrets are shown once and never logged. */
export function tokenRoutes(tokens: TokenStore): OpenAPIHono<ApiEnv> {
  const app = apiRouter();

  app.openapi(
    createRoute({
      method: 'get', path: '/api/tokens', summary: 'API tokens, without their secrets (admin)', ...admin,
      responses: { 200: json(z.object({ tokens: z.array(TokenSchema) }), 'Every token, revoked ones included'), ...errors(401, 403) },
    }),
    (c) => c.json({ tokens: tokens.list() }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/api/tokens', summary: 'Create a token; its secret is in this answer only (admin)', ...admin,
      request: { body: { content: { 'application/json': { schema: NewTokenRequestSchema } }, required: true } },
      responses: { 201: json(NewTokenSchema, 'The new token'), ...errors(400, 401, 403, 409) },
    }),
    (c) => {
      const { name, role } = c.req.valid('json');
      const created = tokens.create(name, role);
      c.get('logger').info({ actor: principalWith(c, 'admin').name, token: name, role }, 'token created');
      return c.json(created, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete', path: '/api/tokens/{name}', summary: 'Revoke a token and end its sessions (admin)', ...admin,
      request: { params: z.object({ name: z.string().min(1).openapi({ param: { name: 'name', in: 'path' } }) }) },
      responses: { 200: json(z.object({ name: z.string(), revoked: z.literal(true) }), 'Revoked'), ...errors(401, 403, 404) },
    }),
    (c) => {
      const { name } = c.req.valid('param');
      if (!tokens.revoke(name)) throw new NotFoundError(`no active token named "${name}"`);
      c.get('logger').info({ actor: principalWith(c, 'admin').name, token: name }, 'token revoked');
      return c.json({ name, revoked: true as const }, 200);
    },
  );

  return app;
}

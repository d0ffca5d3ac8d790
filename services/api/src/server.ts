import { serve, type ServerType } from '@hono/node-server';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiEnv } from './api-env.ts';

/** Listens on `host:port` (port 0 picks a free one) and resolves with the URL once listening. */
export function listen(app: OpenAPIHono<ApiEnv>, options: { host: string; port: number }): Promise<{ url: string; server: ServerType }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: options.host, port: options.port }, (info) => {
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({ url: `http://${host}:${info.port}/`, server });
    });
    server.once('error', reject);
  });
}

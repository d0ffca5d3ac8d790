import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { WebContext } from './web-env.ts';

type Page = Parameters<WebContext['html']>[0];

/**
 * Sends a page. A signed-in viewer's pages carry their name and the session's form token, so
 * no cache (browser back-forward, shared proxy) may keep them.
 */
export function render(c: WebContext, page: Page, status: ContentfulStatusCode = 200): Response | Promise<Response> {
  if (c.get('principal')) c.header('Cache-Control', 'no-store');
  return c.html(page, status);
}

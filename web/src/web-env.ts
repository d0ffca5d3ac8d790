import type { Context } from 'hono';
import type { Logger } from '@archive/core';
import { TokenStore, roleAllows, type Principal } from '@archive/store';

/**
 * What the API application sets on every request before the web routes run (its `authenticate`
 * middleware and request logger). Declared here, not imported, so the UI does not depend on
 * the API package that mounts it.
 */
export interface WebEnv {
  Variables: {
    principal: Principal | null;
    sessionId: string | null;
    logger: Logger | undefined;
  };
}

export type WebContext = Context<WebEnv>;

/**
 * Who is looking at a page, as the page shell and the editing controls need it: the signed-in
 * principal, the anti-forgery token of its session (null without a session: no write forms),
 * and the page's own path (where "Se connecter" comes back to).
 */
export interface Viewer {
  principal: Principal | null;
  formToken: string | null;
  path: string;
}

export function viewerOf(c: WebContext): Viewer {
  const principal = c.get('principal') ?? null;
  const sessionId = c.get('sessionId') ?? null;
  const url = new URL(c.req.url);
  return {
    principal,
    formToken: principal && sessionId ? TokenStore.formToken(sessionId) : null,
    path: `${url.pathname}${url.search}`,
  };
}

/** Whether the viewer may edit tags here: an editor or admin with a web session (forms need its token). */
export function canEdit(viewer: Viewer): viewer is Viewer & { principal: Principal; formToken: string } {
  return viewer.principal !== null && viewer.formToken !== null && roleAllows(viewer.principal.role, 'editor');
}

/** Whether the viewer may run batch jobs here: an admin with a web session (the start and cancel forms need its token). */
export function canAdminister(viewer: Viewer): viewer is Viewer & { principal: Principal; formToken: string } {
  return viewer.principal !== null && viewer.formToken !== null && roleAllows(viewer.principal.role, 'admin');
}

/** Whether the request came over https (the session cookie is then `Secure`). */
export function isHttps(c: WebContext): boolean {
  return new URL(c.req.url).protocol === 'https:';
}

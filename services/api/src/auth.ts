import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { ArchiveError } from '@archive/core';
import { SESSION_COOKIE, roleAllows, type Principal, type Role, type TokenStore } from '@archive/store';

/** A request without the token it needs: 401 (none or unknown) or 403 (a token without the role). */
export class AuthError extends ArchiveError {
  constructor(
    code: 'UNAUTHORIZED' | 'FORBIDDEN',
    message: string,
    readonly required: Role,
  ) {
    super(code, message);
  }
}

export interface AuthVariables {
  /** Who the request acts as; null when it carries no token (anonymous reading). */
  principal: Principal | null;
  /** The web session id, when the request came with a live session cookie. */
  sessionId: string | null;
}

/**
 * Resolves who a request acts as: `Authorization: Bearer TOKEN` for API clients, else the web
 * UI's session cookie. An Authorization header with an unknown or revoked token is refused at
 * once (401), whatever the route, so a client never mistakes a bad token for anonymous access.
 * With `requireToken`, every route (but `exempt` ones) needs at least the reader role; a web
 * page without one redirects to the sign-in page.
 */
export function authenticate(tokens: TokenStore, options: { requireToken: boolean; exempt: (path: string) => boolean }): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    const header = c.req.header('Authorization');
    let principal: Principal | null = null;
    let sessionId: string | null = null;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match) throw new AuthError('UNAUTHORIZED', 'Authorization: expected "Bearer TOKEN"', 'reader');
      principal = tokens.authenticate(match[1]!);
      if (!principal) throw new AuthError('UNAUTHORIZED', 'Authorization: unknown or revoked token', 'reader');
    } else {
      const cookie = getCookie(c, SESSION_COOKIE);
      const sessionPrincipal = cookie ? tokens.session(cookie) : null;
      if (sessionPrincipal) {
        principal = sessionPrincipal;
        sessionId = cookie!;
      }
    }
    c.set('principal', principal);
    c.set('sessionId', sessionId);
    if (options.requireToken && !principal && !options.exempt(c.req.path)) {
      // A person in a browser is sent to the sign-in page; an API client gets the 401.
      if (!c.req.path.startsWith('/api/')) return c.redirect(`/signin?next=${encodeURIComponent(c.req.path)}`, 303);
      throw new AuthError('UNAUTHORIZED', 'this archive requires a token: send Authorization: Bearer TOKEN', 'reader');
    }
    await next();
  };
}

/** The principal a route needs, with at least `role`; throws 401 or 403 otherwise. */
export function principalWith<E extends { Variables: AuthVariables }>(c: Context<E>, role: Role): Principal {
  const principal = (c as unknown as Context<{ Variables: AuthVariables }>).get('principal');
  if (!principal) throw new AuthError('UNAUTHORIZED', `this needs a token with the ${role} role: send Authorization: Bearer TOKEN`, role);
  if (!roleAllows(principal.role, role)) {
    throw new AuthError('FORBIDDEN', `token "${principal.name}" has the ${principal.role} role; this needs ${role}`, role);
  }
  return principal;
}

/** Route middleware: only principals with at least `role` get through. */
export function requireRole<E extends { Variables: AuthVariables }>(role: Role): MiddlewareHandler<E> {
  return async (c, next) => {
    principalWith(c, role);
    await next();
  };
}

import { timingSafeEqual } from 'node:crypto';
import { csrf } from 'hono/csrf';
import { TokenStore } from '@archive/store';

/** The hidden field every writing form carries. */
export const FORM_TOKEN_FIELD = '_csrf';

/**
 * First line against cross-site posts: the browser's Origin (or Sec-Fetch-Site) must be this
 * site. Put on every web POST route, sign-in included (it has no session, hence no form token).
 */
export const sameOrigin = csrf();

/**
 * Second line: the form carries the token derived from the session it was served to, which a
 * page of another site cannot read. Compared in constant time, so timing reveals nothing of it.
 */
export function formTokenValid(sessionId: string | null, submitted: unknown): boolean {
  if (!sessionId || typeof submitted !== 'string') return false;
  const expected = Buffer.from(TokenStore.formToken(sessionId));
  const given = Buffer.from(submitted);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

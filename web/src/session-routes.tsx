/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { SESSION_COOKIE, type TokenStore } from '@archive/store';
import { readForm } from './form-data.ts';
import { FORM_TOKEN_FIELD, formTokenValid, sameOrigin } from './form-guard.ts';
import { MessagePage } from './message-page.tsx';
import { render } from './render.ts';
import { afterSignIn } from './safe-redirect.ts';
import { SigninPage } from './signin-page.tsx';
import { isHttps, viewerOf, type WebContext, type WebEnv } from './web-env.ts';

/** The session cookie's attributes: never readable by scripts, never sent by another site's request. */
function cookieOptions(c: WebContext) {
  return { path: '/', httpOnly: true, sameSite: 'Strict', secure: isHttps(c) } as const;
}

/**
 * Signing in and out of the web UI. A token (the API's) opens a server-side session whose id
 * only the cookie holds; signing out ends that session, not just the cookie.
 */
export function sessionRoutes(tokens: TokenStore): Hono<WebEnv> {
  const web = new Hono<WebEnv>();

  web.get('/signin', (c) => render(c, <SigninPage viewer={viewerOf(c)} next={afterSignIn(c.req.query('next'))} error={null} />));

  web.post('/signin', sameOrigin, async (c) => {
    const form = await readForm(c);
    const next = afterSignIn(form.get('next'));
    const token = (form.get('token') ?? '').trim();
    const opened = token ? tokens.openSession(token) : null;
    if (!opened) {
      c.get('logger')?.warn({ path: c.req.path }, 'web sign-in refused');
      const error = token ? 'Jeton inconnu ou révoqué : vérifiez-le, ou demandez-en un nouveau.' : 'Saisissez votre jeton d’accès.';
      return render(c, <SigninPage viewer={viewerOf(c)} next={next} error={error} />, 401);
    }
    // A new sign-in never keeps the session the browser had before.
    const previous = c.get('sessionId');
    if (previous) tokens.closeSession(previous);
    setCookie(c, SESSION_COOKIE, opened.sessionId, cookieOptions(c));
    c.get('logger')?.info({ actor: opened.principal.name }, 'web sign-in');
    return c.redirect(next, 303);
  });

  web.post('/signout', sameOrigin, async (c) => {
    const sessionId = c.get('sessionId');
    if (sessionId) {
      const form = await readForm(c);
      if (!formTokenValid(sessionId, form.get(FORM_TOKEN_FIELD))) {
        return render(c, <MessagePage viewer={viewerOf(c)} message="Formulaire expiré ou d’une autre origine : rechargez la page et recommencez." />, 403);
      }
      tokens.closeSession(sessionId);
    }
    deleteCookie(c, SESSION_COOKIE, cookieOptions(c));
    return c.redirect('/', 303);
  });

  return web;
}

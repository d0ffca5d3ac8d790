/** @jsxImportSource hono/jsx */
import type { MiddlewareHandler } from 'hono';
import { roleAllows } from '@archive/store';
import { readForm } from './form-data.ts';
import { FORM_TOKEN_FIELD, formTokenValid } from './form-guard.ts';
import { MessagePage } from './message-page.tsx';
import { render } from './render.ts';
import { canAdminister, viewerOf, type WebContext, type WebEnv } from './web-env.ts';

/** Where a refused admin request sends the viewer to sign in and come back: the jobs page itself. */
const JOBS_PAGE = '/admin/jobs';

/**
 * The 403 page for someone who may not run jobs, saying why in their terms: not signed in, signed
 * in without the admin role, or an admin known only by an API token (no web session, hence no
 * form token for the buttons). Each is offered the sign-in page, which comes back here.
 */
export function notAdmin(c: WebContext) {
  const viewer = viewerOf(c);
  const { principal } = viewer;
  const message = !principal
    ? 'Connectez-vous comme administrateur pour gérer les tâches.'
    : !roleAllows(principal.role, 'admin')
      ? `Le compte ${principal.name} n’a pas le rôle administrateur : il ne peut pas gérer les tâches.`
      : 'Ouvrez une session par la page de connexion pour gérer les tâches.';
  return render(c, <MessagePage viewer={viewer} message={message} signInNext={JOBS_PAGE} otherAccount />, 403);
}

/**
 * What a job-writing route (start, cancel) needs before it runs: an admin signed in with a web
 * session, and that session's form token in the posted form. Anything else is answered 403 and
 * starts or stops nothing. Goes after `sameOrigin`, like the editors' guard.
 */
export const adminForm: MiddlewareHandler<WebEnv> = async (c, next) => {
  if (!canAdminister(viewerOf(c))) return notAdmin(c);
  const form = await readForm(c);
  if (!formTokenValid(c.get('sessionId'), form.get(FORM_TOKEN_FIELD))) {
    return render(c, <MessagePage viewer={viewerOf(c)} message="Formulaire expiré ou d’une autre origine : rechargez la page et recommencez." />, 403);
  }
  await next();
};

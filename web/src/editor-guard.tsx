/** @jsxImportSource hono/jsx */
import type { MiddlewareHandler } from 'hono';
import { roleAllows } from '@archive/store';
import { readForm } from './form-data.ts';
import { FORM_TOKEN_FIELD, formTokenValid } from './form-guard.ts';
import { MessagePage } from './message-page.tsx';
import { render } from './render.ts';
import { viewerOf, type WebEnv } from './web-env.ts';

/** The page a refused post offers to come back to after signing in: the article, not its form's action. */
function pageOf(path: string): string {
  return path.replace(/\/(tags|suggestions\/(accept|reject))$/, '');
}

/**
 * What a tag-writing route needs before it runs: an editor (or admin) signed in, and the form
 * token of that session in the posted form. Anything else is answered 403 and changes nothing.
 */
export const editorForm: MiddlewareHandler<WebEnv> = async (c, next) => {
  const viewer = viewerOf(c);
  const principal = viewer.principal;
  if (!principal || !roleAllows(principal.role, 'editor')) {
    const message = principal ? `Le compte ${principal.name} n’a pas le rôle éditeur : il ne peut pas modifier les étiquettes.` : 'Connectez-vous comme éditeur pour modifier les étiquettes.';
    return render(c, <MessagePage viewer={viewer} message={message} signInNext={pageOf(c.req.path)} />, 403);
  }
  const form = await readForm(c);
  if (!formTokenValid(c.get('sessionId'), form.get(FORM_TOKEN_FIELD))) {
    return render(c, <MessagePage viewer={viewer} message="Formulaire expiré ou d’une autre origine : rechargez la page et recommencez." />, 403);
  }
  await next();
};

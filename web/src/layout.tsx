/** @jsxImportSource hono/jsx */
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { roleAllows } from '@archive/store';
import { FORM_TOKEN_FIELD } from './form-guard.ts';
import { ROLE_LABELS } from './labels.ts';
import type { Viewer } from './web-env.ts';

/** Who is signed in, with the sign-out button; or the way to sign in, coming back to this page. */
function Account({ viewer }: { viewer: Viewer }) {
  const { principal, formToken } = viewer;
  if (!principal) {
    const next = viewer.path.startsWith('/signin') ? '' : `?next=${encodeURIComponent(viewer.path)}`;
    return (
      <div class="account">
        <a href={`/signin${next}`} id="signin-link">Se connecter</a>
      </div>
    );
  }
  return (
    <div class="account">
      {roleAllows(principal.role, 'admin') && (
        <a href="/admin/jobs" id="jobs-link">Tâches</a>
      )}
      <span id="signed-in-as">
        Connecté : <strong>{principal.name}</strong> ({ROLE_LABELS[principal.role]})
      </span>
      {formToken && (
        <form method="post" action="/signout" class="inline" id="signout-form">
          <input type="hidden" name={FORM_TOKEN_FIELD} value={formToken} />
          <button type="submit" class="link-button">Se déconnecter</button>
        </form>
      )}
    </div>
  );
}

/**
 * The page shell: every page of the UI shares its header (with the account) and stylesheet.
 * `refreshSeconds` makes the browser reload the page on its own (a `<meta http-equiv=refresh>`):
 * how a page follows something that changes, such as a running job, without any script, which
 * the CSP would refuse anyway.
 */
export function Layout(props: { title: string; viewer: Viewer; children: Child; lang?: string; refreshSeconds?: number }) {
  // The doctype keeps browsers in standards mode (without it, quirks mode: tables ignore the
  // page's font size, boxes size differently).
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang={props.lang ?? 'fr'}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          {props.refreshSeconds !== undefined && <meta http-equiv="refresh" content={String(props.refreshSeconds)} />}
          <title>{props.title}</title>
          <link rel="stylesheet" href="/static/style.css" />
        </head>
        <body>
          <header class="site">
            <a href="/" class="brand">Archives</a>
            <span class="tagline">Moteur de recherche des archives du journal</span>
            <Account viewer={props.viewer} />
          </header>
          <main>{props.children}</main>
        </body>
      </html>
    </>
  );
}

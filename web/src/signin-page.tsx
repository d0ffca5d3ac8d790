/** @jsxImportSource hono/jsx */
import { Layout } from './layout.tsx';
import { ROLE_LABELS } from './labels.ts';
import type { Viewer } from './web-env.ts';

/**
 * The sign-in form: an API token (`archive token create`) opens a web session. The token field
 * is a password input and is never filled back in, even after a failure.
 */
export function SigninPage({ viewer, next, error }: { viewer: Viewer; next: string; error: string | null }) {
  return (
    <Layout title="Connexion — Archives" viewer={viewer}>
      <section class="panel narrow">
        <h1>Connexion</h1>
        {viewer.principal && (
          <p class="notice">
            Vous êtes déjà connecté comme {viewer.principal.name} ({ROLE_LABELS[viewer.principal.role]}). Un nouveau jeton remplace cette session.
          </p>
        )}
        {error && <p class="error" role="alert" id="signin-error">{error}</p>}
        <form method="post" action="/signin" id="signin-form" class="stacked">
          <input type="hidden" name="next" value={next} />
          <label for="signin-token">Jeton d’accès</label>
          <input type="password" id="signin-token" name="token" required autocomplete="current-password" spellcheck={false} autofocus />
          <p class="meta">Le jeton vous a été remis par un administrateur (commande <code>archive token create</code>).</p>
          <button type="submit">Se connecter</button>
        </form>
      </section>
    </Layout>
  );
}

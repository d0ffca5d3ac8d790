/** @jsxImportSource hono/jsx */
import { Layout } from './layout.tsx';
import type { Viewer } from './web-env.ts';

/** A page that only says what went wrong (not found, refused, failed) and where to go next (signing in, when that would help). */
export function MessagePage({ viewer, message, signInNext }: { viewer: Viewer; message: string; signInNext?: string }) {
  return (
    <Layout title="Archives" viewer={viewer}>
      <p class="error" role="alert">{message}</p>
      <p>
        {signInNext !== undefined && !viewer.principal && (
          <>
            <a href={`/signin?next=${encodeURIComponent(signInNext)}`}>Se connecter</a> ·{' '}
          </>
        )}
        <a href="/">Retour à la recherche</a>
      </p>
    </Layout>
  );
}

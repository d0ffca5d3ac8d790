/** @jsxImportSource hono/jsx */
import { Layout } from './layout.tsx';
import type { Viewer } from './web-env.ts';

/**
 * A page that only says what went wrong (not found, refused, failed) and where to go next
 * (signing in, when that would help). `otherAccount` offers signing in even to a signed-in
 * viewer: when the page needs a role their account lacks, another token is the way in.
 */
export function MessagePage({ viewer, message, signInNext, otherAccount = false }: { viewer: Viewer; message: string; signInNext?: string; otherAccount?: boolean }) {
  return (
    <Layout title="Archives" viewer={viewer}>
      <p class="error" role="alert">{message}</p>
      <p>
        {signInNext !== undefined && (!viewer.principal || otherAccount) && (
          <>
            <a href={`/signin?next=${encodeURIComponent(signInNext)}`} id="message-signin">{viewer.principal ? 'Se connecter avec un autre compte' : 'Se connecter'}</a> ·{' '}
          </>
        )}
        <a href="/">Retour à la recherche</a>
      </p>
    </Layout>
  );
}

/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';

/** The page shell: every page of the UI shares its header and stylesheet. */
export function Layout(props: { title: string; children: Child; lang?: string }) {
  return (
    <html lang={props.lang ?? 'fr'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
        <link rel="stylesheet" href="/static/style.css" />
      </head>
      <body>
        <header class="site">
          <a href="/" class="brand">Archives</a>
          <span class="tagline">Moteur de recherche des archives du journal</span>
        </header>
        <main>{props.children}</main>
      </body>
    </html>
  );
}

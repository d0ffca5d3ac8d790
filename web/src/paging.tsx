/** @jsxImportSource hono/jsx */

/**
 * Page links around the current page (first, two either side, last), as every listing of the
 * UI shows them; `link` gives a page's URL so each listing keeps its own parameters.
 */
export function Paging({ page, size, total, link }: { page: number; size: number; total: number; link: (page: number) => string }) {
  const pages = Math.min(1000, Math.ceil(total / size));
  if (pages <= 1) return null;
  const around = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pages])].filter((p) => p >= 1 && p <= pages).sort((a, b) => a - b);
  return (
    <nav class="pages" aria-label="Pages">
      {page > 1 && <a href={link(page - 1)} rel="prev">← Précédente</a>}
      {around.map((p) => (p === page ? <span class="current">{p}</span> : <a href={link(p)}>{p}</a>))}
      {page < pages && <a href={link(page + 1)} rel="next">Suivante →</a>}
    </nav>
  );
}

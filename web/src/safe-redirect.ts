/**
 * Where a page may send the browser after a form, or link "back" to, when the target comes
 * from the request (`next`, `from`): only paths of this site. `//host` and `/\host` are
 * protocol-relative URLs to another site for browsers, so they are refused; so is anything
 * with control characters, which browsers strip before resolving.
 */
export function sameSitePath(value: unknown): string | null {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  if (/[\u0000-\u001f\u007f\\]/u.test(value)) return null;
  try {
    const url = new URL(value, 'http://same.invalid');
    return url.origin === 'http://same.invalid' ? `${url.pathname}${url.search}${url.hash}` : null;
  } catch {
    return null;
  }
}

/** The `next` of the sign-in form: a same-site path, never the sign-in page itself, else `/`. */
export function afterSignIn(next: unknown): string {
  const path = sameSitePath(next);
  return path && !path.startsWith('/signin') ? path : '/';
}

/**
 * The article page's "back to the search" link, from its `from` parameter: only a search-page
 * URL (`/` or `/?…`), rebuilt from its query string; anything else gives the empty search.
 */
export function backToSearch(from: unknown): string {
  const path = sameSitePath(from);
  if (!path) return '/';
  const url = new URL(path, 'http://same.invalid');
  return url.pathname === '/' && url.search ? `/${url.search}` : '/';
}

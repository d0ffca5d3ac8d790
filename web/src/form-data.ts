import type { WebContext } from './web-env.ts';

/**
 * A posted form as URL parameters: repeated fields kept (a bulk form repeats `section`, `tag`),
 * files ignored. Read once per request (hono caches the parsed body), so guards and handlers
 * share it.
 */
export async function readForm(c: WebContext): Promise<URLSearchParams> {
  const body = await c.req.parseBody({ all: true });
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(body)) {
    for (const item of Array.isArray(value) ? value : [value]) if (typeof item === 'string') params.append(name, item);
  }
  return params;
}

/** Tags typed in one box, comma-separated (`Santé, hôpital`); blanks dropped. */
export function splitTags(values: string[]): string[] {
  return values.flatMap((value) => value.split(',')).map((tag) => tag.trim()).filter(Boolean);
}

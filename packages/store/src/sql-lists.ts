/** Most variables one SQLite statement takes; id lists are split to stay below it. */
const MAX_VARIABLES = 30_000;

/** `items` in lists short enough for one statement's variables. */
export function chunked<T>(items: T[], size = MAX_VARIABLES): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** One `?` per item, for an `IN (…)` list: `placeholders([a, b])` is `?,?`. */
export const placeholders = (items: unknown[]): string => items.map(() => '?').join(',');

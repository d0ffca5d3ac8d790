import { createHash } from 'node:crypto';

/** Short, stable content hash (SHA-256, 128 bits in hex): collisions are not a practical concern. */
export function hashText(...parts: (string | null | undefined)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part ?? '').update('\u0000');
  return hash.digest('hex').slice(0, 32);
}

import { ArchiveError } from './errors.ts';

/** Longest tag label accepted, in characters. */
export const MAX_TAG_LENGTH = 100;

/** A tag as an editor wrote it (`label`) and the form it is compared in (`key`). */
export interface Tag {
  label: string;
  key: string;
}

/** A tag that is not a short label: the API answers 400 naming it. */
export class InvalidTagError extends ArchiveError {
  constructor(
    readonly tag: string,
    reason: string,
  ) {
    super('TAG_INVALID', `tag ${JSON.stringify(tag)}: ${reason}`);
  }
}

// C0 and C1 controls, and the Unicode line and paragraph separators.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

/**
 * The comparison form of a tag: NFC, lower case, inner white space folded. Two spellings with
 * the same key are the same tag (`Économie`, `économie` and a decomposed `e\u0301conomie`).
 *
 * @example
 * tagKey('  Économie ') // 'économie'
 */
export function tagKey(label: string): string {
  return label.normalize('NFC').trim().replace(/\s+/gu, ' ').toLocaleLowerCase('fr');
}

/**
 * Validates one tag: trimmed, 1 to 100 characters, no control characters. Throws
 * `InvalidTagError` naming the tag otherwise.
 *
 * @example
 * parseTag(' Santé ') // { label: 'Santé', key: 'santé' }
 */
export function parseTag(raw: unknown): Tag {
  if (typeof raw !== 'string') throw new InvalidTagError(String(raw), 'expected a string');
  if (CONTROL.test(raw)) throw new InvalidTagError(raw, 'contains a control character');
  const label = raw.normalize('NFC').trim().replace(/\s+/gu, ' ');
  if (!label) throw new InvalidTagError(raw, 'is empty');
  if ([...label].length > MAX_TAG_LENGTH) throw new InvalidTagError(raw, `is longer than ${MAX_TAG_LENGTH} characters`);
  return { label, key: tagKey(label) };
}

/** Tags from a source export: invalid ones are dropped rather than failing the record. */
export function cleanTags(labels: readonly string[]): Tag[] {
  const seen = new Map<string, Tag>();
  for (const raw of labels) {
    try {
      const tag = parseTag(raw);
      if (!seen.has(tag.key)) seen.set(tag.key, tag);
    } catch {
      // a source tag that is not a label (empty, too long) is not worth rejecting the article for
    }
  }
  return [...seen.values()];
}

/**
 * Signatures for near-duplicate detection: the analysed text of an article cut into word
 * shingles that never cross a sentence end (so reordering sentences changes nothing), a
 * MinHash signature of that set, and its LSH band keys (articles sharing a key are candidates).
 */
/** Words per shingle: 4 keeps a changed word from touching more than 4 shingles. */
export const SHINGLE_WORDS = 4;
/** MinHash values per signature: bands × rows. */
export const MINHASH_SIZE = 128;
/**
 * 32 bands of 4 rows: a pair becomes a candidate with probability 1 − (1 − J⁴)³²: 0.87 at
 * Jaccard 0.5, 0.99 at 0.6, 0.12 at 0.25 (the S-curve's midpoint is near 0.42).
 */
export const LSH_BANDS = 32;
export const LSH_ROWS = MINHASH_SIZE / LSH_BANDS;

// A word (as in `analyzeTerms`), or a sentence end or paragraph break, where shingles stop.
const TOKEN = /[\p{L}\p{N}]+(?:['\u2019][\p{L}\p{N}]+)*|[.!?\u2026;:]+(?=\s|$)|\n+/gu;
// The elided words of `fold.ts`, dropped the same way (`l'economie` → `economie`); the text is
// folded once as a whole here, which is three times faster than term by term.
const ELISIONS = new Set(['l', 'd', 'j', 'm', 'n', 's', 't', 'c', 'qu', 'jusqu', 'lorsqu', 'puisqu', 'quoiqu']);

/** FNV-1a, 32 bits, of a string: term ids. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

/** MurmurHash3's finaliser: a fast, well-mixed permutation of 32-bit integers (as int32). */
function fmix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

// One seed per MinHash function, fixed forever: stored signatures must stay comparable.
const SEEDS = Int32Array.from({ length: MINHASH_SIZE }, (_, i) => fmix32(0x9e3779b9 + Math.imul(i + 1, 0x632be5ab)));

// First characters of the tokens that end a sentence: . ! ? … ; : and a line break.
const BREAKS = new Set([0x2e, 0x21, 0x3f, 0x2026, 0x3b, 0x3a, 0x0a]);

/** Sentences of a text as lists of term ids (folded, elisions removed, as `analyzeTerms` does). */
function sentenceTerms(text: string): number[][] {
  const sentences: number[][] = [[]];
  const folded = text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
  for (const [token] of folded.matchAll(TOKEN)) {
    const current = sentences.at(-1)!;
    if (BREAKS.has(token.charCodeAt(0))) {
      if (current.length > 0) sentences.push([]);
      continue;
    }
    if (!token.includes("'") && !token.includes('\u2019')) {
      current.push(fnv1a(token));
      continue;
    }
    const pieces = token.split(/['\u2019]/);
    pieces.forEach((piece, i) => {
      if (i > 0 || !ELISIONS.has(piece)) current.push(fnv1a(piece));
    });
  }
  return sentences;
}

/**
 * The set of shingle ids of a text given as parts (title, standfirst, body), sorted ascending.
 * Terms are those of `analyzeTerms` (folded, elisions removed). A sentence shorter than
 * `SHINGLE_WORDS` (a short headline) is one shingle; one-word sentences are left out ("Vidéo").
 *
 * @example
 * shingleSet(['Le président a parlé.', 'Il a dit que la réforme était prête.']).length // 1 + 5
 */
export function shingleSet(parts: (string | null | undefined)[]): Uint32Array {
  const ids = new Set<number>();
  for (const part of parts) {
    if (!part) continue;
    for (const terms of sentenceTerms(part)) {
      if (terms.length < 2) continue;
      const width = Math.min(SHINGLE_WORDS, terms.length);
      for (let i = 0; i + width <= terms.length; i++) {
        let hash = width;
        for (let k = i; k < i + width; k++) hash = Math.imul(hash ^ terms[k]!, 0x9e3779b1);
        ids.add(fmix32(hash) >>> 0);
      }
    }
  }
  return Uint32Array.from(ids).sort();
}

/**
 * MinHash signature of a shingle set: for each of `MINHASH_SIZE` hash functions, the least
 * hash over the set. Two signatures agree at a position with probability = Jaccard similarity.
 * An empty set gives a signature of 0xffffffff everywhere (it matches nothing real).
 *
 * @example
 * minhashSignature(shingleSet([text])).length // 128
 */
export function minhashSignature(shingles: Uint32Array): Uint32Array {
  const signature = new Uint32Array(MINHASH_SIZE).fill(0xffffffff);
  if (shingles.length === 0) return signature;
  const values = new Int32Array(shingles);
  for (let i = 0; i < MINHASH_SIZE; i++) {
    const seed = SEEDS[i]!;
    // Signed order is as good a random order as unsigned, and keeps the loop in int32 arithmetic.
    let least = 0x7fffffff;
    for (let j = 0; j < values.length; j++) {
      // Shingle ids are already well mixed: one multiply and shift per function is enough.
      let h = Math.imul(values[j]! ^ seed, 0x9e3779b1);
      h ^= h >>> 15;
      if (h < least) least = h;
    }
    signature[i] = least >>> 0;
  }
  return signature;
}

/**
 * One key per LSH band (a hash of the band's rows, as a non-negative 32-bit integer): articles
 * that share a key for the same band are near-duplicate candidates.
 *
 * @example
 * bandKeys(minhashSignature(shingles)) // 32 numbers; bandKeys(...)[b] is band b's bucket
 */
export function bandKeys(signature: Uint32Array): number[] {
  const keys: number[] = [];
  for (let band = 0; band < LSH_BANDS; band++) {
    let hash = fmix32(band + 1);
    for (let row = 0; row < LSH_ROWS; row++) hash = fmix32(hash ^ signature[band * LSH_ROWS + row]!);
    keys.push(hash >>> 0);
  }
  return keys;
}

/** Share of positions where two signatures agree: an estimate of the Jaccard similarity of their sets. */
export function estimatedJaccard(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < MINHASH_SIZE; i++) if (a[i] === b[i]) same++;
  return same / MINHASH_SIZE;
}

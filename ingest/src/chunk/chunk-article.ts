/**
 * Splits an article into passages that fit the embedding model. Passages follow paragraph
 * boundaries where they can, sentence boundaries when a paragraph is too long, and word
 * boundaries as a last resort; the title and standfirst go with the first passage, whose
 * embedding then carries what the article is about.
 */

export interface ChunkOptions {
  /** Aimed-for passage length, in model tokens. */
  targetTokens: number;
  /** Hard ceiling in model tokens (the model truncates beyond it). */
  maxTokens: number;
  /** Keep only the first passages (0 or absent: all). */
  maxPassages?: number;
}

/**
 * Characters per token, on the safe side: French news averages about 4 characters a token with
 * this model's tokenizer; names and figures take more tokens, so 3.5 keeps passages under the
 * ceiling without loading the tokenizer.
 */
const CHARS_PER_TOKEN = 3.5;

/** Tokens the model adds around a passage: the `passage: ` prefix and two special tokens. */
const RESERVED_TOKENS = 6;

const SENTENCE_END = /(?<=[.!?…»"])\s+(?=[«"A-ZÀ-ÖØ-Þ0-9])/u;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** Splits text longer than `maxChars` at sentence ends, then at spaces. */
function splitLong(text: string, maxChars: number): string[] {
  if (text.length <= maxChars) return [text];
  const pieces: string[] = [];
  for (const sentence of text.split(SENTENCE_END)) {
    if (sentence.length <= maxChars) {
      pieces.push(sentence);
      continue;
    }
    let rest = sentence;
    while (rest.length > maxChars) {
      const cut = rest.lastIndexOf(' ', maxChars);
      const at = cut > maxChars / 2 ? cut : maxChars;
      pieces.push(rest.slice(0, at).trim());
      rest = rest.slice(at).trim();
    }
    if (rest) pieces.push(rest);
  }
  return pieces;
}

/**
 * @example
 * chunkArticle({ title: 'Titre', summary: 'Chapô.', body: 'Un.\n\nDeux.' }, { targetTokens: 300, maxTokens: 512 })
 * // ['Titre\n\nChapô.\n\nUn.\n\nDeux.']
 */
export function chunkArticle(
  article: { title: string; summary: string | null; body: string },
  options: ChunkOptions,
): string[] {
  const targetChars = Math.floor(Math.min(options.targetTokens, options.maxTokens - RESERVED_TOKENS) * CHARS_PER_TOKEN);
  const maxChars = Math.floor((options.maxTokens - RESERVED_TOKENS) * CHARS_PER_TOKEN);
  const head = [article.title, article.summary].filter((part): part is string => !!part && part.length > 0);
  const units = [...head, ...article.body.split(/\n{2,}/)]
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .flatMap((paragraph) => splitLong(paragraph, targetChars));

  const passages: string[] = [];
  let current: string[] = [];
  let length = 0;
  for (const unit of units) {
    const added = length === 0 ? unit.length : length + 2 + unit.length;
    if (current.length > 0 && added > targetChars) {
      passages.push(current.join('\n\n'));
      current = [];
      length = 0;
    }
    current.push(unit);
    length = length === 0 ? unit.length : length + 2 + unit.length;
  }
  if (current.length) {
    const last = current.join('\n\n');
    const previous = passages[passages.length - 1];
    // A short tail reads better (and embeds better) joined to the passage before it.
    if (previous !== undefined && last.length < targetChars / 3 && previous.length + 2 + last.length <= maxChars) {
      passages[passages.length - 1] = `${previous}\n\n${last}`;
    } else {
      passages.push(last);
    }
  }
  return options.maxPassages ? passages.slice(0, options.maxPassages) : passages;
}

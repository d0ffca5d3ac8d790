/**
 * Lays a DOM subtree out as plain-text paragraphs, the way a reader sees it: block elements
 * and line breaks end a paragraph, inline elements flow into the current one.
 */
import { childNodes, isElement, isText, tagOf, type DomNode } from './dom.ts';
import { normalizeSpace } from './text.ts';

/** Elements that start and end a paragraph of their own. */
export const BLOCK_TAGS: ReadonlySet<string> = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'details', 'dialog',
  'dir', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3',
  'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'html', 'legend', 'li', 'main', 'menu', 'nav', 'ol',
  'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);

/** Elements whose content is never article text. */
export const NON_TEXT_TAGS: ReadonlySet<string> = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'canvas', 'iframe', 'object', 'embed', 'video',
  'audio', 'img', 'picture', 'source', 'track', 'button', 'input', 'select', 'textarea', 'option',
  'head', 'title', 'meta', 'link', 'map', 'area', 'math', 'dialog',
]);

/** A laid-out paragraph. */
export interface Paragraph {
  text: string;
  /** All its text is bold (a typical standfirst). */
  emphasised: boolean;
  /** It was ended by a line break inside a block rather than by the end of the block. */
  brokenOff?: boolean;
}

/**
 * Paragraphs of a subtree, whitespace-normalised, in document order.
 * @example paragraphsOf(cheerio.load('<div>a<br>b<p>c <i>d</i></p></div>')('div')[0]) // ['a', 'b', 'c d']
 */
export function paragraphsOf(root: DomNode): string[] {
  return paragraphBlocksOf(root).map((p) => p.text);
}

/** Like {@link paragraphsOf}, also telling which paragraphs are entirely bold. */
export function paragraphBlocksOf(root: DomNode): Paragraph[] {
  const out: Paragraph[] = [];
  let buffer = '';
  let plainChars = 0;
  let boldDepth = 0;
  const flush = (brokenOff = false): void => {
    const text = normalizeSpace(buffer);
    if (text) out.push(brokenOff ? { text, emphasised: plainChars === 0, brokenOff } : { text, emphasised: plainChars === 0 });
    buffer = '';
    plainChars = 0;
  };
  const walk = (node: DomNode): void => {
    if (isText(node)) {
      buffer += node.data;
      if (boldDepth === 0) plainChars += node.data.replace(/[\s\u00a0]+/g, '').length;
      return;
    }
    if (!isElement(node)) {
      for (const child of childNodes(node)) walk(child);
      return;
    }
    const tag = tagOf(node);
    if (NON_TEXT_TAGS.has(tag)) return;
    if (tag === 'br' || tag === 'hr') {
      flush(true);
      return;
    }
    if (tag === 'pre') {
      flush();
      const lines = preText(node).split('\n').map(normalizeSpace).filter(Boolean);
      if (lines.length) out.push({ text: lines.join('\n'), emphasised: false });
      return;
    }
    const block = BLOCK_TAGS.has(tag);
    const bold = tag === 'strong' || tag === 'b';
    if (block) flush();
    if (bold) boldDepth++;
    for (const child of childNodes(node)) walk(child);
    if (bold) boldDepth--;
    if (block) flush();
  };
  walk(root);
  flush();
  return out;
}

// Pre keeps its own line breaks; <br> inside it counts as one.
function preText(node: DomNode): string {
  if (isText(node)) return node.data;
  if (!isElement(node)) return '';
  const tag = tagOf(node);
  if (tag === 'br') return '\n';
  if (NON_TEXT_TAGS.has(tag)) return '';
  return childNodes(node).map(preText).join('');
}

/** Whitespace-normalised text of a subtree on one line (for scoring and comparisons). */
export function flatText(root: DomNode): string {
  return paragraphsOf(root).join(' ');
}

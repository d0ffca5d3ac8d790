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

/**
 * Paragraphs of a subtree, whitespace-normalised, in document order.
 * @example paragraphsOf(cheerio.load('<div>a<br>b<p>c <i>d</i></p></div>')('div')[0]) // ['a', 'b', 'c d']
 */
export function paragraphsOf(root: DomNode): string[] {
  const out: string[] = [];
  let buffer = '';
  const flush = (): void => {
    const text = normalizeSpace(buffer);
    if (text) out.push(text);
    buffer = '';
  };
  const walk = (node: DomNode): void => {
    if (isText(node)) {
      buffer += node.data;
      return;
    }
    if (!isElement(node)) {
      for (const child of childNodes(node)) walk(child);
      return;
    }
    const tag = tagOf(node);
    if (NON_TEXT_TAGS.has(tag)) return;
    if (tag === 'br' || tag === 'hr') {
      flush();
      return;
    }
    if (tag === 'pre') {
      flush();
      const lines = preText(node).split('\n').map(normalizeSpace).filter(Boolean);
      if (lines.length) out.push(lines.join('\n'));
      return;
    }
    const block = BLOCK_TAGS.has(tag);
    if (block) flush();
    for (const child of childNodes(node)) walk(child);
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

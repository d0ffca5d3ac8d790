/**
 * Thin helpers over the DOM nodes cheerio produces. The node types come from `domhandler`,
 * which cheerio does not re-export and this package does not depend on directly, so they are
 * derived from cheerio's own signatures.
 */
import type { CheerioAPI } from 'cheerio';

type RootSelection = ReturnType<CheerioAPI['root']>;
/** Any node: element, text, comment, document. */
export type DomNode = ReturnType<RootSelection['contents']>[number];
/** An element node (tag, script or style). */
export type DomElement = ReturnType<RootSelection['children']>[number];

export function isElement(node: DomNode | null | undefined): node is DomElement {
  return !!node && 'attribs' in node && 'name' in node;
}

export function isText(node: DomNode): node is DomNode & { data: string } {
  // `type` is a string enum in domhandler; compare as a plain string.
  return (node.type as string) === 'text';
}

export function tagOf(el: DomElement): string {
  return el.name.toLowerCase();
}

export function attrOf(el: DomElement, name: string): string | undefined {
  return el.attribs[name];
}

/** Class and id, lower-cased, for boilerplate and content hints. */
export function hintsOf(el: DomElement): string {
  const cls = el.attribs['class'] ?? '';
  const id = el.attribs['id'] ?? '';
  return `${cls} ${id}`.toLowerCase().trim();
}

export function childNodes(node: DomNode): DomNode[] {
  return 'children' in node ? (node.children as DomNode[]) : [];
}

export function childElements(node: DomNode): DomElement[] {
  return childNodes(node).filter(isElement);
}

export function parentElement(node: DomNode): DomElement | null {
  const parent = node.parent as DomNode | null;
  return isElement(parent) ? parent : null;
}

/** Raw text of a subtree (no layout, no whitespace normalisation). */
export function rawText(node: DomNode): string {
  if (isText(node)) return node.data;
  if (!isElement(node) && !('children' in node)) return '';
  if (isElement(node)) {
    const tag = tagOf(node);
    if (tag === 'script' || tag === 'style' || tag === 'noscript' || tag === 'template') return '';
  }
  let out = '';
  for (const child of childNodes(node)) out += rawText(child);
  return out;
}

/** Every descendant element, in document order. */
export function descendants(node: DomNode): DomElement[] {
  const out: DomElement[] = [];
  const stack: DomNode[] = [...childNodes(node)].reverse();
  while (stack.length) {
    const next = stack.pop()!;
    if (!isElement(next)) continue;
    out.push(next);
    const kids = childNodes(next);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  return out;
}

/** Detaches a node from its parent, keeping sibling links consistent. */
export function removeNode(node: DomNode): void {
  const parent = node.parent as DomNode | null;
  if (parent && 'children' in parent) {
    const siblings = parent.children as DomNode[];
    const index = siblings.indexOf(node);
    if (index >= 0) siblings.splice(index, 1);
  }
  const prev = node.prev as DomNode | null;
  const next = node.next as DomNode | null;
  if (prev) prev.next = next;
  if (next) next.prev = prev;
  node.parent = null;
  node.prev = null;
  node.next = null;
}

export function isAncestorOf(ancestor: DomNode, node: DomNode): boolean {
  let current = node.parent as DomNode | null;
  while (current) {
    if (current === ancestor) return true;
    current = current.parent as DomNode | null;
  }
  return false;
}

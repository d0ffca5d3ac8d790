/**
 * Finds the article body in a page, Readability-style: page furniture is pruned, paragraphs
 * vote for their ancestors (text length, commas), the best-scored container wins (penalised by
 * link density, nudged by class/id hints), its siblings that look like article text join it,
 * and boilerplate left inside (link lists, share bars, captions) is cleaned away.
 */
import * as cheerio from 'cheerio';
import {
  childElements, childNodes, isElement, isText, parentElement, removeNode, tagOf, descendants,
  attrOf, type DomElement, type DomNode,
} from './dom.ts';
import {
  classWeight, FURNITURE_TAGS, hasBoilerplateRole, isBoilerplateLine, isHidden, looksUnlikely, mayBeContent,
} from './boilerplate.ts';
import { BLOCK_TAGS, NON_TEXT_TAGS, flatText, paragraphBlocksOf, type Paragraph } from './paragraphs.ts';
import { TextStatsCache } from './text-stats.ts';
import { normalizeSpace, wordCount } from './text.ts';

/** Which of the lossy heuristics a pass applies; later passes relax them when text is missing. */
export interface PassFlags {
  stripUnlikely: boolean;
  weightClasses: boolean;
  cleanConditionally: boolean;
}

export interface MainContent {
  paragraphs: Paragraph[];
  words: number;
}

const PASSES: PassFlags[] = [
  { stripUnlikely: true, weightClasses: true, cleanConditionally: true },
  { stripUnlikely: false, weightClasses: true, cleanConditionally: true },
  { stripUnlikely: false, weightClasses: false, cleanConditionally: true },
  { stripUnlikely: false, weightClasses: false, cleanConditionally: false },
];

/** Below this many words a pass is deemed to have missed the article and the next one runs. */
const ENOUGH_WORDS = 80;

/** Elements whose own inline text counts as a paragraph (e.g. text between `<br>`s in a div). */
const TEXT_CONTAINERS = new Set(['div', 'section', 'article', 'main', 'td', 'dd', 'blockquote', 'center', 'body']);

/**
 * Extracts the main text of a page as paragraphs. `parsed`, when given, must be a parse of
 * `html` that the caller no longer needs: it is pruned in place.
 * @example extractMainContent('<body><nav>Home</nav><article><p>Long text…</p></article></body>').paragraphs
 */
export function extractMainContent(html: string, parsed?: cheerio.CheerioAPI): MainContent {
  let best: MainContent = { paragraphs: [], words: 0 };
  for (const [index, flags] of PASSES.entries()) {
    // The caller's parse can serve the first pass (it is modified); later passes start afresh.
    const $ = index === 0 && parsed ? parsed : cheerio.load(html);
    const result = runPass($, flags);
    if (result.words >= ENOUGH_WORDS) return result;
    if (result.words > best.words) best = result;
  }
  return best;
}

function runPass($: cheerio.CheerioAPI, flags: PassFlags): MainContent {
  const body = ($('body')[0] as DomElement | undefined) ?? ($.root()[0] as DomNode);
  const stats = new TextStatsCache();
  const protectedNodes = articleBodyLineage($);
  prune(body, flags, stats, protectedNodes);
  stats.clear();

  const scores = scoreCandidates(body, flags, stats);
  const top = pickTopCandidate(body, scores);
  const selected = top ? withSiblings(top, scores, stats) : [body];
  for (const node of selected) {
    if (isElement(node)) cleanInside(node, flags, stats);
  }
  const paragraphs = selected.flatMap((node) => paragraphBlocksOf(node)).filter((p) => !isBoilerplateLine(p.text));
  return { paragraphs, words: paragraphs.reduce((sum, p) => sum + wordCount(p.text), 0) };
}

/**
 * Visible `itemprop="articleBody"` elements and their ancestors are never pruned (hidden ones
 * are often a metadata copy of the article kept for search engines).
 */
function articleBodyLineage($: cheerio.CheerioAPI): Set<DomNode> {
  const lineage = new Set<DomNode>();
  $('[itemprop="articleBody"]').each((_, el) => {
    for (let up: DomElement | null = el as DomElement; up; up = parentElement(up)) {
      if (isHidden(up)) return;
    }
    let node: DomNode | null = el as DomNode;
    while (node && !lineage.has(node)) {
      lineage.add(node);
      node = node.parent as DomNode | null;
    }
  });
  return lineage;
}

/** Removes page furniture before scoring; elements holding most of the page's text are kept. */
function prune(root: DomNode, flags: PassFlags, stats: TextStatsCache, protectedNodes: Set<DomNode>): void {
  const plainLength = (el: DomElement): number => stats.of(el).length - stats.of(el).linkLength;
  const rootPlain = isElement(root) ? plainLength(root) : 0;
  // An element holding most of the page's non-link text is never furniture, whatever its name
  // (whole pages wrapped in a <form>, articles in a <header>…).
  const holdsMost = (el: DomElement, share: number): boolean => rootPlain >= 150 && plainLength(el) >= rootPlain * share;
  const shouldDrop = (el: DomElement): boolean => {
    const tag = tagOf(el);
    if (NON_TEXT_TAGS.has(tag) || tag === 'figcaption') return true;
    if (tag === 'body' || protectedNodes.has(el)) return false;
    // Hidden copies (metadata, mobile variants) go unless they are nearly the whole page.
    if (isHidden(el)) return !holdsMost(el, 0.75);
    if (holdsMost(el, 0.5)) return false;
    if (FURNITURE_TAGS.has(tag) || hasBoilerplateRole(el)) return true;
    if (isMetadataItem(el)) return true;
    if (flags.stripUnlikely && tag !== 'a' && looksUnlikely(el)) {
      if (!mayBeContent(el)) return true;
      return stats.of(el).words < 40 || stats.linkDensity(el) > 0.5;
    }
    return false;
  };
  const visit = (node: DomNode): void => {
    // A copy: removals splice the live children array.
    for (const child of [...childNodes(node)]) {
      if (!isElement(child)) {
        if ((child.type as string) === 'comment') removeNode(child);
        continue;
      }
      if (shouldDrop(child)) removeNode(child);
      else visit(child);
    }
  };
  visit(root);
}

// Microdata properties that describe the article rather than being part of it.
const METADATA_ITEMPROPS = /^(?:datePublished|dateModified|dateCreated|keywords|mainEntityOfPage|image|publisher|logo|url|author|creator|headline|thumbnailUrl|isPartOf|copyrightHolder|copyrightYear|inLanguage)$/;

function isMetadataItem(el: DomElement): boolean {
  const prop = attrOf(el, 'itemprop');
  return !!prop && prop.split(/\s+/).some((p) => METADATA_ITEMPROPS.test(p));
}

interface Unit {
  anchor: DomElement;
  text: string;
}

/** Every paragraph-like piece of text and the element it belongs to. */
function collectUnits(root: DomNode): Unit[] {
  const units: Unit[] = [];
  const visit = (el: DomNode): void => {
    for (const child of childElements(el)) {
      const tag = tagOf(child);
      if (tag === 'p' || tag === 'pre') {
        const anchor = parentElement(child);
        if (anchor) units.push({ anchor, text: flatText(child) });
        continue;
      }
      if (TEXT_CONTAINERS.has(tag)) {
        const own = ownInlineText(child);
        if (own.length >= 25) units.push({ anchor: child, text: own });
      }
      visit(child);
    }
  };
  if (isElement(root) && TEXT_CONTAINERS.has(tagOf(root))) {
    const own = ownInlineText(root);
    if (own.length >= 25) units.push({ anchor: root, text: own });
  }
  visit(root);
  return units;
}

/** Text of the inline content directly inside an element (block children excluded). */
function ownInlineText(el: DomElement): string {
  let out = '';
  for (const child of childNodes(el)) {
    if (isText(child)) out += child.data;
    else if (isElement(child)) {
      const tag = tagOf(child);
      if (tag === 'br') out += ' ';
      else if (!BLOCK_TAGS.has(tag) && !NON_TEXT_TAGS.has(tag)) out += ` ${flatText(child)} `;
    }
  }
  return normalizeSpace(out);
}

function initialScore(el: DomElement, flags: PassFlags): number {
  let score = 0;
  switch (tagOf(el)) {
    case 'div': case 'article': case 'main': case 'section':
      score = 5;
      break;
    case 'pre': case 'td': case 'blockquote':
      score = 3;
      break;
    case 'address': case 'ol': case 'ul': case 'dl': case 'dd': case 'dt': case 'li': case 'form':
      score = -3;
      break;
    case 'h1': case 'h2': case 'h3': case 'h4': case 'h5': case 'h6': case 'th':
      score = -5;
      break;
  }
  return score + (flags.weightClasses ? classWeight(el) : 0);
}

function scoreCandidates(root: DomNode, flags: PassFlags, stats: TextStatsCache): Map<DomElement, number> {
  const scores = new Map<DomElement, number>();
  for (const unit of collectUnits(root)) {
    if (unit.text.length < 25) continue;
    const commas = unit.text.match(/[,،、，]/g)?.length ?? 0;
    const contentScore = 1 + commas + Math.min(3, Math.floor(unit.text.length / 100));
    let ancestor: DomElement | null = unit.anchor;
    for (let level = 0; ancestor && level < 5; level++) {
      const tag = tagOf(ancestor);
      if (tag === 'html') break;
      if (!scores.has(ancestor)) scores.set(ancestor, initialScore(ancestor, flags));
      const divider = level === 0 ? 1 : level === 1 ? 2 : level * 3;
      scores.set(ancestor, scores.get(ancestor)! + contentScore / divider);
      ancestor = parentElement(ancestor);
    }
  }
  for (const [el, score] of scores) scores.set(el, score * (1 - stats.linkDensity(el)));
  return scores;
}

function pickTopCandidate(body: DomNode, scores: Map<DomElement, number>): DomElement | null {
  const ranked = [...scores.entries()].filter(([el]) => tagOf(el) !== 'body').sort((a, b) => b[1] - a[1]);
  const first = ranked[0];
  if (!first) return null;
  let [top, topScore] = first;

  // When several strong candidates share an ancestor, the article is that ancestor
  // (pages that split the body into sibling blocks).
  const alternatives = ranked.slice(1, 5).filter(([, s]) => topScore > 0 && s / topScore >= 0.75).map(([el]) => el);
  if (alternatives.length >= 3) {
    let parent = parentElement(top);
    while (parent && parent !== body) {
      const holder = parent;
      const count = alternatives.filter((alt) => isInside(alt, holder)).length;
      if (count >= 3) {
        top = parent;
        break;
      }
      parent = parentElement(parent);
    }
  }

  // Climb while the parent scores about as well: the text is spread over it.
  let lastScore = scores.get(top) ?? topScore;
  const threshold = lastScore / 3;
  let parent = parentElement(top);
  while (parent && parent !== body && tagOf(parent) !== 'body') {
    const parentScore = scores.get(parent);
    if (parentScore === undefined) {
      parent = parentElement(parent);
      continue;
    }
    if (parentScore < threshold) break;
    if (parentScore > lastScore) {
      top = parent;
      break;
    }
    lastScore = parentScore;
    parent = parentElement(parent);
  }

  // A lone child says nothing more than its parent.
  parent = parentElement(top);
  while (parent && parent !== body && tagOf(parent) !== 'body' && childElements(parent).length === 1 && !hasOwnText(parent)) {
    top = parent;
    parent = parentElement(top);
  }
  return top;
}

function hasOwnText(el: DomElement): boolean {
  return childNodes(el).some((child) => isText(child) && child.data.trim() !== '');
}

function isInside(node: DomNode, ancestor: DomNode): boolean {
  let current = node.parent as DomNode | null;
  while (current) {
    if (current === ancestor) return true;
    current = current.parent as DomNode | null;
  }
  return false;
}

/** The top candidate plus the siblings that look like more of the same article. */
function withSiblings(top: DomElement, scores: Map<DomElement, number>, stats: TextStatsCache): DomNode[] {
  const parent = parentElement(top);
  if (!parent) return [top];
  const topScore = scores.get(top) ?? 0;
  const threshold = Math.max(10, topScore * 0.2);
  const topClass = attrOf(top, 'class') ?? '';
  const selected: DomNode[] = [];
  for (const sibling of childElements(parent)) {
    if (sibling === top) {
      selected.push(sibling);
      continue;
    }
    const bonus = topClass && attrOf(sibling, 'class') === topClass ? topScore * 0.2 : 0;
    const score = scores.get(sibling);
    if (score !== undefined && score + bonus >= threshold) {
      selected.push(sibling);
      continue;
    }
    if (tagOf(sibling) === 'p') {
      const text = flatText(sibling);
      const density = stats.linkDensity(sibling);
      if (text.length > 80 && density < 0.25) selected.push(sibling);
      else if (text.length > 0 && text.length <= 80 && density === 0 && /\.( |$)/.test(text)) selected.push(sibling);
    }
  }
  return selected;
}

const CONDITIONAL_TAGS = new Set(['form', 'fieldset', 'table', 'ul', 'ol', 'dl', 'div', 'section', 'aside', 'header', 'footer', 'figure']);

/** Removes what is left of boilerplate inside the chosen container. */
function cleanInside(container: DomElement, flags: PassFlags, stats: TextStatsCache): void {
  for (const heading of descendants(container)) {
    const tag = tagOf(heading);
    if (tag === 'h1') removeNode(heading);
    else if (/^h[2-6]$/.test(tag) && flags.weightClasses && classWeight(heading) < 0) removeNode(heading);
  }
  stats.clear();
  if (!flags.cleanConditionally) return;
  // A paragraph that is nothing but a link is a pointer to another story.
  for (const el of descendants(container)) {
    const tag = tagOf(el);
    if (tag !== 'p' && !/^h[2-6]$/.test(tag)) continue;
    const s = stats.of(el);
    if (s.words > 0 && s.words <= 30 && stats.linkDensity(el) >= 0.9) removeNode(el);
  }
  stats.clear();
  const candidates = descendants(container).filter((el) => CONDITIONAL_TAGS.has(tagOf(el))).reverse();
  for (const el of candidates) {
    if (!isInside(el, container)) continue; // an ancestor was already removed
    if (shouldCleanAway(el, flags, stats)) {
      removeNode(el);
      stats.clear();
    }
  }
}

function shouldCleanAway(el: DomElement, flags: PassFlags, stats: TextStatsCache): boolean {
  const tag = tagOf(el);
  const weight = flags.weightClasses ? classWeight(el) : 0;
  if (weight < 0) return true;
  const s = stats.of(el);
  if (s.commas >= 10) return false;
  const all = descendants(el);
  const count = (name: string): number => all.filter((d) => tagOf(d) === name).length;
  const p = count('p');
  const img = count('img');
  const li = count('li') - 100;
  const input = count('input');
  const embeds = all.filter((d) => {
    const t = tagOf(d);
    return t === 'iframe' || t === 'embed' || t === 'object' || t === 'video';
  }).length;
  const density = stats.linkDensity(el);
  const isList = tag === 'ul' || tag === 'ol' || tag === 'dl';
  const inFigure = hasAncestorTag(el, 'figure');
  if (isList) return density > 0.5;
  return (
    (img > 1 && p / img < 0.5 && !inFigure) ||
    li > p ||
    input > Math.floor(p / 3) ||
    (s.length < 25 && (img === 0 || img > 2) && !inFigure) ||
    (weight < 25 && density > 0.2) ||
    (weight >= 25 && density > 0.5) ||
    (embeds === 1 && s.length < 75) ||
    embeds > 1
  );
}

function hasAncestorTag(el: DomElement, tag: string): boolean {
  let current = parentElement(el);
  while (current) {
    if (tagOf(current) === tag) return true;
    current = parentElement(current);
  }
  return false;
}

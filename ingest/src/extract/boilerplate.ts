/**
 * What boilerplate looks like in markup: class/id hints, ARIA roles, hidden elements, and the
 * short stock phrases (share, advertisement, read more…) that survive inside article bodies.
 */
import { attrOf, hintsOf, tagOf, type DomElement } from './dom.ts';

/** Containers that are almost never article text (navigation, ads, share bars, comments…). */
const UNLIKELY_HINTS = new RegExp(
  [
    '(?:^|[\\s_-])(?:ads?|adv|advert\\w*|advertising|sponsor\\w*|promo\\w*|banner|dfp|gpt|outstream)(?:$|[\\s_-])',
    'breadcrumb', 'comment', 'disqus', 'related', 'recommend', 'newsletter', 'subscri', 'signup',
    'sign-up', 'share', 'sharing', 'social', 'sidebar', 'side-bar', 'widget', 'footer', 'masthead',
    'navbar', 'navigation', 'menu', 'popup', 'modal', 'cookie', 'gdpr', 'consent',
    'outbrain', 'taboola', 'rss', 'pagination', 'pager', 'more-stories', 'most-popular',
    'mostpopular', 'trending', 'byline', 'caption', 'credit', 'toolbar', 'skip-link', 'author-bio',
    'author-info', 'about-author', 'sr-only', 'visually-hidden', 'screen-reader',
    '(?:^|\\s)hidden(?:$|\\s)', '(?:^|[\\s_-])tags(?:$|[\\s_-])', 'tag-list', 'taglist', 'keywords',
    'lire-aussi', 'a-lire', 'voir-aussi', 'read-more', 'readmore', 'read-also', 'see-also',
    'jump-link', 'print-only', 'meta-data', 'dateline', 'timestamp',
  ].join('|'),
);

/** Hints that can redeem an unlikely-looking element: it may be the article wrapper. */
const MAYBE_HINTS = /article|body|content|main|story|column/;

/** Hints that lower a container's content score. */
const NEGATIVE_HINTS = new RegExp(
  [
    '(?:^|[\\s_-])(?:ads?|advert\\w*|sponsor\\w*|promo\\w*|banner|meta|media|tags|hid|hidden)(?:$|[\\s_-])',
    'comment', 'com-', 'contact', 'footer', 'foot', 'footnote', 'masthead', 'outbrain', 'related',
    'recommend', 'scroll', 'share', 'shoutbox', 'sidebar', 'skyscraper', 'social', 'shopping',
    'widget', 'newsletter', 'subscri', 'byline', 'author', 'caption', 'credit', 'nav', 'menu',
    'header', 'teaser', 'card', 'list', 'gallery', 'video', 'player',
  ].join('|'),
);

/** Hints that raise a container's content score. */
const POSITIVE_HINTS = /article|body|content|entry|hentry|h-entry|main|page|post|text|blog|story|prose|chapo|chapeau|corps|texte|contenu/;

const BOILERPLATE_ROLES = new Set([
  'navigation', 'complementary', 'banner', 'contentinfo', 'menu', 'menubar', 'search', 'dialog',
  'alertdialog', 'tooltip', 'toolbar',
]);

/** Tags whose whole subtree is page furniture. */
export const FURNITURE_TAGS: ReadonlySet<string> = new Set(['nav', 'aside', 'footer', 'header', 'figure', 'figcaption', 'form', 'menu']);

export function looksUnlikely(el: DomElement): boolean {
  const hints = hintsOf(el);
  if (!hints) return false;
  return UNLIKELY_HINTS.test(hints);
}

export function mayBeContent(el: DomElement): boolean {
  return MAYBE_HINTS.test(hintsOf(el)) || attrOf(el, 'itemprop') === 'articleBody';
}

export function hasBoilerplateRole(el: DomElement): boolean {
  const role = attrOf(el, 'role');
  return !!role && BOILERPLATE_ROLES.has(role.toLowerCase());
}

export function isHidden(el: DomElement): boolean {
  if (attrOf(el, 'hidden') !== undefined) return true;
  const style = attrOf(el, 'style');
  if (style && /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style)) return true;
  return false;
}

/**
 * Score bonus from class/id: −25 for boilerplate-sounding names, +25 for content-sounding
 * ones (as Readability does), +25 more for `itemprop="articleBody"`.
 */
export function classWeight(el: DomElement): number {
  let weight = 0;
  const hints = hintsOf(el);
  if (hints) {
    if (NEGATIVE_HINTS.test(hints)) weight -= 25;
    if (POSITIVE_HINTS.test(hints)) weight += 25;
  }
  if (attrOf(el, 'itemprop') === 'articleBody') weight += 25;
  const tag = tagOf(el);
  if (tag === 'article' || tag === 'main') weight += 10;
  return weight;
}

/** Short stock lines that are never article text, whatever element holds them. */
const BOILERPLATE_LINE = new RegExp(
  '^(?:' +
    [
      'advertisement', 'advertisements', 'advert', 'ad', 'sponsored', 'sponsored content', 'publicité', 'publicite',
      'story continues below', 'story continues below advertisement', 'article continues below',
      'continue reading( below)?', 'scroll to continue( with content)?', 'read more', 'read more:?.*',
      'related:?', 'related (articles|stories|content|coverage|links|posts)', 'recommended( for you)?', 'more from .{1,40}',
      'share( this)?( article| story| post| page)?( on \\w+)?', 'share on \\w+', 'tweet', 'email', 'print', 'comments?',
      'follow us( on \\w+)?', 'sign up( for .{1,60})?', 'subscribe( now| today)?', 'click here.{0,60}',
      'lire aussi( :)?', 'à lire aussi( :)?', 'a lire aussi( :)?', 'voir aussi( :)?', 'lire la suite', 'partager', 'partagez',
      'image copyright .{0,60}', 'image caption .{0,200}', 'getty images', 'photo: .{0,60}', 'video: .{0,60}',
      'loading', 'loading\\.\\.\\.', 'close', 'menu', 'skip to (main )?content', 'back to top', 'top',
      'you might also like', 'you may also like', 'most popular', 'trending now', 'watch: .{0,80}',
      "don'?t miss", 'see more: .{0,120}', 'more on this( story)?', 'related video', 'more stories',
    ].join('|') +
    ')[.!:…]*$',
  'i',
);

// A caption line: "Protesters in the street (Image: GETTY)".
const CAPTION_LINE = /\((?:image|images|photo|photos|picture|pic|credit|crédit|crédit photo|foto|source)\s*:[^)]{1,80}\)\s*$/i;
// Newsletter and subscription pitches.
const PITCH_LINE = /\b(?:newsletters?|subscribe|sign up|inscrivez-vous|abonnez-vous)\b/i;

export function isBoilerplateLine(paragraph: string): boolean {
  const text = paragraph.trim();
  if (text.length > 200) return false;
  if (CAPTION_LINE.test(text)) return true;
  if (PITCH_LINE.test(text) && text.split(' ').length <= 25 && /\b(?:our|your|inbox|free|newsletter|abonnez|inscrivez)\b/i.test(text)) return true;
  if (text.length > 140) return false;
  return BOILERPLATE_LINE.test(text);
}

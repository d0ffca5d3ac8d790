import { describe, it, expect } from 'vitest';
import { ArchiveError } from '@archive/core';
import { extractArticle } from './extract-article.ts';

const sentence = (n: number): string =>
  `Sentence ${n} of the report explains, with figures and quotes from officials, what happened in the city on Monday.`;
const paragraphs = (count: number, from = 1): string => Array.from({ length: count }, (_, i) => `<p>${sentence(from + i)}</p>`).join('');

function page(opts: { head?: string; body?: string; htmlAttrs?: string }): string {
  return `<!doctype html><html ${opts.htmlAttrs ?? ''}><head>${opts.head ?? ''}</head><body>${opts.body ?? ''}</body></html>`;
}

describe('extractArticle', () => {
  it('takes metadata from JSON-LD first and the body from the page', () => {
    const ld = {
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: 'City council approves budget',
      datePublished: '2019-11-19T23:30:00-05:00',
      author: [{ '@type': 'Person', name: 'Jane Doe' }, { '@type': 'Person', name: 'John Roe' }],
      articleSection: 'Local',
      keywords: ['budget', 'council'],
      description: 'The council approved the budget after a long night.',
      articleBody: 'Too short.',
    };
    const html = page({
      htmlAttrs: 'lang="en-US"',
      head: `<title>City council approves budget | The Daily</title>
        <meta property="og:title" content="Council OKs budget | The Daily">
        <meta property="article:published_time" content="2019-01-01T00:00:00Z">
        <script type="application/ld+json">${JSON.stringify(ld)}</script>`,
      body: `<nav><a href="/">Home</a> <a href="/local">Local</a></nav>
        <article><h1>City council approves budget</h1><p class="byline">By Jane Doe and John Roe</p>${paragraphs(5)}</article>
        <footer>Copyright The Daily</footer>`,
    });
    const article = extractArticle(html, { url: 'https://daily.test/2019/11/19/council-budget' });
    expect(article.title).toBe('City council approves budget');
    expect(article.date).toBe('2019-11-19');
    expect(article.published).toBe('2019-11-19T23:30:00-05:00');
    expect(article.authors).toEqual(['Jane Doe', 'John Roe']);
    expect(article.section).toBe('Local');
    expect(article.tags).toEqual(['budget', 'council']);
    expect(article.lang).toBe('en');
    expect(article.summary).toBe('The council approved the budget after a long night.');
    expect(article.url).toBe('https://daily.test/2019/11/19/council-budget');
    expect(article.body.split('\n\n')).toEqual([1, 2, 3, 4, 5].map(sentence));
  });

  it('prefers a JSON-LD articleBody that is longer than what the page shows', () => {
    const full = [1, 2, 3, 4, 5, 6, 7, 8].map(sentence).join('\n\n');
    const html = page({
      head: `<script type="application/ld+json">${JSON.stringify({ '@type': 'Article', headline: 'H', articleBody: full })}</script>`,
      body: `<article>${paragraphs(3)}<div class="paywall-prompt">Subscribe to read more</div></article>`,
    });
    expect(extractArticle(html).body).toBe(full);
  });

  it('falls back to Open Graph, article:* meta and microdata', () => {
    const html = page({
      head: `<meta property="og:title" content="Le titre">
        <meta property="og:locale" content="fr_FR">
        <meta property="og:url" content="https://actu.example.fr/monde/le-titre-123.html">
        <meta property="article:published_time" content="2020-01-22T19:10:00+01:00">
        <meta property="article:author" content="Orange avec AFP">
        <meta property="article:tag" content="Iran"><meta property="article:tag" content="santé">`,
      body: `<div itemprop="articleBody"><p class="date"><span itemprop="author">AFP</span>, publié le mercredi 22 janvier 2020 à 19h10</p>${paragraphs(4)}</div>`,
    });
    const article = extractArticle(html);
    expect(article).toMatchObject({
      title: 'Le titre',
      lang: 'fr',
      url: 'https://actu.example.fr/monde/le-titre-123.html',
      section: 'monde',
      date: '2020-01-22',
      published: '2020-01-22T19:10:00+01:00',
      authors: ['Orange avec AFP'],
      tags: ['Iran', 'santé'],
    });
    expect(article.body).not.toContain('publié le');
    expect(article.body.startsWith(sentence(1))).toBe(true);
  });

  it('reads the date from <time datetime> and the language from content-language', () => {
    const html = page({
      head: '<meta http-equiv="content-language" content="de-DE">',
      body: `<article><h1>Titel</h1><time datetime="2018-03-04T10:00">4. März</time>${paragraphs(3)}</article>`,
    });
    const article = extractArticle(html, { url: 'https://example.de/artikel.html' });
    expect(article.date).toBe('2018-03-04');
    expect(article.lang).toBe('de');
    expect(article.title).toBe('Titel');
    expect(article.url).toBe('https://example.de/artikel.html');
  });

  it('separates a bold standfirst from the body', () => {
    const html = page({
      body: `<div itemprop="articleBody"><p><strong>Selon nos informations, le conseil a tranché : le budget sera voté la semaine prochaine.</strong><br><br>${sentence(1)}</p>${paragraphs(3, 2)}</div>`,
    });
    const article = extractArticle(html);
    expect(article.summary).toBe('Selon nos informations, le conseil a tranché : le budget sera voté la semaine prochaine.');
    expect(article.body.startsWith(sentence(1))).toBe(true);
  });

  it('leaves lang and date null when the markup does not declare them', () => {
    const article = extractArticle(page({ body: `<div>${paragraphs(3)}</div>` }));
    expect(article.lang).toBeNull();
    expect(article.date).toBeNull();
    expect(article.authors).toEqual([]);
  });

  it('throws EXTRACTION_EMPTY when the page has no text at all', () => {
    const empty = page({ head: '<title>Nothing</title>', body: '<nav><a href="/">Home</a></nav><script>var x = 1;</script><img src="a.png">' });
    expect(() => extractArticle(empty)).toThrow(ArchiveError);
    try {
      extractArticle(empty);
    } catch (error) {
      expect((error as ArchiveError).code).toBe('EXTRACTION_EMPTY');
    }
  });
});

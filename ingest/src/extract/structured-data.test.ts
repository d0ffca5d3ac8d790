import { describe, it, expect } from 'vitest';
import * as cheerio from 'cheerio';
import { firstMeta, readStructuredData } from './structured-data.ts';

const page = (head: string, body = ''): cheerio.CheerioAPI => cheerio.load(`<html lang="fr-FR"><head>${head}</head><body>${body}</body></html>`);

describe('readStructuredData', () => {
  it('finds the article node inside an @graph and resolves author references', () => {
    const $ = page(`<script type="application/ld+json">${JSON.stringify({
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'WebSite', name: 'The Daily' },
        { '@type': 'Person', '@id': '#jane', name: 'Jane Doe' },
        { '@type': ['NewsArticle'], headline: 'Big &amp; bold', author: [{ '@id': '#jane' }, { '@type': 'Person', name: 'John Roe' }], datePublished: '2020-01-22T19:10:00+01:00', articleSection: ['Politics'], keywords: 'a, b', inLanguage: { '@type': 'Language', alternateName: 'fr' } },
        { '@type': 'BreadcrumbList', itemListElement: [{ position: 2, name: 'Politics' }, { position: 1, name: 'Home' }] },
      ],
    })}</script>`);
    const data = readStructuredData($);
    expect(data.jsonLd?.type).toBe('NewsArticle');
    expect(data.jsonLd?.headline).toBe('Big & bold');
    expect(data.jsonLd?.authors).toEqual(['Jane Doe', 'John Roe']);
    expect(data.jsonLd?.sections).toEqual(['Politics']);
    expect(data.jsonLd?.keywords).toEqual(['a', 'b']);
    expect(data.jsonLd?.inLanguage).toBe('fr');
    expect(data.breadcrumbs).toEqual(['Politics']);
    expect(data.htmlLang).toBe('fr-FR');
  });

  it('reads arrays of JSON-LD objects and tolerates trailing commas and raw line breaks', () => {
    const $ = page(`<script type="application/ld+json">[{"@type":"Organization","name":"X"},{"@type":"ReportageNewsArticle","headline":"Line
break","articleBody":"Para one.\\nPara two.",}]</script>`);
    const data = readStructuredData($);
    expect(data.jsonLd?.type).toBe('ReportageNewsArticle');
    expect(data.jsonLd?.headline).toBe('Line break');
    expect(data.jsonLd?.articleBody).toBe('Para one.\nPara two.');
  });

  it('collects meta tags in order, microdata values and canonical link', () => {
    const $ = page(
      '<meta property="article:tag" content="one"><meta property="article:tag" content="two"><meta property="og:title" content=" T "><link rel="canonical" href="https://x.test/a">',
      '<div itemscope><span itemprop="author" itemscope><span itemprop="name">Ann Lee</span></span><time itemprop="datePublished" datetime="2019-11-19">Nov 19</time></div>',
    );
    const data = readStructuredData($);
    expect(data.meta.get('article:tag')).toEqual(['one', 'two']);
    expect(firstMeta(data, 'twitter:title', 'og:title')).toBe('T');
    expect(data.microdataAuthors).toEqual(['Ann Lee']);
    expect(data.microdata.get('datePublished')).toEqual(['2019-11-19']);
    expect(data.canonical).toBe('https://x.test/a');
    expect(data.jsonLd).toBeNull();
  });
});

/**
 * Real pages: a few OrangeSum articles (French) checked against their expected records.
 * The pages are read in place from shared/ beside the repository; they are not copied here.
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { extractArticle } from './extract-article.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SAMPLE = resolve(process.env['ARCHIVE_SHARED_DATA'] ?? resolve(ROOT, '../shared/data'), 'orangesum-fr/html-sample');

// Body recall over word 4-grams: the share of the expected text the extraction recovered.
function recall(expected: string, actual: string): number {
  const grams = (text: string): string[] => {
    const tokens = text.match(/[\p{L}\p{N}_]+/gu) ?? [];
    return tokens.slice(0, Math.max(1, tokens.length - 3)).map((_, i) => tokens.slice(i, i + 4).join(' '));
  };
  const have = new Map<string, number>();
  for (const g of grams(actual)) have.set(g, (have.get(g) ?? 0) + 1);
  const want = grams(expected);
  let hit = 0;
  for (const g of want) {
    const n = have.get(g) ?? 0;
    if (n > 0) {
      hit++;
      have.set(g, n - 1);
    }
  }
  return want.length ? hit / want.length : 1;
}

// Politics with a bold standfirst, an AFP wire story, a car page (section from the sub-domain),
// and a society story with a sub-section.
const PAGES = ['orangesum-10539', 'orangesum-33045', 'orangesum-5522', 'orangesum-13324'];

describe.skipIf(!existsSync(SAMPLE))('OrangeSum html-sample pages', () => {
  for (const id of PAGES) {
    it(`${id}: title, date, section and url exact, body recovered`, () => {
      const expected = JSON.parse(readFileSync(resolve(SAMPLE, `${id}.expected.json`), 'utf8')) as Record<string, unknown>;
      const article = extractArticle(gunzipSync(readFileSync(resolve(SAMPLE, `${id}.html.gz`))).toString('utf8'));
      expect(article.title).toBe(expected['title']);
      expect(article.date).toBe(expected['date']);
      expect(article.published).toBe(expected['published']);
      expect(article.section).toBe(expected['section']);
      expect(article.url).toBe(expected['url']);
      expect(article.lang).toBe('fr');
      expect(article.authors).toEqual(expected['author'] ? [expected['author']] : []);
      expect(recall(String(expected['body']), article.body)).toBeGreaterThanOrEqual(0.98);
      // The dateline ("AFP, publié le …") and the "A lire aussi" box are not article text.
      expect(article.body).not.toMatch(/publié le|A lire aussi/);
      expect(article.body).not.toContain('\n\n\n');
    });
  }

  it('separates the bold standfirst of orangesum-10539 from its body', () => {
    const expected = JSON.parse(readFileSync(resolve(SAMPLE, 'orangesum-10539.expected.json'), 'utf8')) as { summary: string; body: string };
    const article = extractArticle(gunzipSync(readFileSync(resolve(SAMPLE, 'orangesum-10539.html.gz'))).toString('utf8'));
    expect(article.summary).toBe(expected.summary);
    expect(article.body.startsWith(expected.body.split('\n\n')[0]!)).toBe(true);
  });
});

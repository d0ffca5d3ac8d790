import { describe, it, expect } from 'vitest';
import { extractMainContent } from './main-content.ts';

const para = (n: number, topic = 'council'): string =>
  `<p>Paragraph ${n} about the ${topic}: the members met on Tuesday, discussed the budget at length, and agreed, after a long debate, to vote again next week.</p>`;

const texts = (html: string): string[] => extractMainContent(html).paragraphs.map((p) => p.text);

describe('extractMainContent', () => {
  it('keeps the article paragraphs and drops navigation, share bars, related links, captions, newsletter boxes and comments', () => {
    const html = `<html><body>
      <nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
      <div class="header-promo">Subscribe today for just $1 a week, best offer of the year, limited time only!</div>
      <article>
        <h1>Council votes again</h1>
        <div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Tweet this article</a></div>
        ${para(1)}
        <figure><img src="a.jpg"><figcaption>The council chamber on Tuesday, photographed by our reporter.</figcaption></figure>
        ${para(2)}
        <div class="newsletter-signup"><p>Get the best stories in your inbox every morning, sign up for our free newsletter.</p></div>
        ${para(3)}
        <aside class="related-stories"><h3>Related</h3><ul><li><a href="/a">Another story about the budget</a></li><li><a href="/b">Yet another story</a></li></ul></aside>
        ${para(4)}
      </article>
      <section id="comments"><div class="comment"><p>Great article, I totally agree with everything the council did, well done everyone involved!</p></div></section>
      <footer><p>Copyright 2020 The Daily. All rights reserved. Terms of use, privacy policy and cookie settings apply.</p></footer>
    </body></html>`;
    const out = texts(html);
    expect(out).toHaveLength(4);
    expect(out[0]).toMatch(/^Paragraph 1 about the council/);
    expect(out[3]).toMatch(/^Paragraph 4/);
    const all = out.join('\n');
    for (const junk of ['Home', 'Subscribe', 'Share on Facebook', 'photographed', 'newsletter', 'Another story', 'Great article', 'Copyright', 'Council votes again']) {
      expect(all).not.toContain(junk);
    }
  });

  it('splits text between <br> line breaks in a div into paragraphs and keeps lists', () => {
    const html = `<body><div class="menu"><a href="/">Home</a></div><div class="story-body">
      First block of text that is long enough to count, with a comma, and another one.<br><br>
      Second block of text, also long enough to count as a real paragraph of the story.<br>
      <ul><li>First point of the list</li><li>Second point of the list</li></ul>
      ${para(1)}${para(2)}
    </div></body>`;
    const out = texts(html);
    expect(out.slice(0, 4)).toEqual([
      'First block of text that is long enough to count, with a comma, and another one.',
      'Second block of text, also long enough to count as a real paragraph of the story.',
      'First point of the list',
      'Second point of the list',
    ]);
    expect(out).not.toContain('Home');
  });

  it('marks a bold opening cut off by a line break (a standfirst)', () => {
    const html = `<body><div itemprop="articleBody"><p><strong>The bold standfirst of the story, which sums it up for readers.</strong><br><br>Then the story starts, with details, figures, and quotes from everyone involved.</p>${para(1)}${para(2)}</div></body>`;
    const [first, second] = extractMainContent(html).paragraphs;
    expect(first).toEqual({ text: 'The bold standfirst of the story, which sums it up for readers.', emphasised: true, brokenOff: true });
    expect(second?.emphasised).toBe(false);
  });

  it('does not let a hidden metadata copy of the article win', () => {
    const html = `<body><div class="article-content">${para(1, 'visible story')}${para(2, 'visible story')}${para(3, 'visible story')}</div>
      <div style="display:none" itemscope><div itemprop="headline">Hidden headline</div><div itemprop="articleBody">${para(1, 'hidden copy')}${para(2, 'hidden copy')}${para(3, 'hidden copy')}</div></div></body>`;
    const all = texts(html).join('\n');
    expect(all).toContain('visible story');
    expect(all).not.toContain('hidden copy');
  });
});

import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REPUBLISHED_ID, ROOT, UPDATED_STORY_ID } from './helpers.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(ROOT, 'tests/artifacts');

describe('the web UI in Chromium', () => {
  let browser: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium package (npm test does) or set CHROMIUM_PATH`);
    profile = mkdtempSync(path.join(tmpdir(), 'chromium-profile-'));
    // A fresh profile folder each run (playwright passes it as --user-data-dir).
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run',
      ],
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('searches, filters, opens an article and shows related ones', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(inject('baseUrl'));
    await expect(page.title()).resolves.toBe('Archives');
    // Standards mode, not quirks mode (which a page without a doctype gets).
    expect(await page.evaluate('document.compatMode')).toBe('CSS1Compat');

    await page.fill('input[name=q]', 'incendie Notre-Dame');
    await page.click('button[type=submit]');
    await page.waitForSelector('ol.results li');
    expect(await page.textContent('#result-count')).toMatch(/\d+ résultats/);
    expect(await page.locator('ol.results li mark').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'search.png'), fullPage: false });

    // A facet link narrows the results to one section.
    const facet = page.locator('[data-facet=section] li a').first();
    const section = (await facet.textContent())!.trim();
    await facet.click();
    await page.waitForSelector('ol.results li');
    const metas = await page.locator('ol.results li .meta').allTextContents();
    expect(metas.every((meta) => meta.includes(section))).toBe(true);

    // Switch mode with the radio buttons.
    await page.check('input[name=mode][value=semantic]');
    await page.click('button[type=submit]');
    await page.waitForSelector('ol.results li');
    expect(await page.textContent('#result-count')).toContain('Sémantique');

    const first = page.locator('ol.results li h3 a').first();
    const title = (await first.textContent())!.trim();
    await first.click();
    await page.waitForSelector('article.full h1');
    expect((await page.textContent('article.full h1'))!.trim()).toBe(title);
    expect(await page.locator('#related li').count()).toBeGreaterThan(2);
    await page.screenshot({ path: path.join(ARTIFACTS, 'article.png'), fullPage: false });

    // Related articles are articles too.
    await page.locator('#related li a').first().click();
    await page.waitForSelector('article.full h1');
    expect(errors).toEqual([]);
  });

  it('reads the query syntax, says what meaning search ignored, weighs the halves and names a malformed query', async () => {
    const page = await browser.newPage();
    await page.goto(inject('baseUrl'));
    await page.fill('input[name=q]', '"gilets jaunes" -Macron');
    await page.selectOption('select[name=semanticRatio]', '0.25');
    await page.click('button[type=submit]');
    await page.waitForSelector('ol.results li');
    expect(new URL(page.url()).searchParams.get('semanticRatio')).toBe('0.25');
    // The choice stays selected on the results page, and the notice names, in French, what meaning search left out.
    expect(await page.locator('select[name=semanticRatio]').inputValue()).toBe('0.25');
    expect(await page.textContent('p.notice')).toBe(
      'La recherche par le sens a lu la requête comme des mots simples (« gilets jaunes ») : les expressions exactes ne valent que pour les mots-clés.',
    );
    const titles = await page.locator('ol.results li h3').allTextContents();
    expect(titles.some((title) => /macron/i.test(title))).toBe(false);
    await page.screenshot({ path: path.join(ARTIFACTS, 'search-syntax.png'), fullPage: false });

    // Parentheses group; the syntax is explained under the form, folded until asked for.
    await page.fill('input[name=q]', '(Macron AND Merkel) OR Lubrizol');
    await page.click('button[type=submit]');
    await page.waitForSelector('ol.results li');
    expect(await page.textContent('p.notice')).toBe(
      'La recherche par le sens a lu la requête comme des mots simples (« Macron Merkel Lubrizol ») : les parenthèses, ET, OU ne valent que pour les mots-clés.',
    );
    expect(await page.locator('details.syntax-help table').isVisible()).toBe(false);
    await page.click('details.syntax-help summary');
    expect(await page.locator('details.syntax-help table').isVisible()).toBe(true);
    expect(await page.textContent('details.syntax-help')).toContain('(grève ET SNCF) OU cheminots');
    await page.screenshot({ path: path.join(ARTIFACTS, 'search-syntax-help.png'), fullPage: false });

    await page.fill('input[name=q]', '"gilets jaunes');
    await page.click('button[type=submit]');
    await page.waitForSelector('p.error');
    expect(await page.textContent('p.error')).toMatch(/Recherche mal formée : unclosed quote at character 1/);
    // The typed query stays in the box, to be mended.
    expect(await page.inputValue('input[name=q]')).toBe('"gilets jaunes');
    await page.screenshot({ path: path.join(ARTIFACTS, 'search-malformed.png'), fullPage: false });
  });

  it('lets an editor sign in, accept a suggestion and find the tag in the facets of a search', async () => {
    const page = await browser.newPage();
    const base = inject('baseUrl');
    // Anonymous: tags are shown, no editing control.
    await page.goto(`${base}/articles/orangesum-242`);
    expect(await page.locator('form[method=post]').count()).toBe(0);

    await page.goto(`${base}/signin?next=${encodeURIComponent('/articles/orangesum-242')}`);
    await page.fill('#signin-token', 'arc_wrong');
    await page.click('#signin-form button[type=submit]');
    expect(await page.textContent('#signin-error')).toBeTruthy();
    await page.fill('#signin-token', inject('tokens').editor);
    await page.click('#signin-form button[type=submit]');
    await page.waitForSelector('#tag-editor');
    expect(await page.textContent('#signed-in-as')).toContain('it-editor');
    const cookie = (await browser.cookies()).find((c) => c.name === 'archive_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

    const suggestion = page.locator('#tag-suggestions li.suggestion').first();
    const tag = (await suggestion.getAttribute('data-tag'))!;
    expect(await suggestion.textContent()).toMatch(/Porté par|Expression clé/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'article-editor.png'), fullPage: true });
    await suggestion.locator('button.accept').click();
    await page.waitForSelector(`#tag-remove-form li[data-tag="${tag}"]`);
    expect(await page.locator(`#tag-suggestions li.suggestion[data-tag="${tag}"]`).count()).toBe(0);

    // The accepted tag is a facet of a search that finds the article, at once.
    const title = (await page.textContent('article.full h1'))!.trim();
    await page.goto(`${base}/?q=${encodeURIComponent(title)}&mode=keyword`);
    const facet = page.locator('[data-facet=tag] li a', { hasText: tag });
    await expect(facet.count()).resolves.toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'search-tag-facet.png'), fullPage: false });
    await facet.click();
    await page.waitForSelector('ol.results > li');
    expect(await page.locator('ol.results > li h3 a').allTextContents()).toContain(title);

    await page.click('#signout-form button');
    await page.goto(`${base}/articles/orangesum-242`);
    expect(await page.locator('#tag-editor').count()).toBe(0);
  });

  it('lets an admin start a rebuild and watch it to the end on the jobs page', async () => {
    const page = await browser.newPage();
    const base = inject('baseUrl');
    await page.goto(`${base}/signin?next=${encodeURIComponent('/admin/jobs')}`);
    await page.fill('#signin-token', inject('tokens').admin);
    await page.click('#signin-form button[type=submit]');
    await page.waitForSelector('#job-start-form');
    await page.selectOption('#job-start-form select[name=kind]', 'rebuild');
    await page.click('#job-start-form button[type=submit]');
    const row = page.locator('#jobs-table tbody tr[data-job-id]').first();
    await expect(row.getAttribute('data-state')).resolves.toMatch(/queued|running|succeeded/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-jobs-running.png'), fullPage: false });
    // The page refreshes itself (no JavaScript) until the job has ended.
    await page.waitForSelector('#jobs-table tbody tr[data-job-id][data-state=succeeded]', { timeout: 90_000 });
    expect(await page.locator('#jobs-table tbody tr[data-job-id]').first().getAttribute('data-state')).toBe('succeeded');
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-jobs-done.png'), fullPage: false });
    // Search still answers, from the new generation.
    await page.goto(`${base}/?q=${encodeURIComponent('incendie Notre-Dame')}`);
    expect(await page.locator('ol.results > li').count()).toBe(10);
    await page.click('#signout-form button');
  });

  it('charts coverage over time on the search page; a bar narrows the dates to its period', async () => {
    const page = await browser.newPage();
    await page.goto(`${inject('baseUrl')}/?q=Macron&mode=keyword`);
    const bars = page.locator('svg#coverage-chart a.bar:not(.empty)');
    expect(await bars.count()).toBeGreaterThan(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'coverage-chart.png'), fullPage: false });
    const bar = bars.last();
    const period = (await bar.getAttribute('data-period'))!;
    const count = Number(await bar.getAttribute('data-count'));
    await bar.click();
    await page.waitForSelector('#result-count');
    expect(await page.inputValue('input[name=from]')).toBe(`${period}-01-01`);
    expect(await page.inputValue('input[name=to]')).toBe(`${period}-12-31`);
    expect(await page.textContent('#result-count')).toMatch(new RegExp(`^${count} résultat`));
  });

  it('shows a story timeline, earliest coverage first', async () => {
    const page = await browser.newPage();
    await page.goto(`${inject('baseUrl')}/articles/${REPUBLISHED_ID}`);
    await page.click('#timeline-link');
    await page.waitForSelector('ol#timeline > li');
    const dates = await page.locator('ol#timeline > li').evaluateAll((items) => items.map((item) => item.getAttribute('data-date')));
    expect(dates.length).toBeGreaterThanOrEqual(2);
    expect(dates).toEqual([...dates].sort());
    expect(await page.locator('ol#timeline > li.current').getAttribute('data-id')).toBe(REPUBLISHED_ID);
    expect(await page.locator(`ol#timeline > li[data-id="${UPDATED_STORY_ID}"]`).count()).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'timeline.png'), fullPage: true });
  });

  it('shows hostile text as text', async () => {
    const page = await browser.newPage();
    let dialog = false;
    page.on('dialog', async (d) => {
      dialog = true;
      await d.dismiss();
    });
    // An article of the sample archive quotes a script tag in its text.
    await page.goto(`${inject('baseUrl')}/?q=${encodeURIComponent('faux SMS livraison gendarmerie')}&mode=keyword`);
    await page.locator('ol.results li h3 a').first().click();
    await page.waitForSelector('article.full h1');
    expect(await page.textContent('article.full .body')).toContain('<script>alert(1)</script>');
    expect(await page.locator('article.full script').count()).toBe(0);

    await page.goto(`${inject('baseUrl')}/?q=${encodeURIComponent('<script>alert(1)</script><img src=x onerror=alert(2)>')}`);
    expect(await page.inputValue('input[name=q]')).toBe('<script>alert(1)</script><img src=x onerror=alert(2)>');
    expect(await page.locator('img').count()).toBe(0);
    expect(dialog).toBe(false);
  });
});

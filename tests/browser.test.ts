import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ROOT } from './helpers.ts';

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

import { describe, expect, inject, it } from 'vitest';
import { getJson, sendJson } from './helpers.ts';

const base = inject('baseUrl');
const tokens = inject('tokens');

/** A form POST as a browser on the archive's own pages sends it (same Origin), with an optional session cookie. */
const postForm = (path: string, fields: Record<string, string>, options: { cookie?: string; origin?: string } = {}) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: options.origin ?? base,
      ...(options.cookie ? { Cookie: options.cookie } : {}),
    },
    body: new URLSearchParams(fields),
  });

async function signIn(token: string): Promise<string> {
  const response = await postForm('/signin', { token, next: '/' });
  expect(response.status).toBe(303);
  const setCookie = response.headers.get('set-cookie')!;
  expect(setCookie).toMatch(/HttpOnly/i);
  expect(setCookie).toMatch(/SameSite=Strict/i);
  return setCookie.split(';')[0]!;
}

const page = async (path: string, cookie?: string) => (await fetch(`${base}${path}`, { headers: cookie ? { Cookie: cookie } : {} })).text();
const formToken = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];

describe('the web UI for editors', () => {
  it('refuses a wrong token at sign-in without echoing it', async () => {
    const response = await postForm('/signin', { token: 'arc_guess', next: '/' });
    expect(response.status).toBe(401);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(await response.text()).not.toContain('arc_guess');
  });

  it('shows no editing control to visitors and readers', async () => {
    const reader = await signIn(tokens.reader);
    for (const cookie of [undefined, reader]) {
      const html = await page('/articles/orangesum-89', cookie);
      expect(html).toContain('Italie');
      expect(html).not.toContain('id="tag-add"');
      expect(html).not.toContain('/suggestions/accept');
    }
  });

  it('protects every writing form against cross-site requests', async () => {
    const cookie = await signIn(tokens.editor);
    const html = await page('/articles/orangesum-89', cookie);
    expect(html).toContain('id="tag-add"');
    const csrf = formToken(html)!;
    expect(csrf).toBeTruthy();
    const add = (fields: Record<string, string>, origin?: string) => postForm('/articles/orangesum-89/tags', fields, { cookie, origin });
    expect((await add({ add: 'Amphétamines' })).status).toBe(403);
    expect((await add({ add: 'Amphétamines', _csrf: `${csrf}x` })).status).toBe(403);
    expect((await add({ add: 'Amphétamines', _csrf: csrf }, 'http://evil.example')).status).toBe(403);
    expect((await getJson(`${base}/api/articles/orangesum-89`)).body.tags).not.toContain('Amphétamines');
    const done = await add({ add: 'Amphétamines, Syrie', _csrf: csrf });
    expect(done.status).toBe(303);
    expect((await getJson(`${base}/api/articles/orangesum-89`)).body.tags).toEqual(expect.arrayContaining(['Amphétamines', 'Syrie']));
    const history = (await getJson(`${base}/api/articles/orangesum-89/history`)).body.changes;
    expect(history.at(-1)).toMatchObject({ actor: 'it-editor', via: 'manual' });
    // A bad tag is refused on the page, naming it.
    const bad = await add({ add: 'x'.repeat(120), _csrf: csrf });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('100');
  });

  it('asks to confirm the count before tagging every result, then tags them', async () => {
    const cookie = await signIn(tokens.editor);
    const query = new URLSearchParams({ q: 'amphétamines', mode: 'keyword' });
    const confirm = await page(`/bulk-tag?${query}`, cookie);
    const count = Number(/id="bulk-count"[^>]*data-count="(\d+)"/.exec(confirm)?.[1]);
    const total = (await getJson(`${base}/api/search?${query}`)).body.total;
    expect(count).toBe(total);
    expect(count).toBeGreaterThan(0);
    const fields = { q: 'amphétamines', mode: 'keyword', add: 'Drogues de synthèse', expectedCount: String(count), _csrf: formToken(confirm)! };
    const stale = await postForm('/bulk-tag', { ...fields, expectedCount: String(count + 5) }, { cookie });
    expect(stale.status).toBe(409);
    const done = await postForm('/bulk-tag', fields, { cookie });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain(`data-changed="${count}"`);
    expect((await getJson(`${base}/api/search?q=&tag=drogues+de+synth%C3%A8se&mode=keyword`)).body.total).toBe(count);
  });

  it('signs out: the session no longer works', async () => {
    const cookie = await signIn(tokens.editor);
    const html = await page('/articles/orangesum-89', cookie);
    const out = await postForm('/signout', { _csrf: formToken(html)! }, { cookie });
    expect(out.status).toBe(303);
    expect(await page('/articles/orangesum-89', cookie)).not.toContain('id="tag-add"');
  });
});

describe('the jobs page for admins', () => {
  it('refuses other passage settings out of range, names them in French and starts nothing', async () => {
    const cookie = await signIn(tokens.admin);
    const html = await page('/admin/jobs', cookie);
    expect(html).toContain('id="job-target-tokens"');
    const jobsBefore = (await sendJson(`${base}/api/jobs`, { token: tokens.admin })).body.jobs.length;
    const response = await postForm('/admin/jobs', { kind: 'reembed', targetTokens: '5', _csrf: formToken(html)! }, { cookie });
    expect(response.status).toBe(400);
    const answer = await response.text();
    expect(answer).toContain('Longueur des passages « 5 » invalide');
    // The form comes back with what was typed.
    expect(answer).toMatch(/id="job-target-tokens"[^>]*value="5"|value="5"[^>]*id="job-target-tokens"/);
    expect((await sendJson(`${base}/api/jobs`, { token: tokens.admin })).body.jobs.length).toBe(jobsBefore);
  });
});

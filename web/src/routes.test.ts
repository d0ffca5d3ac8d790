import { Hono } from 'hono';
import { describe, expect, it, vi } from 'vitest';
import type { Logger } from '@archive/core';
import type { SearchService } from '@archive/search';
import { TokenStore, type Principal } from '@archive/store';
import type { TagService } from '@archive/tagging';
import { webRoutes, type WebEnv } from './routes.tsx';

const ARTICLE = { id: 'a1', title: 'Titre', summary: null, body: 'Texte.', authors: [], date: '2020-01-01', section: null, lang: 'fr', url: null, tags: ['santé'] };
const SESSION = 'session-id';
const ORIGIN = 'http://archive.test';

/** The web routes behind a stand-in for the API's authenticate middleware, with fake services. */
function app(principal: Principal | null, overrides: { search?: Partial<SearchService>; tags?: Partial<TagService>; tokens?: Partial<TokenStore> } = {}) {
  const logger = { error: vi.fn(), warn: vi.fn(), info: vi.fn() };
  const search = { semanticAvailable: false, article: () => ARTICLE, related: async () => [], ...overrides.search } as unknown as SearchService;
  const tags = { suggestions: async () => [], history: () => [], change: vi.fn(async () => ({})), ...overrides.tags } as unknown as TagService;
  const tokens = { openSession: () => null, closeSession: vi.fn(), ...overrides.tokens } as unknown as TokenStore;
  const root = new Hono<WebEnv>();
  root.use(async (c, next) => {
    c.set('principal', principal);
    c.set('sessionId', principal ? SESSION : null);
    c.set('logger', logger as unknown as Logger);
    await next();
  });
  root.route('/', webRoutes({ search, tags, tokens }));
  return { root, logger, tags };
}

const post = (path: string, fields: Record<string, string>, origin = ORIGIN) =>
  new Request(`${ORIGIN}${path}`, { method: 'POST', headers: { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) });

describe('web routes', () => {
  it('shows tags but no form to anonymous visitors and readers', async () => {
    for (const principal of [null, { name: 'bob', role: 'reader' } as const]) {
      const html = await (await app(principal).root.request(`${ORIGIN}/articles/a1`)).text();
      expect(html).toContain('href="/tags/sant%C3%A9"');
      expect(html).not.toContain('id="tag-add"');
      expect(html).not.toContain('/suggestions/');
    }
  });

  it('gives editors the tag editor', async () => {
    const html = await (await app({ name: 'alice', role: 'editor' }).root.request(`${ORIGIN}/articles/a1`)).text();
    expect(html).toContain('id="tag-add"');
    expect(html).toContain(`value="${TokenStore.formToken(SESSION)}"`);
  });

  it('refuses posts without the form token or from another origin, and runs a good one', async () => {
    const { root, tags } = app({ name: 'alice', role: 'editor' });
    const token = TokenStore.formToken(SESSION);
    expect((await root.request(post('/articles/a1/tags', { add: 'x' }))).status).toBe(403);
    expect((await root.request(post('/articles/a1/tags', { add: 'x', _csrf: `${token}x` }))).status).toBe(403);
    expect((await root.request(post('/articles/a1/tags', { add: 'x', _csrf: token }, 'http://evil.test'))).status).toBe(403);
    expect(tags.change).not.toHaveBeenCalled();
    const done = await root.request(post('/articles/a1/tags', { add: 'x, y', _csrf: token, from: '/?q=z' }));
    expect(done.status).toBe(303);
    expect(done.headers.get('Location')).toBe('/articles/a1?from=%2F%3Fq%3Dz');
    expect(tags.change).toHaveBeenCalledWith('a1', { add: ['x', 'y'], remove: [] }, { name: 'alice', role: 'editor' });
  });

  it('signs in with a strict, http-only cookie (secure over https) and goes to a same-site page only', async () => {
    const { root } = app(null, { tokens: { openSession: (token: string) => (token === 'good' ? { sessionId: 'new', principal: { name: 'alice', role: 'editor' } } : null) } });
    const https = 'https://archive.test';
    const request = (fields: Record<string, string>) =>
      new Request(`${https}/signin`, { method: 'POST', headers: { Origin: https, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) });
    const refused = await root.request(request({ token: 'bad' }));
    expect(refused.status).toBe(401);
    expect(await refused.text()).not.toContain('value="bad"');
    const ok = await root.request(request({ token: 'good', next: '/articles/a1' }));
    expect(ok.status).toBe(303);
    expect(ok.headers.get('Location')).toBe('/articles/a1');
    expect(ok.headers.get('Set-Cookie')).toBe('archive_session=new; Path=/; HttpOnly; Secure; SameSite=Strict');
    expect((await root.request(request({ token: 'good', next: '//evil.test/' }))).headers.get('Location')).toBe('/');
  });

  it('logs unexpected errors before the error page', async () => {
    const { root, logger } = app(null, { search: { related: async () => { throw new Error('boom'); } } });
    const response = await root.request(`${ORIGIN}/articles/a1`);
    expect(response.status).toBe(500);
    expect(logger.error).toHaveBeenCalledOnce();
  });
});

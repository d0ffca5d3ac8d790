import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { UNTAGGED_COPY_ID, UNTAGGED_SOURCE_ID, getJson, runCli, sendJson, startServer } from './helpers.ts';

const base = inject('baseUrl');
const tokens = inject('tokens');
const dataDir = inject('dataDir');
const tagsOf = async (id: string) => (await getJson(`${base}/api/articles/${id}`)).body.tags as string[];
const changeTags = (id: string, body: unknown, token: string | null = tokens.editor) =>
  sendJson(`${base}/api/articles/${encodeURIComponent(id)}/tags`, { token, body });
const search = async (params: Record<string, string>) => (await getJson(`${base}/api/search?${new URLSearchParams(params)}`)).body;

describe('roles and tokens', () => {
  it('refuses writes without a token (401), with an unknown one (401) and without the role (403), naming what is missing', async () => {
    const none = await changeTags('orangesum-4', { add: ['x'] }, null);
    expect(none.status).toBe(401);
    expect(none.body.error).toMatchObject({ code: 'UNAUTHORIZED', required: 'editor' });
    const unknown = await changeTags('orangesum-4', { add: ['x'] }, 'arc_not-a-real-token');
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.message).toMatch(/unknown or revoked token/);
    const reader = await changeTags('orangesum-4', { add: ['x'] }, tokens.reader);
    expect(reader.status).toBe(403);
    expect(reader.body.error).toMatchObject({ code: 'FORBIDDEN', required: 'editor' });
    expect(reader.body.error.message).toContain('it-reader');
    expect(await tagsOf('orangesum-4')).toEqual([]);
    // Reading stays open by default.
    expect((await getJson(`${base}/api/articles/orangesum-4`)).status).toBe(200);
  });

  it('lets an admin create, list and revoke tokens; secrets are shown once and never listed', async () => {
    expect((await sendJson(`${base}/api/tokens`, { token: tokens.editor })).status).toBe(403);
    const created = await sendJson(`${base}/api/tokens`, { token: tokens.admin, body: { name: 'it-temp', role: 'editor' } });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^arc_/);
    expect((await changeTags('orangesum-8', { add: ['Hong Kong'] }, created.body.token)).status).toBe(200);
    const listed = await sendJson(`${base}/api/tokens`, { token: tokens.admin });
    expect(listed.body.tokens.map((t: any) => t.name)).toEqual(expect.arrayContaining(['it-admin', 'it-editor', 'it-reader', 'it-temp']));
    expect(JSON.stringify(listed.body)).not.toContain(created.body.token);
    expect((await sendJson(`${base}/api/tokens`, { token: tokens.admin, body: { name: 'it-temp', role: 'reader' } })).status).toBe(409);
    expect((await sendJson(`${base}/api/tokens/it-temp`, { method: 'DELETE', token: tokens.admin })).status).toBe(200);
    expect((await changeTags('orangesum-8', { add: ['Chine'] }, created.body.token)).status).toBe(401);
    expect((await sendJson(`${base}/api/tokens/it-temp`, { method: 'DELETE', token: tokens.admin })).status).toBe(404);
  });

  it('can require a token for every route', async () => {
    const server = await startServer(dataDir, { ARCHIVE_REQUIRE_TOKEN: 'true', ARCHIVE_MODEL_ENABLED: 'false' });
    try {
      const anonymous = await getJson(`${server.url}/api/search?q=port`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.error.required).toBe('reader');
      expect((await sendJson(`${server.url}/api/search?q=port`, { token: tokens.reader })).status).toBe(200);
      expect((await fetch(`${server.url}/signin`)).status).toBe(200);
      const page = await fetch(`${server.url}/articles/orangesum-4`, { redirect: 'manual' });
      expect(page.status).toBe(303);
      expect(page.headers.get('location')).toBe('/signin?next=%2Farticles%2Forangesum-4');
    } finally {
      server.process.kill('SIGTERM');
    }
  });
});

describe('tags on one article', () => {
  it('adds and removes tags, visible at once in the article, search filters and facets', async () => {
    const before = await search({ q: '', tag: 'Élections municipales', mode: 'keyword' });
    expect(before.total).toBe(0);
    const { status, body } = await changeTags('orangesum-4', { add: ['Élections municipales', ' Retraites '] });
    expect(status).toBe(200);
    expect(body).toEqual({ id: 'orangesum-4', tags: ['Élections municipales', 'Retraites'] });
    expect(await tagsOf('orangesum-4')).toEqual(['Élections municipales', 'Retraites']);
    // Filters compare without regard to case or Unicode normalisation form.
    for (const tag of ['élections municipales', 'E\u0301LECTIONS MUNICIPALES']) {
      const found = await search({ q: '', tag, mode: 'keyword' });
      expect(found.hits.map((hit: any) => hit.id), tag).toEqual(['orangesum-4']);
    }
    const faceted = await search({ q: 'Delevoye', mode: 'keyword' });
    expect(faceted.facets.tag).toMatchObject({ 'Élections municipales': 1, Retraites: 1 });
    const hybrid = await search({ q: 'Delevoye audition', tag: 'retraites' });
    expect(hybrid.hits.map((hit: any) => hit.id)).toEqual(['orangesum-4']);

    expect((await changeTags('orangesum-4', { remove: ['RETRAITES'] })).body.tags).toEqual(['Élections municipales']);
    expect((await search({ q: '', tag: 'Retraites', mode: 'keyword' })).total).toBe(0);
  });

  it('answers 400 naming the tag or field, and 404 for an unknown article', async () => {
    const cases: [unknown, Record<string, unknown>][] = [
      [{ add: ['x'.repeat(101)] }, { code: 'TAG_INVALID', tag: 'x'.repeat(101) }],
      [{ add: ['bad\u0007tag'] }, { code: 'TAG_INVALID', tag: 'bad\u0007tag' }],
      [{ add: ['   '] }, { code: 'TAG_INVALID' }],
      [{ add: [42] }, { code: 'BAD_REQUEST', parameter: 'add.0' }],
      [{ add: 'santé' }, { code: 'BAD_REQUEST', parameter: 'add' }],
      [{}, { code: 'BAD_REQUEST', parameter: 'add' }],
      [{ add: ['a'], remove: ['A'] }, { code: 'BAD_REQUEST', parameter: 'remove' }],
      ['{not json', { code: 'BAD_REQUEST' }],
    ];
    for (const [body, error] of cases) {
      const response = await changeTags('orangesum-4', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error, JSON.stringify(body)).toMatchObject(error);
    }
    expect((await changeTags('no-such-article', { add: ['x'] })).status).toBe(404);
    expect((await getJson(`${base}/api/articles/no-such-article/history`)).status).toBe(404);
    expect((await getJson(`${base}/api/articles/no-such-article/tag-suggestions`)).status).toBe(404);
  });

  it('loses nothing when two editors tag the same article at the same time', async () => {
    const admin = tokens.admin;
    const requests = Array.from({ length: 12 }, (_, i) =>
      changeTags('orangesum-20', { add: [`${i % 2 ? 'alice' : 'bob'}-${i}`] }, i % 2 ? tokens.editor : admin),
    );
    const answers = await Promise.all(requests);
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    const tags = await tagsOf('orangesum-20');
    for (let i = 0; i < 12; i++) expect(tags).toContain(`${i % 2 ? 'alice' : 'bob'}-${i}`);
    const { body } = await getJson(`${base}/api/articles/orangesum-20/history`);
    const added = body.changes.filter((c: any) => c.via === 'manual').map((c: any) => `${c.actor}:${c.after.length - c.before.length}`);
    expect(added.filter((entry: string) => entry === 'it-editor:1')).toHaveLength(6);
    expect(added.filter((entry: string) => entry === 'it-admin:1')).toHaveLength(6);
  });

  it('keeps editorial tags when the article is ingested again, changed or not', async () => {
    const id = 'reingest-probe';
    const file = path.join(tmpdir(), `reingest-${process.pid}.jsonl`);
    const record = (body: string, tags: string[]) =>
      JSON.stringify({ id, title: 'Le port de Rochefort rouvre', body, date: '2021-03-01', section: 'region', lang: 'fr', tags });
    writeFileSync(file, `${record('Les quais rouvrent lundi après les travaux.', ['Port', 'Travaux'])}\n`);
    expect((await runCli(['--data-dir', dataDir, 'ingest', file])).code).toBe(0);
    expect(await tagsOf(id)).toEqual(['Port', 'Travaux']);
    await changeTags(id, { add: ['Quai Lesseps'], remove: ['travaux'] });
    // Same record again, then a changed one whose source tags changed too.
    expect((await runCli(['--data-dir', dataDir, 'ingest', file])).stderr).toContain('1 unchanged');
    expect(await tagsOf(id)).toEqual(['Port', 'Quai Lesseps']);
    writeFileSync(file, `${record('Les quais rouvrent mardi, avec un jour de retard.', ['Port', 'Travaux', 'Charente-Maritime'])}\n`);
    expect((await runCli(['--data-dir', dataDir, 'ingest', file])).stderr).toContain('1 updated');
    const article = (await getJson(`${base}/api/articles/${id}`)).body;
    expect(article.tags).toEqual(['Port', 'Charente-Maritime', 'Quai Lesseps']);
    expect(article.sourceTags).toEqual(['Port', 'Travaux', 'Charente-Maritime']);
    expect(article.body).toContain('mardi');
    // The index follows at once: the removed source tag does not find it, the editorial one does.
    expect((await search({ q: '', tag: 'Travaux', mode: 'keyword' })).hits.map((hit: any) => hit.id)).not.toContain(id);
    expect((await search({ q: '', tag: 'quai lesseps', mode: 'keyword' })).hits.map((hit: any) => hit.id)).toContain(id);
  });
});

describe('bulk tagging, vocabulary and merges', () => {
  it('counts first (dry run), refuses a stale count, then tags every result in one audited operation', async () => {
    const request = { q: 'coronavirus', mode: 'keyword', section: ['politique'], from: '2020-05-01', to: '2020-05-31', add: ['Covid-19 politique'] };
    const expected = (await search({ q: 'coronavirus', mode: 'keyword', section: 'politique', from: '2020-05-01', to: '2020-05-31' })).total;
    expect(expected).toBeGreaterThan(3);
    const dry = await sendJson(`${base}/api/tags/bulk`, { token: tokens.editor, body: { ...request, dryRun: true } });
    expect(dry.body).toEqual({ matched: expected, changed: 0, dryRun: true });
    expect((await search({ q: '', tag: 'Covid-19 politique' })).total).toBe(0);
    const stale = await sendJson(`${base}/api/tags/bulk`, { token: tokens.editor, body: { ...request, expectedCount: expected + 1 } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toContain(String(expected));
    const done = await sendJson(`${base}/api/tags/bulk`, { token: tokens.editor, body: { ...request, expectedCount: expected } });
    expect(done.body).toEqual({ matched: expected, changed: expected, dryRun: false });
    expect((await search({ q: '', tag: 'covid-19 politique', mode: 'keyword' })).total).toBe(expected);
    const audit = await getJson(`${base}/api/audit?actor=it-editor&limit=1000`);
    const bulk = audit.body.changes.filter((c: any) => c.via === 'bulk');
    expect(bulk).toHaveLength(expected);
    expect(bulk[0].detail.search).toMatchObject({ q: 'coronavirus', mode: 'keyword' });
    expect((await sendJson(`${base}/api/tags/bulk`, { token: tokens.reader, body: request })).status).toBe(403);
    expect((await sendJson(`${base}/api/tags/bulk`, { token: tokens.editor, body: { ...request, from: 'May' } })).body.error.parameter).toBe('from');
  });

  it('lists the vocabulary with counts and prefixes, reports likely duplicates, and merges them', async () => {
    await changeTags('orangesum-35', { add: ['Vaccins'] });
    await changeTags('orangesum-48', { add: ['vaccin'] });
    await changeTags('orangesum-54', { add: ['VACCINS'] });
    const vocabulary = (await getJson(`${base}/api/tags?prefix=vac`)).body;
    expect(vocabulary.tags).toEqual([
      { tag: 'Vaccins', key: 'vaccins', count: 2, variants: [] },
      { tag: 'vaccin', key: 'vaccin', count: 1, variants: [] },
    ]);
    const all = (await getJson(`${base}/api/tags?limit=5`)).body;
    expect(all.tags[0].count).toBeGreaterThanOrEqual(all.tags[1].count);
    expect(all.tags.map((t: any) => t.tag)).toContain('people');
    const { groups } = (await getJson(`${base}/api/tags/duplicates`)).body;
    expect(groups).toContainEqual({ reason: 'plural', tags: [{ tag: 'Vaccins', count: 2 }, { tag: 'vaccin', count: 1 }] });

    const merged = await sendJson(`${base}/api/tags/merge`, { token: tokens.editor, body: { from: ['vaccin', 'Vaccins'], into: 'Vaccination' } });
    expect(merged.body).toEqual({ into: 'Vaccination', changed: 3 });
    expect((await getJson(`${base}/api/tags?prefix=vac`)).body.tags).toEqual([{ tag: 'Vaccination', key: 'vaccination', count: 3, variants: [] }]);
    const history = (await getJson(`${base}/api/articles/orangesum-48/history`)).body.changes;
    expect(history.at(-1)).toMatchObject({ actor: 'it-editor', via: 'merge', before: ['sante', 'vaccin'], after: ['sante', 'Vaccination'] });
    expect(Object.keys(history.at(-1))).toEqual(expect.arrayContaining(['at', 'actor', 'via', 'before', 'after']));
  });

  it('reads the audit trail since a date and by person', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const since = (await getJson(`${base}/api/audit?since=${today}&limit=1000`)).body.changes;
    expect(since.length).toBeGreaterThan(10);
    expect([...new Set(since.map((c: any) => c.actor))]).toEqual(expect.arrayContaining(['it-editor', 'it-admin', 'it-temp']));
    expect(since.every((c: any) => c.at >= today)).toBe(true);
    expect((await getJson(`${base}/api/audit?since=2999-01-01`)).body.changes).toEqual([]);
    expect((await getJson(`${base}/api/audit?since=yesterday`)).body.error.parameter).toBe('since');
  });
});

describe('tag suggestions', () => {
  it('suggests the tag of similar articles, naming them, and keyphrases with where they occur', async () => {
    const { status, body } = await getJson(`${base}/api/articles/${UNTAGGED_COPY_ID}/tag-suggestions?limit=5`);
    expect(status).toBe(200);
    // The hidden tag comes near the top (the first may be another tag its neighbours share).
    const people = body.suggestions.findIndex((s: any) => s.tag === 'people');
    expect(people).toBeGreaterThanOrEqual(0);
    expect(people).toBeLessThan(3);
    const vote = body.suggestions[people].reasons.find((reason: any) => reason.kind === 'neighbours');
    expect(vote.articles.length).toBeGreaterThan(2);
    expect(vote.articles.map((a: any) => a.id)).not.toContain(UNTAGGED_SOURCE_ID);
    expect(vote.message).toContain(vote.articles[0].title);
    const phrases = body.suggestions.flatMap((s: any) => s.reasons.filter((r: any) => r.kind === 'keyphrase'));
    expect(phrases.length).toBeGreaterThan(0);
    for (const suggestion of body.suggestions) {
      expect(suggestion.tag).not.toMatch(/^\d+$|^(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|le|la|les|de|des|a été)$/i);
    }
    const scores = body.suggestions.map((s: any) => s.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('does not offer a rejected suggestion again; an accepted one is added and audited', async () => {
    const url = `${base}/api/articles/${UNTAGGED_COPY_ID}/tag-suggestions`;
    const first = (await getJson(url)).body.suggestions;
    const rejected = first.find((s: any) => s.tag !== 'people').tag;
    expect((await sendJson(`${url}/reject`, { token: tokens.reader, body: { tag: rejected } })).status).toBe(403);
    expect((await sendJson(`${url}/reject`, { token: tokens.editor, body: { tag: rejected } })).status).toBe(200);
    expect((await getJson(url)).body.suggestions.map((s: any) => s.tag)).not.toContain(rejected);
    const accepted = await sendJson(`${url}/accept`, { token: tokens.editor, body: { tag: 'people' } });
    expect(accepted.body.tags).toEqual(['people']);
    expect((await getJson(url)).body.suggestions.map((s: any) => s.tag)).not.toContain('people');
    const history = (await getJson(`${base}/api/articles/${UNTAGGED_COPY_ID}/history`)).body.changes;
    expect(history.at(-1)).toMatchObject({ via: 'suggestion', actor: 'it-editor', before: [], after: ['people'] });
  });
});

describe('secrets', () => {
  it('never writes a token to the server log', () => {
    const log = readFileSync(inject('serverLog'), 'utf8');
    expect(log).toContain('"path":"/api/tags/bulk"');
    for (const token of Object.values(tokens)) expect(log).not.toContain(token);
    expect(log).not.toMatch(/arc_[A-Za-z0-9_-]{20,}/);
  });
});

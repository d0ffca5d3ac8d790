import { describe, expect, inject, it } from 'vitest';
import { REPUBLISHED_ID, UPDATED_STORY_ID, getJson, sendJson } from './helpers.ts';

const base = inject('baseUrl');
const search = async (params: Record<string, string>) => (await getJson(`${base}/api/search?${new URLSearchParams(params)}`)).body;
const related = (id: string, query = '', headers: Record<string, string> = {}) =>
  fetch(`${base}/api/articles/${encodeURIComponent(id)}/related${query}`, { headers }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

describe('one story, shown once', () => {
  it('folds an agency update into its story in search results of every mode, unless asked not to', async () => {
    for (const mode of ['keyword', 'semantic', 'hybrid']) {
      const folded = await search({ q: 'attaque centre de désintoxication Mexique morts', mode, size: '10' });
      const ids = folded.hits.map((hit: any) => hit.id);
      const members = ids.filter((id: string) => id === UPDATED_STORY_ID || id === REPUBLISHED_ID);
      expect(members, mode).toHaveLength(1);
      const hit = folded.hits.find((h: any) => h.id === members[0]);
      expect(hit.versions, mode).toEqual([members[0] === UPDATED_STORY_ID ? REPUBLISHED_ID : UPDATED_STORY_ID]);
      const all = await search({ q: 'attaque centre de désintoxication Mexique morts', mode, size: '10', collapse: 'false' });
      const both = all.hits.map((h: any) => h.id).filter((id: string) => id === UPDATED_STORY_ID || id === REPUBLISHED_ID);
      expect(both, mode).toHaveLength(2);
      expect(all.hits.every((h: any) => h.versions.length === 0), mode).toBe(true);
    }
    expect((await getJson(`${base}/api/search?q=x&collapse=maybe`)).body.error.parameter).toBe('collapse');
  });

  it('never offers a near-copy of the article as related, and says why each entry is related', async () => {
    const { status, body } = await related(UPDATED_STORY_ID, '?limit=8');
    expect(status).toBe(200);
    const ids = body.related.map((entry: any) => entry.id);
    expect(ids).not.toContain(REPUBLISHED_ID);
    expect(ids).not.toContain(UPDATED_STORY_ID);
    for (const entry of body.related) {
      expect(entry.reason.kind).toBe('passages');
      expect(entry.reason.relatedPassage.length).toBeGreaterThan(20);
      expect(entry.reason.similarity).toBeGreaterThan(0.7);
    }
    expect((await related(REPUBLISHED_ID, '?limit=8')).body.related.map((e: any) => e.id)).not.toContain(UPDATED_STORY_ID);
  });
});

describe('related articles', () => {
  it('keeps to the languages the reader accepts; any language when asked', async () => {
    // An English article of the sample archive: French neighbours only for a reader who reads French.
    const english = (await search({ q: 'La Rochelle dock strike', mode: 'keyword', lang: 'en', size: '1' })).hits[0].id;
    const own = await related(english, '?limit=10');
    expect(own.body.related.every((entry: any) => entry.lang === 'en')).toBe(true);
    const both = await related(english, '?limit=10', { 'Accept-Language': 'en-GB,en;q=0.9,fr;q=0.8' });
    expect(both.body.related.some((entry: any) => entry.lang === 'fr')).toBe(true);
    const any = await related(english, '?limit=10&lang=any');
    expect(any.body.related.some((entry: any) => entry.lang === 'fr')).toBe(true);
    const french = await related(english, '?limit=10&lang=fr');
    expect(french.body.related.every((entry: any) => entry.lang === 'fr')).toBe(true);
  });

  it('filters by date window and section, prefers recent articles on request, and diversifies', async () => {
    const window = await related(UPDATED_STORY_ID, '?limit=10&from=2020-06-01&to=2020-07-31&section=monde');
    expect(window.body.related.length).toBeGreaterThan(0);
    for (const entry of window.body.related) {
      expect(entry.date >= '2020-06-01' && entry.date <= '2020-07-31').toBe(true);
      expect(entry.section).toBe('monde');
    }
    const plain = (await related(UPDATED_STORY_ID, '?limit=10&diversity=0')).body.related;
    const recent = (await related(UPDATED_STORY_ID, '?limit=10&diversity=0&recency=1')).body.related;
    const newest = (list: any[]) => list.map((entry) => entry.date).sort().at(-1);
    expect(newest(recent) >= newest(plain)).toBe(true);
    expect(recent.map((e: any) => e.date)).toEqual([...recent.map((e: any) => e.date)].sort().reverse());
    const diverse = (await related(UPDATED_STORY_ID, '?limit=10&diversity=0.8')).body.related;
    expect(diverse.map((e: any) => e.id)).not.toEqual(plain.map((e: any) => e.id));
    for (const [query, parameter] of [['?diversity=2', 'diversity'], ['?recency=-1', 'recency'], ['?lang=french', 'lang'], ['?from=2020-13-01', 'from']]) {
      const bad = await related(UPDATED_STORY_ID, query);
      expect(bad.status, query).toBe(400);
      expect(bad.body.error.parameter, query).toBe(parameter);
    }
  });
});

describe('read next', () => {
  it('recommends articles related to what was read, none of it nor its near-copies', async () => {
    const read = [UPDATED_STORY_ID, 'orangesum-89'];
    const { status, body } = await sendJson(`${base}/api/recommendations`, { body: { read, limit: 8 } });
    expect(status).toBe(200);
    expect(body.hits).toHaveLength(8);
    const ids = body.hits.map((hit: any) => hit.id);
    for (const id of [...read, REPUBLISHED_ID]) expect(ids).not.toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const hit of body.hits) expect(hit.reason.kind).toBe('passages');
    expect((await sendJson(`${base}/api/recommendations`, { body: { read: [] } })).status).toBe(400);
    expect((await sendJson(`${base}/api/recommendations`, { body: { read: ['no-such-article'] } })).status).toBe(404);
  });
});

describe('story timeline', () => {
  it('lists the story in date order, the article and its update included, with leads and gaps', async () => {
    const { status, body } = await getJson(`${base}/api/articles/${REPUBLISHED_ID}/timeline`);
    expect(status).toBe(200);
    const ids = body.articles.map((entry: any) => entry.id);
    expect(ids).toEqual(expect.arrayContaining([UPDATED_STORY_ID, REPUBLISHED_ID]));
    const dates = body.articles.map((entry: any) => entry.date);
    expect(dates).toEqual([...dates].sort());
    expect(ids.indexOf(UPDATED_STORY_ID)).toBeLessThan(ids.indexOf(REPUBLISHED_ID));
    expect(body.articles.find((entry: any) => entry.id === REPUBLISHED_ID).current).toBe(true);
    for (const entry of body.articles) expect(entry.lead.length).toBeGreaterThan(20);
    expect(body.articles[0].gapDays).toBeNull();
    expect((await getJson(`${base}/api/articles/no-such/timeline`)).status).toBe(404);
  });
});

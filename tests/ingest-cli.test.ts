import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ORANGESUM_HTML, getJson, runCli, startServer } from './helpers.ts';

/** The latest full ingest report written under the data folder. */
function latestReport(dataDir: string): any {
  const dir = path.join(dataDir, 'reports');
  const file = readdirSync(dir).sort().at(-1)!;
  return JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
}

const good = (id: string, title: string, body: string) => JSON.stringify({ id, title, body, date: '2021-05-04', section: 'region', lang: 'fr' });

describe('archive ingest', () => {
  let dir: string;
  let dataDir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'archive-ingest-'));
    dataDir = path.join(dir, 'data');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports each bad record with file, line and field, and keeps the good ones', async () => {
    const file = path.join(dir, 'mixed.jsonl.gz');
    const lines = [
      good('ok-1', 'Le port de La Rochelle agrandi', 'Les travaux du nouveau quai commencent lundi.'),
      '{ this is not json',
      JSON.stringify({ id: 'no-body', title: 'Un titre sans texte' }),
      JSON.stringify({ id: 'bad-date', title: 'Date', body: 'Texte.', date: '04/05/2021' }),
      '',
      good('ok-2', 'Tempête sur la côte atlantique', 'Des rafales à 130 km/h ont été relevées sur l’île de Ré.'),
      '[1, 2]',
    ];
    writeFileSync(file, gzipSync(lines.join('\n')));
    writeFileSync(path.join(dir, 'notes.txt'), 'not an article');
    const result = await runCli(['--data-dir', dataDir, 'ingest', file, path.join(dir, 'notes.txt'), path.join(dir, 'missing.jsonl')]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('2 new, 0 updated, 0 unchanged, 0 duplicates, 6 rejected');
    expect(result.stderr).toContain(`${file}:2: invalid JSON`);
    expect(result.stderr).toContain(`${file}:3, field "body": is missing`);
    expect(result.stderr).toContain(`${file}:4, field "date": expected YYYY-MM-DD, got "04/05/2021"`);
    expect(result.stderr).toContain(`${file}:7: a record must be a JSON object`);
    expect(result.stderr).toMatch(/notes\.txt: not a readable format/);
    expect(result.stderr).toMatch(/missing\.jsonl: no such file or directory/);
    const report = latestReport(dataDir);
    expect(report.rejected).toContainEqual(expect.objectContaining({ line: 4, field: 'date', code: 'FIELD_INVALID' }));
    expect(report.rejected).toHaveLength(6);
  });

  it('does nothing for unchanged articles and replaces changed ones in both indexes', async () => {
    const file = path.join(dir, 'update.json');
    writeFileSync(file, `[${good('ok-1', 'Le port de La Rochelle agrandi', 'Les travaux du nouveau quai commencent lundi.')}]`);
    let result = await runCli(['--data-dir', dataDir, 'ingest', file]);
    expect(result.stderr).toContain('0 new, 0 updated, 1 unchanged, 0 duplicates, 0 rejected');
    expect(latestReport(dataDir).embedded).toBe(0);

    // A server is running while the changed article is ingested by another process, as when a
    // nightly job runs during the day's searches: it must serve the new version without restart.
    const server = await startServer(dataDir);
    try {
      const base = server.url;
      const semanticTop = async (q: string) =>
        (await getJson(`${base}/api/search?mode=semantic&size=1&q=${encodeURIComponent(q)}`)).body.hits[0]?.id;
      expect(await semanticTop('harbour quay works start')).toBe('ok-1');

      const changed = good('ok-1', 'Le port de La Rochelle agrandi', 'Le chantier du quai est reporté à l’automne à cause des grues.');
      const added = good('ok-3', 'Marciac fête le jazz', 'Le festival de jazz a accueilli trente mille spectateurs sous le chapiteau.');
      writeFileSync(file, `[${changed}, ${added}]`);
      result = await runCli(['--data-dir', dataDir, 'ingest', file]);
      expect(result.stderr).toContain('1 new, 1 updated, 0 unchanged, 0 duplicates, 0 rejected');
      expect(latestReport(dataDir).embedded).toBe(2);

      const keyword = async (q: string) => (await getJson(`${base}/api/search?mode=keyword&q=${encodeURIComponent(q)}`)).body.total;
      expect(await keyword('grues')).toBe(1);
      expect(await keyword('travaux')).toBe(0);
      // The vector index catches up within its refresh interval (5 s).
      const deadline = Date.now() + 15_000;
      let health = (await getJson(`${base}/api/health`)).body;
      while (Date.now() < deadline) {
        await getJson(`${base}/api/search?mode=semantic&q=port`);
        health = (await getJson(`${base}/api/health`)).body;
        if (health.vectors === 3) break;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      expect(health).toMatchObject({ articles: 3, passages: 3, vectors: 3 });
      expect(await semanticTop('jazz music festival')).toBe('ok-3');
      expect(await semanticTop('construction cranes delay at the harbour')).toBe('ok-1');
    } finally {
      server.process.kill();
    }
  });

  it('keeps one article per URL: an export with ids wins over pages, in either order', async () => {
    const urlDir = path.join(dir, 'by-url');
    const url = 'https://www.example.org/region/tempete-ile-de-re.html';
    const page = path.join(dir, 'page.json');
    const exported = path.join(dir, 'export.json');
    writeFileSync(page, JSON.stringify({ url, title: 'Tempête sur l’île de Ré', body: 'Version de la page, avec la vidéo.', date: '2021-02-02' }));
    writeFileSync(exported, JSON.stringify({ id: 'export-42', url, title: 'Tempête sur l’île de Ré', body: 'Version de l’export.', date: '2021-02-02' }));
    // Identity does not need the model: embed only at the end.
    const ingestCounts = async (file: string, ...flags: string[]) =>
      /Read .*? rejected\./.exec((await runCli(['--data-dir', urlDir, 'ingest', ...flags, file])).stderr)?.[0];
    expect(await ingestCounts(page, '--no-embed')).toContain('1 new, 0 updated, 0 unchanged, 0 duplicates');
    // The export replaces the page stored under a URL-derived id…
    expect(await ingestCounts(exported, '--no-embed')).toContain('1 new, 0 updated, 0 unchanged, 0 duplicates');
    // …and from then on the page is a duplicate, the export unchanged.
    expect(await ingestCounts(page, '--no-embed')).toContain('0 new, 0 updated, 0 unchanged, 1 duplicates');
    expect(await ingestCounts(exported)).toContain('0 new, 0 updated, 1 unchanged, 0 duplicates');
    const server = await startServer(urlDir);
    try {
      const health = (await getJson(`${server.url}/api/health`)).body;
      expect(health).toMatchObject({ articles: 1, keywordDocuments: 1, vectors: 1 });
      expect((await getJson(`${server.url}/api/articles/export-42`)).body.body).toBe("Version de l'export.");
    } finally {
      server.process.kill();
    }
  });

  it('restarts cleanly after being killed mid-way, and finishes the work', async () => {
    const crashDir = path.join(dir, 'crash');
    const inputs = [path.join(ORANGESUM_HTML, '*.html.gz')];
    // No shared cache: the model really works, so the kill lands while it embeds.
    const env = { ARCHIVE_EMBEDDING_CACHE: 'off' };
    const killed = await runCli(['--data-dir', crashDir, 'ingest', ...inputs], { env, killAfterMs: 9000 });
    expect(killed.signal).toBe('SIGKILL');
    const resumed = await runCli(['--data-dir', crashDir, 'ingest', ...inputs], { env });
    expect(resumed.code).toBe(0);
    const report = latestReport(crashDir);
    expect(report.new + report.unchanged).toBe(45);
    expect(report.unchanged).toBeGreaterThan(0);
    expect(report.unembedded).toBe(0);
    const server = await startServer(crashDir);
    try {
      const health = (await getJson(`${server.url}/api/health`)).body;
      expect(health).toMatchObject({ articles: 45, keywordDocuments: 45 });
      expect(health.vectors).toBe(health.passages);
    } finally {
      server.process.kill();
    }
  });
});

describe('archive extract', () => {
  it('prints one JSON object with the article fields', async () => {
    const page = path.join(ORANGESUM_HTML, 'orangesum-10539.html.gz');
    const result = await runCli(['extract', page]);
    expect(result.code).toBe(0);
    const article = JSON.parse(result.stdout);
    const expected = JSON.parse(readFileSync(path.join(ORANGESUM_HTML, 'orangesum-10539.expected.json'), 'utf8'));
    expect(Object.keys(article).sort()).toEqual(['authors', 'body', 'date', 'lang', 'section', 'summary', 'title', 'url']);
    expect(article).toMatchObject({ title: expected.title, date: expected.date, section: expected.section, lang: 'fr', url: expected.url });
    expect(article.body).toContain(expected.body.split('\n\n')[0]);
  });

  it('fails with one clear line on a file that is not there', async () => {
    const result = await runCli(['extract', '/nonexistent/page.html']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^archive: \/nonexistent\/page\.html: .*\[INPUT_UNREADABLE\]$/);
  });
});

describe('without the model', () => {
  it('says so in one line and serves keyword results', async () => {
    const dataDir = inject('dataDir');
    const server = await startServer(dataDir, { ARCHIVE_MODEL_DIR: '/nonexistent-models' });
    try {
      const health = (await getJson(`${server.url}/api/health`)).body;
      expect(health.semantic).toBe(false);
      const warnings = server.stderr().split('\n').filter((line) => line.includes('Semantic search is off'));
      expect(warnings).toHaveLength(1);
      const { status, body } = await getJson(`${server.url}/api/search?q=hôpital`);
      expect(status).toBe(200);
      expect(body.mode).toBe('keyword');
      expect(body.notice).toContain('semantic search is off');
      expect(body.notices).toEqual(['SEMANTIC_OFF']);
      expect(body.total).toBeGreaterThan(0);
      expect((await getJson(`${server.url}/api/search?q=x&mode=semantic`)).status).toBe(503);
    } finally {
      server.process.kill();
    }
  });
});

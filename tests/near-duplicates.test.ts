import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../packages/core/src/index.ts';
import { ArticleStore } from '../packages/store/src/index.ts';
import { ORANGESUM, runCli } from './helpers.ts';

/** Real OrangeSum articles the small archive starts from. */
const BASE = 300;

type Rec = { id: string; title: string; summary: string | null; body: string; date: string; url?: string | null; [key: string]: unknown };

const nextDay = (date: string) => new Date(Date.parse(date) + 86_400_000).toISOString().slice(0, 10);
const sentences = (paragraph: string) => paragraph.match(/[^.!?]+[.!?]+(?:\s+|$)|[^.!?]+$/g)!.map((s) => s.trim());

/** The ways an agency republishes a dispatch, made from a real article. */
function republications(original: Rec): Record<'update' | 'rewrite' | 'copy', Rec> {
  const paragraphs = original.body.split('\n\n');
  const update = {
    ...original, id: `${original.id}-update`, url: null,
    // A figure changed and a paragraph added at the end.
    body: `${original.body.replace(/\d+/, (n) => String(Number(n) + 3))}\n\nSelon les dernières informations communiquées jeudi soir par les autorités, de nouveaux éléments devraient être rendus publics dans les prochains jours, a-t-on appris de source proche du dossier.`,
  };
  const rewrite = {
    ...original, id: `${original.id}-rewrite`, url: null,
    title: `INFO. ${original.title.split(' ').reverse().slice(0, 3).reverse().join(' ')} : ce qu'il faut savoir`,
    // Paragraphs in another order, sentences swapped inside each, a few words changed.
    body: [...paragraphs.slice(1), paragraphs[0]!]
      .map((paragraph) => {
        const parts = sentences(paragraph);
        return (parts.length > 1 ? [parts[1]!, parts[0]!, ...parts.slice(2)] : parts).join(' ');
      })
      .join('\n\n')
      .replace(' a ', ' avait ')
      .replace(' le ', ' ce ')
      .replace(' les ', ' ces '),
  };
  const copy = { ...original, id: `${original.id}-copy`, url: null, date: nextDay(original.date), published: null };
  return { update, rewrite, copy };
}

/** A weekly format: the same long boilerplate paragraph, different news around it. */
const BOILERPLATE =
  "Comme chaque vendredi, Bison Futé publie ses prévisions de circulation pour le week-end sur l'ensemble du réseau routier national. Les automobilistes sont invités à consulter les conditions de circulation avant de prendre la route, à faire une pause toutes les deux heures et à respecter les distances de sécurité. Les prévisions sont établies à partir des données de trafic des années précédentes et des informations transmises par les sociétés d'autoroutes et les préfectures.";
const traffic = (id: string, date: string, title: string, news: string[]): Rec => ({
  id, title, summary: null, date, url: null, body: [news[0]!, BOILERPLATE, ...news.slice(1)].join('\n\n'),
  section: 'france', tags: [], author: 'Rédaction', lang: 'fr',
});
const FORMATS = [
  traffic('trafic-2020-07-31', '2020-07-31', 'Prévisions de trafic du week-end : samedi rouge dans le sens des départs', [
    "Le premier grand chassé-croisé de l'été s'annonce très chargé : la journée de samedi est classée rouge en Auvergne-Rhône-Alpes dans le sens des départs.",
    "Les bouchons sont attendus dès six heures du matin sur l'autoroute A7 entre Lyon et Orange, ainsi que sur l'A9 vers l'Espagne. Il est conseillé de quitter les grandes agglomérations avant vendredi midi. Dimanche, le trafic redeviendra fluide partout, sauf aux abords de Marseille et de Montpellier.",
  ]),
  traffic('trafic-2020-08-02', '2020-08-02', 'Prévisions de trafic du week-end : retours difficiles depuis la Bretagne', [
    "Les vacanciers qui rentrent de Bretagne et de Normandie sont appelés à éviter la route nationale 12 entre Rennes et Paris dimanche après-midi.",
    "Un accident survenu sur l'A10 a déjà provoqué de longs ralentissements samedi soir près d'Orléans, où une voie reste neutralisée. Les travaux du viaduc de Cheviré, à Nantes, réduisent aussi la circulation à une voie jusqu'à la fin du mois d'août. Pour le retour, mieux vaut partir lundi matin.",
  ]),
];

describe('near-duplicate grouping (one story, shown once)', () => {
  let dir: string;
  let dataDir: string;
  let original: Rec;
  let variants: ReturnType<typeof republications>;
  let other: Rec;
  const ingestRecords = async (name: string, records: Rec[]) => {
    const file = path.join(dir, name);
    writeFileSync(file, `${records.map((record) => JSON.stringify(record)).join('\n')}\n`);
    const result = await runCli(['--data-dir', dataDir, 'ingest', '--no-embed', file]);
    expect(result.code, result.stderr).toBe(0);
  };
  const withStore = <T>(read: (store: ArticleStore) => T): T => {
    const store = ArticleStore.open(dataDir, silentLogger());
    try {
      return read(store);
    } finally {
      store.close();
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'archive-stories-'));
    dataDir = path.join(dir, 'data');
    const records = gunzipSync(readFileSync(ORANGESUM)).toString('utf8').split('\n').filter(Boolean).slice(0, BASE).map((line) => JSON.parse(line) as Rec);
    // A substantial dispatch (several paragraphs, a figure in it) to republish.
    original = records.find((r) => r.body.split('\n\n').length >= 4 && r.body.split(' ').length >= 250 && /\d/.test(r.body))!;
    other = records.find((r) => r.id !== original.id && r.body.split(' ').length >= 200)!;
    variants = republications(original);
    await ingestRecords('base.jsonl', records);
    await ingestRecords('republished.jsonl', [variants.update, variants.rewrite, variants.copy, ...FORMATS]);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('groups an update, a rewrite and a next-day copy with their original, under the original', () => {
    withStore((store) => {
      const group = store.stories.groupOf(original.id);
      expect(group).toBe(original.id);
      expect(store.stories.members(group!)).toEqual([original.id, variants.copy.id, variants.rewrite.id, variants.update.id].sort((a, b) =>
        a === variants.copy.id ? 1 : b === variants.copy.id ? -1 : a.localeCompare(b)));
      expect(store.stories.groupsOf([variants.rewrite.id, other.id])).toEqual(new Map([[variants.rewrite.id, original.id]]));
      expect(store.stories.stats().sizes['4']).toBe(1);
    });
  });

  it('does not group two items of a recurring format that share their boilerplate', () => {
    withStore((store) => {
      expect(store.stories.groupOf(FORMATS[0]!.id)).toBeNull();
      expect(store.stories.groupOf(FORMATS[1]!.id)).toBeNull();
    });
  });

  it('keeps groups current when an article is edited (re-ingested with other text) and when one is deleted', async () => {
    // The copy now carries another story: it leaves the group, the others stay together.
    await ingestRecords('edited.jsonl', [{ ...variants.copy, title: other.title, summary: other.summary, body: `${other.body}\n\nMise à jour.` }]);
    withStore((store) => {
      expect(store.stories.groupOf(variants.copy.id)).toBe(other.id);
      expect(store.stories.members(original.id)).toEqual([original.id, variants.rewrite.id, variants.update.id]);
    });
    // Edited back: it joins its story again.
    await ingestRecords('restored.jsonl', [variants.copy]);
    withStore((store) => expect(store.stories.groupOf(variants.copy.id)).toBe(original.id));
    // The original deleted: the republications remain one story, named after the oldest left.
    withStore((store) => expect(store.deleteArticle(original.id)).toBe(true));
    withStore((store) => {
      expect(store.stories.groupOf(original.id)).toBeNull();
      expect(store.stories.members(variants.rewrite.id)).toEqual([variants.rewrite.id, variants.update.id, variants.copy.id]);
      expect(store.stories.groupOf(variants.copy.id)).toBe(variants.rewrite.id);
    });
  });
});

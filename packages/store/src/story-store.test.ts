import { describe, expect, it } from 'vitest';
import type { Article } from '@archive/core';
import { ArticleStore } from './article-store.ts';
import { eachWithTempStore } from './testing.ts';

const STORY = [
  "Deux militaires français ont été tués samedi au Mali lorsque leur véhicule blindé a sauté sur un engin explosif.",
  "Un troisième soldat a été blessé dans l'attaque survenue dans la région de Tessalit, a annoncé l'Elysée.",
  "Le président de la République salue la mémoire de ces soldats morts pour la France dans l'accomplissement de leur mission.",
  "Avec ces deux nouveaux décès, quarante-cinq militaires français ont été tués au Sahel depuis le début de l'intervention en 2013.",
  "La force Barkhane compte environ cinq mille cent hommes déployés dans cinq pays de la bande sahélo-saharienne.",
].join(' ');
const OTHER = [
  "La Banque centrale européenne a laissé ses taux directeurs inchangés jeudi à l'issue de sa réunion de politique monétaire.",
  "Sa présidente a jugé que la reprise de l'économie de la zone euro restait fragile et très incertaine.",
  "Les marchés attendaient un signal sur le programme de rachats d'actifs, qui sera réexaminé en décembre prochain.",
].join(' ');

const article = (id: string, body: string, fields: Partial<Article> = {}): Article => ({
  id, url: null, title: `Titre ${id}`, summary: null, body, authors: ['AFP'], date: '2020-09-05',
  published: null, section: 'monde', tags: [], lang: 'fr', source: 'test.jsonl', ...fields,
});

describe('StoryStore', () => {
  let store: ArticleStore;
  const write = (...articles: Article[]) => store.writeArticles(articles.map((a) => ({ article: a, passages: [a.body] })));
  eachWithTempStore('stories-', (opened) => (store = opened));

  it('groups near-copies at write time, names the group after the oldest, and leaves others alone', () => {
    write(article('copy', STORY, { date: '2020-09-06' }), article('original', STORY), article('bce', OTHER));
    write(article('update', `${STORY} Une enquête a été ouverte pour déterminer l'origine de l'engin explosif.`, { date: '2020-09-07' }));
    expect(store.stories.groupOf('copy')).toBe('original');
    expect(store.stories.members('original')).toEqual(['original', 'copy', 'update']);
    expect(store.stories.groupOf('bce')).toBeNull();
    expect(store.stories.groupsOf(['bce', 'update', 'copy'])).toEqual(new Map([['update', 'original'], ['copy', 'original']]));
    expect(store.stories.stats()).toEqual({ groups: 1, grouped: 3, sizes: { '3': 1 } });
  });

  it('regroups when an article changes or is deleted', () => {
    write(article('a', STORY), article('b', STORY, { date: '2020-09-06' }), article('c', STORY, { date: '2020-09-07' }));
    expect(store.stories.members('a')).toEqual(['a', 'b', 'c']);
    // "a" becomes another story: the others stay together under a new name.
    write(article('a', OTHER));
    expect(store.stories.groupOf('a')).toBeNull();
    expect(store.stories.members('b')).toEqual(['b', 'c']);
    store.deleteArticle('b');
    expect(store.stories.groupOf('c')).toBeNull();
    expect(store.stories.stats()).toEqual({ groups: 0, grouped: 0, sizes: {} });
    // Back to the story: grouped again, with nothing left of the old signature.
    write(article('a', STORY));
    expect(store.stories.members('a')).toEqual(['a', 'c']);
    expect(store.stories.rebuild()).toBe(2);
    expect(store.stories.links()).toEqual([['a', 'c']]);
  });
});

import { describe, expect, it } from 'vitest';
import { toArticle } from './to-article.ts';

const at = { file: 'news.jsonl', line: 7 };
const valid = { id: 'a1', title: ' L’été  arrive ', body: 'Premier.\n\n\nSecond.', date: '2020-06-21', lang: 'fr' };

describe('toArticle', () => {
  it('normalises text, lists and ids', () => {
    const article = toArticle({ ...valid, author: 'Jean Dupont et Marie Curie', tags: 'météo, été', section: 'France' }, at);
    expect(article).toMatchObject({
      id: 'a1', title: "L'été arrive", body: 'Premier.\n\nSecond.', date: '2020-06-21',
      authors: ['Jean Dupont', 'Marie Curie'], tags: ['météo', 'été'], section: 'france', lang: 'fr', source: 'news.jsonl',
    });
  });

  it('derives the date from a timestamp and an id from the URL', () => {
    const { id: _id, date: _date, ...rest } = valid;
    const article = toArticle({ ...rest, published: '2017-11-18T18:35:00+01:00', url: 'https://example.org/a' }, at);
    expect(article.date).toBe('2017-11-18');
    expect(article.id).toMatch(/^url-[0-9a-f]{16}$/);
  });

  it('reads regional language codes', () => {
    expect(toArticle({ ...valid, lang: 'fr-FR' }, at).lang).toBe('fr');
  });

  it('identifies the language when the record has none', () => {
    const { lang: _lang, ...rest } = valid;
    const article = toArticle({ ...rest, title: 'Health plan unveiled', body: 'The prime minister announced on Tuesday a new plan for the national health service.' }, at);
    expect(article.lang).toBe('en');
  });

  it('takes a headline from the opening sentence when the record has none (old archives, wire copy)', () => {
    const time = { id: 'time-017', title: null, body: 'THE ALLIES AFTER NASSAU IN DECEMBER 1960 . LAST WEEK, EUROPEANS SAW THE OUTLINES OF A NUCLEAR NATO .', lang: 'en' };
    expect(toArticle(time, at).title).toBe('THE ALLIES AFTER NASSAU IN DECEMBER 1960 .');
    const long = { ...time, title: '  ', body: 'Un très long premier paragraphe sans la moindre ponctuation qui continue encore et encore jusqu’au bout' };
    expect(toArticle(long, at).title).toBe('Un très long premier paragraphe sans la moindre ponctuation qui continue encore…');
  });

  it.each([
    [{ ...valid, body: undefined }, 'FIELD_MISSING', 'news.jsonl:7, field "body": is missing'],
    [{ ...valid, title: 42 }, 'FIELD_INVALID', 'news.jsonl:7, field "title": is invalid'],
    [{ ...valid, body: '   ' }, 'FIELD_MISSING', 'news.jsonl:7, field "body": is empty'],
    [{ ...valid, date: '21/06/2020' }, 'FIELD_INVALID', 'news.jsonl:7, field "date": expected YYYY-MM-DD, got "21/06/2020"'],
    [{ ...valid, date: '2020-02-30' }, 'FIELD_INVALID', 'field "date"'],
    [{ ...valid, url: 'ftp://x' }, 'FIELD_INVALID', 'field "url"'],
    [{ ...valid, tags: [1, 2] }, 'FIELD_INVALID', 'field "tags'],
    [{ ...valid, lang: 'french' }, 'FIELD_INVALID', 'field "lang"'],
    ['not an object', 'FIELD_INVALID', 'news.jsonl:7: a record must be a JSON object'],
  ])('rejects %j with a message naming file, line and field', (record, code, message) => {
    expect(() => toArticle(record, at)).toThrow(expect.objectContaining({ code, message: expect.stringContaining(message) }));
  });
});

import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import { grown, tagKey } from '@archive/core';
import type { ArticleMask, ArticleOrdinals } from './article-ordinals.ts';
import type { ArticleFilters } from './filter-clause.ts';

/** How the columns learn what changed: the store's change number and the articles changed after one. */
export interface ChangeFeed {
  lastSeq(): number;
  articlesChangedSince(seq: number): string[];
}

/** The statements that read one table's filter fields: of every article, or of a JSON list of ids. */
interface RowReads {
  every: Statement;
  some: Statement<[string]>;
}

/** Changed articles read back at a time. */
const RELOAD_CHUNK = 5000;

/**
 * The filter fields of every article in memory, kept in step with the store's change feed:
 * each `mask` first reads what changed since the last one (nothing when nothing did). Date,
 * section and language are one small integer per article (a code per distinct value), so a
 * filter on them is one pass over typed arrays; tags and authors are inverted lists, so a tag or
 * an author costs its own articles. At 100,000 articles a section's 29,300 took 11 ms to read
 * from SQLite and 6–11 ms more to look up by string; objects per article, read by a date range,
 * 20 ms (a cache miss or two each).
 * The answers are the SQL filter's (`filterClause`): dates compare as text, sections and
 * languages exactly, tags by key, authors by SQLite's `lower`.
 *
 * @example
 * const columns = new ArticleColumns(db, ordinals, feed);
 * columns.mask({ sections: ['sport'], dateFrom: '2015-01-01' }); // { passes, count: 812 }
 */
export class ArticleColumns {
  private synced = -1;
  /** 1 for each article stored, by ordinal. */
  private stored = new Uint8Array(1024);
  private readonly date = new CodedColumn();
  private readonly section = new CodedColumn();
  private readonly lang = new CodedColumn();
  private readonly tags = new KeyLists();
  private readonly authors = new KeyLists();
  private readonly reads: { articles: RowReads; tags: RowReads; authors: RowReads };
  private readonly authorKey: Statement<[string], string>;

  constructor(
    db: SqliteDatabase,
    private readonly ordinals: ArticleOrdinals,
    private readonly feed: ChangeFeed,
  ) {
    const reads = (select: string, idColumn: string): RowReads => ({
      every: db.prepare(select).raw(),
      some: db.prepare(`${select} WHERE ${idColumn} IN (SELECT value FROM json_each(?))`).raw(),
    });
    this.reads = {
      articles: reads('SELECT id, date, section, lang FROM articles', 'id'),
      tags: reads('SELECT article_id, tag_key FROM article_tags', 'article_id'),
      authors: reads('SELECT article_id, author_key FROM article_authors', 'article_id'),
    };
    this.authorKey = db.prepare('SELECT lower(?)').pluck() as Statement<[string], string>;
  }

  /** The articles that pass `filters`, as of the store now; null when nothing is filtered. */
  mask(filters: ArticleFilters): ArticleMask | null {
    const from = filters.dateFrom || null;
    const to = filters.dateTo || null;
    const sections = filters.sections?.length ? filters.sections : null;
    const langs = filters.langs?.length ? filters.langs : null;
    const tags = filters.tags?.length ? filters.tags.map(tagKey) : null;
    const authors = filters.authors?.length ? filters.authors.map((author) => this.authorKey.get(author)!) : null;
    if (!from && !to && !sections && !langs && !tags && !authors) return null;
    this.catchUp();

    // Which codes of each column pass (null: the column is not filtered).
    const dates = from || to ? this.date.passing((date) => (!from || date >= from) && (!to || date <= to)) : null;
    const sectionCodes = sections ? this.section.passing((section) => sections.includes(section)) : null;
    const langCodes = langs ? this.lang.passing((lang) => langs.includes(lang)) : null;
    const columns: [Int32Array, Uint8Array][] = [];
    if (dates) columns.push([this.date.codes, dates]);
    if (sectionCodes) columns.push([this.section.codes, sectionCodes]);
    if (langCodes) columns.push([this.lang.codes, langCodes]);
    const passes = new Uint8Array(this.ordinals.size);
    // A tag or an author names its own articles: only they are looked at.
    const tagCodes = tags && this.tags.codes(tags);
    const authorCodes = authors && this.authors.codes(authors);
    const lists = [tagCodes && this.tags.articles(tagCodes), authorCodes && this.authors.articles(authorCodes)].filter((list): list is number[][] => list !== null);
    if (lists.length === 0) {
      // Else every article, one column at a time: tight loops over typed arrays.
      passes.set(this.stored.subarray(0, passes.length));
      for (const [codes, passing] of columns) {
        for (let ordinal = 0; ordinal < passes.length; ordinal++) if (passes[ordinal] === 1 && passing[codes[ordinal]!] !== 1) passes[ordinal] = 0;
      }
    } else {
      const size = (list: number[][]) => list.reduce((sum, articles) => sum + articles.length, 0);
      const shortest = lists.reduce((best, list) => (size(list) < size(best) ? list : best));
      for (const articles of shortest) {
        for (const ordinal of articles) {
          if (
            this.stored[ordinal] === 1 &&
            columns.every(([codes, passing]) => passing[codes[ordinal]!] === 1) &&
            (!tagCodes || this.tags.has(ordinal, tagCodes)) &&
            (!authorCodes || this.authors.has(ordinal, authorCodes))
          ) passes[ordinal] = 1;
        }
      }
    }
    let count = 0;
    for (let ordinal = 0; ordinal < passes.length; ordinal++) count += passes[ordinal]!;
    return { passes, count };
  }

  /** Reads what changed since the last call (everything, the first time): a server calls it when it starts. */
  catchUp(): void {
    // Read before the changes: a write meanwhile has a higher number and is read again next time.
    const seq = this.feed.lastSeq();
    if (seq === this.synced) return;
    if (this.synced < 0) this.load(null);
    else {
      const changed = this.feed.articlesChangedSince(this.synced);
      for (let start = 0; start < changed.length; start += RELOAD_CHUNK) this.load(changed.slice(start, start + RELOAD_CHUNK));
    }
    this.synced = seq;
  }

  /** Reads the fields of these articles again (null: of every article); those no longer stored are dropped. */
  private load(ids: string[] | null): void {
    const read = <Row>(reads: RowReads) => (ids === null ? reads.every.all() : reads.some.all(JSON.stringify(ids))) as Row[];
    for (const id of ids ?? []) {
      const ordinal = this.ordinals.peek(id);
      if (ordinal === undefined || ordinal >= this.stored.length) continue;
      this.stored[ordinal] = 0;
      this.tags.drop(ordinal);
      this.authors.drop(ordinal);
    }
    for (const [id, date, section, lang] of read<[string, string | null, string | null, string | null]>(this.reads.articles)) {
      const ordinal = this.ordinals.of(id);
      if (ordinal >= this.stored.length) this.stored = grown(this.stored, ordinal + 1);
      this.stored[ordinal] = 1;
      this.date.set(ordinal, date);
      this.section.set(ordinal, section);
      this.lang.set(ordinal, lang);
    }
    for (const [id, key] of read<[string, string]>(this.reads.tags)) this.tags.add(this.ordinals.of(id), key);
    for (const [id, key] of read<[string, string]>(this.reads.authors)) this.authors.add(this.ordinals.of(id), key);
  }
}

/**
 * A column of short strings (dates, sections, languages): a code per distinct value (0: none)
 * and one code per article, so that a filter tests each distinct value once and each article
 * with two typed-array reads.
 */
class CodedColumn {
  private readonly codeOf = new Map<string, number>();
  private readonly values: string[] = [''];
  codes = new Int32Array(1024);

  set(ordinal: number, value: string | null): void {
    let code = 0;
    if (value !== null) {
      code = this.codeOf.get(value) ?? this.values.length;
      if (code === this.values.length) {
        this.codeOf.set(value, code);
        this.values.push(value);
      }
    }
    if (ordinal >= this.codes.length) this.codes = grown(this.codes, ordinal + 1);
    this.codes[ordinal] = code;
  }

  /** 1 for each code whose value `test` accepts (never for none). */
  passing(test: (value: string) => boolean): Uint8Array {
    const passes = new Uint8Array(this.values.length);
    for (let code = 1; code < this.values.length; code++) if (test(this.values[code]!)) passes[code] = 1;
    return passes;
  }
}

/**
 * Keys of many values per article (tags, authors): the articles of each key, and the keys of each
 * article, both as small integers (a code per distinct key). Sets and a string per article and
 * key took 47 MB at 100,000 articles, and a bigger heap makes every full garbage collection
 * longer; plain arrays of integers take a fraction of it. Removing an article from a key's list
 * is a linear search, but only a re-ingested or re-tagged article is removed.
 */
class KeyLists {
  private readonly codeOf = new Map<string, number>();
  /** The articles of each key, by code (unordered). */
  private readonly articlesOf: number[][] = [];
  /** The key codes of each article, by ordinal. */
  private readonly keysOf: (number[] | undefined)[] = [];

  add(ordinal: number, key: string): void {
    let code = this.codeOf.get(key);
    if (code === undefined) {
      code = this.articlesOf.length;
      this.codeOf.set(key, code);
      this.articlesOf.push([]);
    }
    this.articlesOf[code]!.push(ordinal);
    // Grown one by one, never past its end: an array with gaps turns into a slow dictionary.
    while (this.keysOf.length <= ordinal) this.keysOf.push(undefined);
    // A new array of the exact length: one grown by push keeps room for 17 (37 MB in all).
    const codes = this.keysOf[ordinal];
    this.keysOf[ordinal] = codes ? [...codes, code] : [code];
  }

  drop(ordinal: number): void {
    for (const code of this.keysOf[ordinal] ?? []) {
      const articles = this.articlesOf[code]!;
      const at = articles.lastIndexOf(ordinal);
      articles[at] = articles[articles.length - 1]!;
      articles.pop();
    }
    if (ordinal < this.keysOf.length) this.keysOf[ordinal] = undefined;
  }

  /** The codes of these keys (those no article has are left out). */
  codes(keys: string[]): number[] {
    return keys.map((key) => this.codeOf.get(key)).filter((code) => code !== undefined);
  }

  /** The articles of each of these key codes. */
  articles(codes: number[]): number[][] {
    return codes.map((code) => this.articlesOf[code]!);
  }

  /** Whether the article has one of these key codes. */
  has(ordinal: number, codes: number[]): boolean {
    return this.keysOf[ordinal]?.some((code) => codes.includes(code)) ?? false;
  }
}

import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import { TopK } from '@archive/core';
import { filterClause, type ArticleFilters } from '@archive/store';
import { DocColumns } from './doc-columns.ts';
import { DocFilter } from './doc-filter.ts';
import { EMPTY_FACETS, type KeywordSearchRequest, type KeywordSearchResult, type OperandEvidence, type PeriodGranularity } from './keyword-index.ts';
import { ftsOperand, parseQuery, toFtsExpression, type QueryOperand } from './query-parser.ts';
import { TermPostings, type Matches } from './term-postings.ts';
import { holdsRowid } from './typed-arrays.ts';

/**
 * BM25 column weights: a word in the title counts most, then the standfirst. Whole numbers or
 * halves: the postings in memory keep weighted counts doubled, as integers (`TermPostings`).
 */
const COLUMN_WEIGHTS = { title: 6, summary: 2.5, body: 1, meta: 1 };

type Counted = ReturnType<DocFilter['count']>;

/** Operand listings kept (see `listingOf`): a few queries' word pairs, at most a few MB. */
const KEPT_LISTINGS = 64;

const DOC_TAGS = { table: 'doc_tags', rowColumn: 'doc', rowId: 'd.rowid' } as const;

/** Whether the filters ask for more than a date range (which the date index answers alone). */
const hasFilterBeyondDates = (filters: ArticleFilters) =>
  Boolean(filters.sections?.length || filters.langs?.length || filters.tags?.length || filters.authors?.length);

/**
 * The reading side of the embedded keyword engine: ranked search, browsing, facets, periods,
 * matching and term statistics over one connection to the index file. The index uses one on its
 * own connection, and each search thread (see `KeywordSearchThreads`) one on a connection of its
 * own, so that a long full-text pass never holds up the server's event loop.
 *
 * A search reads the full-text index once (rowids and BM25 scores); filters, total, facets,
 * periods and the page come from the documents' columns held in memory (`DocColumns`), so no
 * match is looked up in `docs` except the page's own.
 *
 * @example
 * const reader = new SqliteKeywordReader(db);
 * reader.search({ query: "l'économie", filters: {}, limit: 10, offset: 0, facets: false });
 */
export class SqliteKeywordReader {
  private readonly fullText: Statement<[string]>;
  private readonly articleIds: Statement<[string]>;
  private readonly rowidsOf: Statement<[string]>;
  private readonly matchRowids: Statement<[string]>;
  private readonly authorRows: Statement<[string]>;
  private readonly columns: DocColumns;
  /** Postings in memory, once warmed (a search thread's): queries are scored from them, not by FTS5's `bm25()`. */
  private postings: TermPostings | null = null;
  /** The index version the columns were read at. */
  private columnsVersion = '';
  /** Bumped by this connection's own writes (`data_version` only tells of other connections'). */
  private localWrites = 0;
  /** The last full-text pass, and the expression and index version it was made for. */
  private lastMatches: { key: string; matches: Matches } | null = null;
  /** The blank query's counts, by filters, valid while the index is unchanged. */
  private readonly browseCounts = new Map<string, Counted>();
  private browseVersion = '';
  private live: { version: string; rowids: Int32Array } | null = null;
  /**
   * Recent FTS5 listings of single operands (phrases, prefixes), ascending, for the index version
   * in `listingsVersion`: the next page or a facet clicked in a hybrid search weighs the same
   * word pairs again.
   */
  private readonly listings = new Map<string, Int32Array>();
  private listingsVersion = '';

  constructor(private readonly db: SqliteDatabase) {
    const { title, summary, body, meta } = COLUMN_WEIGHTS;
    this.fullText = db.prepare(`SELECT rowid, -bm25(fts, ${title}, ${summary}, ${body}, ${meta}) FROM fts WHERE fts MATCH ?`).raw();
    this.articleIds = db.prepare('SELECT d.rowid, d.article_id FROM json_each(?) j CROSS JOIN docs d ON d.rowid = j.value').raw();
    this.rowidsOf = db.prepare('SELECT d.rowid, d.article_id FROM json_each(?) j CROSS JOIN docs d ON d.article_id = j.value').raw();
    this.matchRowids = db.prepare('SELECT rowid FROM fts WHERE fts MATCH ?').pluck();
    this.authorRows = db.prepare('SELECT doc FROM doc_authors WHERE author_key IN (SELECT lower(value) FROM json_each(?))').pluck();
    this.columns = new DocColumns(db);
  }

  /** Called by the index after its own writes on this connection, which `data_version` does not count. */
  noteLocalWrite(): void {
    this.localWrites++;
    this.lastMatches = null;
  }

  /** Changes whenever the index does, whoever writes it. */
  private version(): string {
    return `${this.db.pragma('data_version', { simple: true })}:${this.localWrites}`;
  }

  /**
   * Ranked keyword search. A blank query browses instead: every article that passes the
   * filters, newest first (how the archive opens before anyone types). The page is the best
   * `offset + limit` kept in a heap while the matches are counted; a blank query's total and
   * facets are kept until the index changes (the home page asks for the same ones every visit).
   */
  search(request: KeywordSearchRequest): KeywordSearchResult {
    return this.db.transaction(() => {
      const matches = this.matchesOf(request.query);
      if (matches === null) return { total: 0, hits: [], facets: request.facets ? EMPTY_FACETS() : null };
      const filter = this.filterFor(request.filters);
      if (matches === 'all' && !hasFilterBeyondDates(request.filters)) {
        // The home page: the date index gives the newest page without looking at the rest.
        const hits = this.newestPage(request).map(([, id]) => ({ id, score: 0 }));
        const counted = this.browseCount(request, filter);
        return { total: counted.total, hits, facets: request.facets ? counted.facets : null };
      }
      // Browsing with filters ranks every passing document by date; a search, its matches by score, then date.
      const rowids = matches === 'all' ? this.liveRowids() : matches.rowids;
      const scores = matches === 'all' ? null : matches.scores;
      const top = new TopK<number>(request.offset + request.limit, (a, b) => (scores ? scores[a]! - scores[b]! : 0) || this.columns.newer(rowids[a]!, rowids[b]!));
      for (let i = 0; i < rowids.length; i++) if (filter.passes(rowids[i]!)) top.offer(i);
      const page = top.sorted().slice(request.offset).map((i) => ({ rowid: rowids[i]!, score: scores?.[i] ?? 0 }));
      const ids = new Map(this.articleIds.all(JSON.stringify(page.map((hit) => hit.rowid))) as [number, string][]);
      const hits = page.map((hit) => ({ id: ids.get(hit.rowid)!, score: hit.score }));
      const counted = matches === 'all' ? this.browseCount(request, filter, rowids) : filter.count(rowids, request.facets);
      const evidence = request.evidence?.length && hits.length ? this.evidenceOf(request.evidence, page.map((hit) => hit.rowid), ids) : null;
      return { total: counted.total, hits, facets: request.facets ? counted.facets : null, ...(evidence && { evidence }) };
    })();
  }

  /**
   * A server's warm-up (each search thread's, or its own connection's): reads the documents'
   * columns and loads the postings into memory now, not on a user's first search. Returns how
   * many postings it holds (0: none could be loaded, and searches read FTS5 alone).
   */
  warm(): { postings: number } {
    if (!this.postings) {
      const { title, summary, body, meta } = COLUMN_WEIGHTS;
      this.postings = new TermPostings(this.db, this.columns, [title, summary, body, meta]);
      this.columnsVersion = ''; // so that the next read loads them
    }
    this.follow();
    return { postings: this.postings?.size ?? 0 };
  }

  /**
   * Brings the columns and the postings up to the index now, between searches: a search thread
   * calls it when idle, so that during an ingest the next search does not pay for the documents
   * written since the last one (the reading connection sees the writer's commits at once).
   */
  follow(): void {
    this.db.transaction(() => this.catchUp())();
  }

  /** The newest documents in a date range (or all), as (rowid, article id), by the date index. */
  private newestPage(request: KeywordSearchRequest): [number, string][] {
    const dates = filterClause({ dateFrom: request.filters.dateFrom, dateTo: request.filters.dateTo }, 'd', DOC_TAGS);
    return this.db
      .prepare(`SELECT d.rowid, d.article_id FROM docs d ${dates.sql ? `WHERE ${dates.sql}` : ''} ORDER BY d.date DESC, d.rowid DESC LIMIT ? OFFSET ?`)
      .raw()
      .all(...dates.params, request.limit, request.offset) as [number, string][];
  }

  /** The blank query's total and facets, counted once per index version and filters. */
  private browseCount(request: KeywordSearchRequest, filter: DocFilter, rowids?: Int32Array): Counted {
    const version = this.version();
    if (version !== this.browseVersion) {
      this.browseCounts.clear();
      this.browseVersion = version;
    }
    const key = JSON.stringify([request.facets, request.filters]);
    let counted = this.browseCounts.get(key);
    if (!counted) {
      counted = filter.count(rowids ?? this.liveRowids(), request.facets);
      if (this.browseCounts.size >= 256) this.browseCounts.delete(this.browseCounts.keys().next().value!);
      this.browseCounts.set(key, counted);
    }
    return { total: counted.total, facets: counted.facets && structuredClone(counted.facets) };
  }

  /** Every document's rowid, ascending (kept while the index is unchanged: browsing asks often). */
  private liveRowids(): Int32Array {
    if (this.live?.version !== this.columnsVersion) this.live = { version: this.columnsVersion, rowids: this.columns.liveRowids() };
    return this.live.rowids;
  }

  /** The filters, checked against the columns (authors looked up in their index first). */
  private filterFor(filters: ArticleFilters): DocFilter {
    const authors = filters.authors?.length ? new Set(this.authorRows.all(JSON.stringify(filters.authors)) as number[]) : null;
    return new DocFilter(this.columns, filters, authors);
  }

  /**
   * The full-text matches of a query, 'all' for a blank one (browsing), null when the query has
   * no word. Call inside a read transaction: the columns are brought up to date first, so that
   * every match has them. The same words on an unchanged index (the next page, a facet clicked,
   * the hybrid search's checks) reuse the last pass, whatever the filters.
   */
  private matchesOf(query: string): Matches | 'all' | null {
    const version = this.catchUp();
    const parsed = parseQuery(query);
    const expression = toFtsExpression(parsed);
    if (!expression) return query.trim() ? null : 'all';
    const key = `${expression}@${version}`;
    if (this.lastMatches?.key === key) return this.lastMatches.matches;
    const matches = this.postings?.match(parsed) ?? this.fullTextMatches(expression);
    this.lastMatches = { key, matches };
    return matches;
  }

  /** Brings the columns (and the postings) up to the index as it is now; returns its version. */
  private catchUp(): string {
    const version = this.version();
    if (version !== this.columnsVersion) {
      const changes = this.columns.refresh();
      try {
        this.postings?.refresh(changes);
      } catch {
        // Half-read postings would miss documents: FTS5 alone answers from now on (warm says 0).
        this.postings = null;
      }
      this.columnsVersion = version;
    }
    return version;
  }

  /** FTS5's matches of an expression with their `bm25()` scores. */
  private fullTextMatches(expression: string): Matches {
    const rows = this.fullText.all(expression) as [number, number][];
    const matches = { rowids: new Int32Array(rows.length), scores: new Float64Array(rows.length) };
    rows.forEach(([rowid, score], i) => {
      matches.rowids[i] = rowid;
      matches.scores[i] = score;
    });
    return matches;
  }

  /** Matches per period of their date, counted from the in-memory columns. */
  periods(query: string, filters: ArticleFilters, granularity: PeriodGranularity): Record<string, number> {
    return this.db.transaction(() => {
      const matches = this.matchesOf(query);
      if (matches === null) return {};
      const filter = this.filterFor(filters);
      const { date, dates } = this.columns;
      const byDate = new Uint32Array(dates.values.length);
      for (const rowid of matches === 'all' ? this.liveRowids() : matches.rowids) if (filter.passes(rowid)) byDate[date[rowid]!]!++;
      const length = granularity === 'year' ? 4 : 7;
      const periods: Record<string, number> = {};
      for (let code = 1; code < byDate.length; code++) {
        if (byDate[code] === 0) continue;
        const period = dates.values[code]!.slice(0, length);
        periods[period] = (periods[period] ?? 0) + byDate[code]!;
      }
      return periods;
    })();
  }

  /**
   * Which of `ids` match `query`, in one read transaction (an article written between two reads
   * would change rowid): looked up in the last search's matches when they are the query's
   * (hybrid search asks right after it), else in the postings when they are loaded (membership
   * only), else in the query's rowids alone (FTS5 lists them without touching `docs`; joining
   * each to its document cost twice as much).
   */
  matching(query: string, ids: string[]): string[] {
    if (ids.length === 0) return [];
    return this.db.transaction(() => {
      const wanted = new Map(this.rowidsOf.all(JSON.stringify(ids)) as [number, string][]);
      const version = this.catchUp();
      const parsed = parseQuery(query);
      const expression = toFtsExpression(parsed);
      if (!expression) return [];
      const last = this.lastMatches?.key === `${expression}@${version}` ? this.lastMatches.matches : null;
      if (last) return [...wanted].filter(([rowid]) => holdsRowid(last.rowids, rowid)).map(([, id]) => id);
      if (this.postings) return this.postings.matchingOf(parsed, [...wanted.keys()]).map((rowid) => wanted.get(rowid)!);
      return (this.matchRowids.all(expression) as number[]).flatMap((rowid) => wanted.get(rowid) ?? []);
    })();
  }

  /**
   * Each operand's document frequency and which of the page's documents hold it, inside the
   * search's transaction: a word from its postings when they are loaded, a phrase or a prefix
   * (or any operand without postings) from one FTS5 listing of its rowids, which gives both.
   */
  private evidenceOf(operands: QueryOperand[], page: number[], ids: Map<number, string>): OperandEvidence {
    const { postings } = this;
    const frequencies: (number | null)[] = [];
    const holders = operands.map((operand) => {
      const word = operand.terms.length === 1 && !operand.prefix ? operand.terms[0]! : null;
      if (word !== null && postings) {
        frequencies.push(postings.documentFrequency(word));
        return postings.holding(word, page).map((rowid) => ids.get(rowid)!);
      }
      const found = this.listingOf(operand);
      frequencies.push(operand.prefix ? null : found.length);
      return page.filter((rowid) => holdsRowid(found, rowid)).map((rowid) => ids.get(rowid)!);
    });
    return { documents: this.documentCount(), frequencies, holders };
  }

  /** An operand's rowids as FTS5 lists them (ascending), kept among the last few while the index is unchanged. */
  private listingOf(operand: QueryOperand): Int32Array {
    if (this.listingsVersion !== this.columnsVersion) {
      this.listings.clear();
      this.listingsVersion = this.columnsVersion;
    }
    const expression = ftsOperand(operand);
    let rowids = this.listings.get(expression);
    if (rowids) {
      this.listings.delete(expression);
    } else {
      rowids = Int32Array.from(this.matchRowids.all(expression) as number[]);
      if (this.listings.size >= KEPT_LISTINGS) this.listings.delete(this.listings.keys().next().value!);
    }
    this.listings.set(expression, rowids);
    return rowids;
  }

  /**
   * Documents holding each word or phrase. A word: its postings when they are loaded, else the
   * vocabulary table (which counts the word's whole doclist); a phrase: its FTS5 matches counted.
   */
  documentFrequencies(phrases: string[][]): number[] {
    const termCount = this.db.prepare('SELECT doc FROM fts_terms WHERE term = ?').pluck();
    const phraseCount = this.db.prepare('SELECT count(*) FROM fts WHERE fts MATCH ?').pluck();
    return this.db.transaction(() => {
      if (this.postings) this.catchUp();
      return phrases.map((terms) => {
        const clean = terms.filter((term) => /^[\p{L}\p{N}]+$/u.test(term));
        if (clean.length === 0) return 0;
        if (clean.length === 1) return this.postings?.documentFrequency(clean[0]!) ?? ((termCount.get(clean[0]) as number | undefined) ?? 0);
        return phraseCount.get(`"${clean.join(' ')}"`) as number;
      });
    })();
  }

  /** How many documents the index holds. */
  count(): number {
    return this.db.transaction(() => {
      if (this.postings) this.catchUp();
      return this.documentCount();
    })();
  }

  /** Documents in the index: the columns know once the postings are loaded (and caught up); else counted. */
  private documentCount(): number {
    return this.postings ? this.columns.liveCount : (this.db.prepare('SELECT count(*) FROM docs').pluck().get() as number);
  }

}

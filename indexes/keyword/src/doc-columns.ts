import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import { grown } from '@archive/core';

/** Rows read per statement while catching up. */
const LOAD_BATCH = 20_000;

type DocRow = [rowid: number, date: string | null, section: string | null, lang: string | null];
type TagRow = [doc: number, key: string, label: string];

/** What a `refresh` found beyond new rows (which are those above the highest rowid read before). */
export interface ColumnChanges {
  /** Everything was read again from the start (the tables were made anew or emptied). */
  cleared: boolean;
  /** Documents deleted since the last refresh; null when they were too many to list (see `rereadLive`). */
  deleted: number[] | null;
}

/** The distinct values of one text column, each as a small integer; 0 stands for null. */
export class ValueCodes {
  private readonly byValue = new Map<string, number>();
  readonly values: (string | null)[] = [null];

  code(value: string | null): number {
    if (value === null) return 0;
    let code = this.byValue.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.byValue.set(value, code);
      this.values.push(value);
    }
    return code;
  }

  /** The code of `value`, or undefined when no document has it. */
  find(value: string): number | undefined {
    return this.byValue.get(value);
  }
}

/**
 * The documents' filter and facet columns (date, section, language, tags) in memory, by rowid,
 * for one reading connection: a search filters, counts facets and picks its page from the
 * full-text matches here, instead of looking each match up in `docs` (a B-tree seek per match,
 * the larger part of a common-word search before this). 19 bytes a document and 8 a tag.
 *
 * Kept in step without rereading: `docs` rows are never updated and, being AUTOINCREMENT, their
 * rowids never reused, so new rows are those above the highest rowid read; deleted ones are
 * in `doc_deletions` (numbered without gaps: a reader further behind than the log's oldest entry
 * reads every rowid again). When the index's tables are made anew or emptied, `docs_epoch` in
 * `state` changes and everything is read again.
 *
 * @example
 * const columns = new DocColumns(db);
 * columns.refresh(); // after the index changed
 * columns.sections.values[columns.section[rowid]!]; // 'france'
 */
export class DocColumns {
  readonly dates = new ValueCodes();
  readonly sections = new ValueCodes();
  readonly langs = new ValueCodes();
  readonly years = new ValueCodes();
  readonly tagKeys = new ValueCodes();
  readonly tagLabels = new ValueCodes();
  /** Codes by rowid (0: null, or no such document). */
  date = new Uint32Array(0);
  section = new Uint32Array(0);
  lang = new Uint32Array(0);
  live = new Uint8Array(0);
  /**
   * Tags: document `rowid` has `tagCount[rowid]` (key code, label code) pairs in `tagPairs` from
   * `tagStart[rowid]` on (one array for all, not one per document: a typed array costs ~100 bytes).
   */
  tagStart = new Uint32Array(0);
  tagCount = new Uint16Array(0);
  tagPairs = new Uint32Array(1024);
  private tagPairsUsed = 0;
  /** The year code of each date code (dates repeat, so a year is cut from each once). */
  private readonly yearOfDate: number[] = [0];
  /** Each date code's place in date order (null, the oldest, …), made again when dates are added. */
  private dateOrder = new Uint32Array(1);
  private highestRowid = 0;
  private liveDocuments = 0;
  /** The last entry of `doc_deletions` applied. */
  private deletionMark = 0;
  /** Tag pairs of deleted documents still in `tagPairs`. */
  private deadTagPairs = 0;
  private readonly newDocs: Statement<[number, number]>;
  private readonly newTags: Statement<[number, number]>;
  private readonly newDeletions: Statement<[number]>;
  private readonly lastDeletion: Statement<[]>;
  private readonly firstDeletion: Statement<[]>;
  private readonly epoch: Statement<[]>;
  private readonly allRowids: Statement<[]>;
  /** The `docs_epoch` the columns were read in. */
  private readEpoch: number | null = null;

  constructor(db: SqliteDatabase) {
    this.newDocs = db.prepare('SELECT rowid, date, section, lang FROM docs WHERE rowid > ? ORDER BY rowid LIMIT ?').raw();
    this.newTags = db.prepare('SELECT doc, tag_key, label FROM doc_tags WHERE doc > ? AND doc <= ? ORDER BY doc').raw();
    this.newDeletions = db.prepare('SELECT seq, doc FROM doc_deletions WHERE seq > ? ORDER BY seq').raw();
    this.lastDeletion = db.prepare('SELECT coalesce(max(seq), 0) FROM doc_deletions').pluck();
    this.firstDeletion = db.prepare('SELECT min(seq) FROM doc_deletions').pluck();
    this.epoch = db.prepare("SELECT value FROM state WHERE key = 'docs_epoch'").pluck();
    this.allRowids = db.prepare('SELECT rowid FROM docs').pluck();
  }

  /** How many documents are live. */
  get liveCount(): number {
    return this.liveDocuments;
  }

  /** Every document's rowid, ascending. */
  liveRowids(): Int32Array {
    const rowids = new Int32Array(this.liveDocuments);
    let next = 0;
    for (let rowid = 1; rowid < this.live.length; rowid++) if (this.live[rowid]) rowids[next++] = rowid;
    return rowids;
  }

  /** The year code of a document (from its date, as `docs.year` is). */
  yearCode(rowid: number): number {
    return this.yearOfDate[this.date[rowid]!]!;
  }

  /**
   * Positive when document `a` is newer than `b` (an undated one is the oldest), the higher rowid
   * on the same day: the order of a browsed page and of equal scores.
   */
  newer(a: number, b: number): number {
    const order = this.dateOrder;
    return order[this.date[a]!]! - order[this.date[b]!]! || a - b;
  }

  /** Reads what changed in `docs` since the last call; call inside the search's read transaction. */
  refresh(): ColumnChanges {
    const epoch = (this.epoch.get() as number | undefined) ?? null;
    const cleared = epoch !== this.readEpoch;
    if (cleared) {
      this.clear();
      this.readEpoch = epoch;
    }
    let deleted: number[] | null = [];
    const from = this.highestRowid;
    // Rows read from the start are as they are now: no earlier deletion concerns them.
    if (from === 0) this.deletionMark = this.lastDeletion.get() as number;
    // In batches of arrays: far quicker than row by row, without holding a million rows at once.
    for (let rows: DocRow[]; (rows = this.newDocs.all(this.highestRowid, LOAD_BATCH) as DocRow[]).length > 0; ) {
      for (const [rowid, date, section, lang] of rows) {
        this.reserve(rowid);
        this.date[rowid] = this.dateCode(date);
        this.section[rowid] = this.sections.code(section);
        this.lang[rowid] = this.langs.code(lang);
        this.live[rowid] = 1;
        this.liveDocuments++;
        this.highestRowid = rowid;
      }
    }
    // The new documents' tags, by ranges of rowids (the table's key starts with the document).
    for (let low = from; low < this.highestRowid; low += LOAD_BATCH) {
      for (const [doc, key, label] of this.newTags.all(low, Math.min(low + LOAD_BATCH, this.highestRowid)) as TagRow[]) {
        if (this.tagCount[doc] === 0) this.tagStart[doc] = this.tagPairsUsed;
        this.appendTag(this.tagKeys.code(key), this.tagLabels.code(label));
        this.tagCount[doc]!++;
      }
    }
    const first = this.firstDeletion.get() as number | null;
    if (first !== null && first > this.deletionMark + 1) {
      // Deletions this reader never saw have left the log.
      this.deletionMark = this.lastDeletion.get() as number;
      this.rereadLive();
      deleted = null;
    } else {
      for (const [seq, doc] of this.newDeletions.all(this.deletionMark) as [number, number][]) {
        this.deletionMark = seq;
        if (this.live[doc] !== 1) continue;
        deleted.push(doc);
        this.live[doc] = 0;
        this.liveDocuments--;
        this.deadTagPairs += this.tagCount[doc]!;
        this.tagCount[doc] = 0;
      }
      if (4 * 2 * this.deadTagPairs > this.tagPairsUsed) this.compactTags();
    }
    if (this.dateOrder.length !== this.dates.values.length) this.orderDates();
    return { cleared, deleted };
  }

  private orderDates(): void {
    const { values } = this.dates;
    const codes = values.map((_, code) => code).slice(1).sort((a, b) => (values[a]! < values[b]! ? -1 : 1));
    this.dateOrder = new Uint32Array(values.length);
    codes.forEach((code, place) => (this.dateOrder[code] = place + 1));
  }

  private appendTag(key: number, label: number): void {
    if (this.tagPairsUsed + 2 > this.tagPairs.length) {
      const grown = new Uint32Array(this.tagPairs.length * 2);
      grown.set(this.tagPairs);
      this.tagPairs = grown;
    }
    this.tagPairs[this.tagPairsUsed++] = key;
    this.tagPairs[this.tagPairsUsed++] = label;
  }

  /** Deletions this reader missed: which rowids are still there (15 ms at 100,000 documents). */
  private rereadLive(): void {
    const rowids = this.allRowids.all() as number[];
    const live = new Uint8Array(this.live.length);
    for (const rowid of rowids) live[rowid] = 1;
    for (let rowid = 1; rowid < live.length; rowid++) if (!live[rowid]) this.tagCount[rowid] = 0;
    this.live = live;
    this.liveDocuments = rowids.length;
    this.compactTags();
  }

  /** Lets go of the tag pairs of deleted documents. */
  private compactTags(): void {
    const pairs = this.tagPairs;
    this.tagPairs = new Uint32Array(Math.max(1024, this.tagPairsUsed));
    this.tagPairsUsed = 0;
    for (let rowid = 1; rowid < this.live.length; rowid++) {
      const start = this.tagStart[rowid]!;
      const n = this.tagCount[rowid]!;
      this.tagStart[rowid] = this.tagPairsUsed;
      for (let i = start; i < start + 2 * n; i += 2) this.appendTag(pairs[i]!, pairs[i + 1]!);
    }
    this.deadTagPairs = 0;
  }

  private dateCode(date: string | null): number {
    const code = this.dates.code(date);
    if (code === this.yearOfDate.length) this.yearOfDate.push(this.years.code(date === null ? null : date.slice(0, 4)));
    return code;
  }

  /** Room for `rowid` in every column (doubling). */
  private reserve(rowid: number): void {
    if (rowid < this.live.length) return;
    const size = Math.max(rowid + 1, 1024);
    this.date = grown(this.date, size);
    this.section = grown(this.section, size);
    this.lang = grown(this.lang, size);
    this.live = grown(this.live, size);
    this.tagStart = grown(this.tagStart, size);
    this.tagCount = grown(this.tagCount, size);
  }

  private clear(): void {
    this.date = new Uint32Array(0);
    this.section = new Uint32Array(0);
    this.lang = new Uint32Array(0);
    this.live = new Uint8Array(0);
    this.tagStart = new Uint32Array(0);
    this.tagCount = new Uint16Array(0);
    this.tagPairsUsed = 0;
    this.deadTagPairs = 0;
    this.deletionMark = 0;
    this.dateOrder = new Uint32Array(1);
    this.highestRowid = 0;
    this.liveDocuments = 0;
  }
}

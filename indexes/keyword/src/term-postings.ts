import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import { grown } from '@archive/core';
import type { ColumnChanges, DocColumns } from './doc-columns.ts';
import { decodeDocTerms } from './doc-terms.ts';
import { ftsOperand, type ParsedQuery, type QueryOperand } from './query-parser.ts';
import { holdsRowid } from './typed-arrays.ts';

/** Rows read per statement while loading. */
const LOAD_BATCH = 5_000;
/** BM25's constants, as FTS5's `bm25()` has them. */
const K1 = 1.2;
const B = 0.75;
/** Matches past one in this many documents are collected by a pass over the scratch, not sorted. */
const SCAN_INSTEAD_OF_SORT = 32;

/** A full-text match list: rowids ascending and their BM25 scores (higher is better). */
export interface Matches {
  rowids: Int32Array;
  scores: Float64Array;
}

/**
 * Every term's postings (the documents that have it, and its column-weighted count in each) held
 * in memory by a search thread, so that a query is scored from typed arrays instead of by FTS5,
 * which computes `bm25()` row by row from position lists (most of a common-word search's time).
 * The scores are FTS5's own: the same idf, length normalisation and column weights, so ranking
 * does not change (a test compares the two on real articles).
 *
 * Words are looked up here. Phrases and prefixes need positions or the vocabulary's order,
 * which FTS5 has: each is read from FTS5 alone (its rowids and `bm25()`, from which its weighted
 * count in each document is recovered exactly, counts being halves) and then scored like a word.
 *
 * Read from the forward index (`doc_terms`) in two passes into one compact run per term (count,
 * then fill: no array grows; 2.5 s at 100,000 articles). Documents written since go to small
 * per-term tails, read from the rows above the highest rowid read; deleted ones are skipped by
 * the columns' `live` flags. When they are a third of the postings, or the tails large, the
 * runs are compacted in memory (0.4 s at 100,000 articles). About 6 bytes a posting: 100 MB per
 * search thread at 100,000 articles (16 million postings).
 *
 * @example
 * const postings = new TermPostings(db, columns, [6, 2.5, 1, 1]);
 * postings.refresh(columns.refresh());
 * postings.match(parseQuery('budget municipal')); // { rowids, scores }
 */
export class TermPostings {
  private readonly termIds = new Map<string, number>();
  private highestTermId = 0;
  /** The base, by term id: term t's postings are at [start[t], start[t + 1]) of `docs` and `counts`. */
  private baseStart = new Uint32Array(1);
  private baseDocs = new Int32Array(0);
  /** Twice the column-weighted count of the term in the document (weights may be halves). */
  private baseCounts = new Uint16Array(0);
  /** Tails, by term id: postings of documents read after the base, `tailUsed[t]` of them. */
  private tailDocs: Int32Array[] = [];
  private tailCounts: Uint16Array[] = [];
  private tailUsed = new Uint32Array(0);
  /** By rowid: tokens in the document (BM25's length) and its postings (to count dead ones). */
  private docLength = new Uint32Array(0);
  private docPostings = new Uint16Array(0);
  private highestRowid = 0;
  /** FTS5's own row and token counts, which BM25's idf and average length use (see `readTotals`). */
  private rows = 0;
  private averageLength = 0;
  private postingCount = 0;
  private deadPostings = 0;
  private tailPostings = 0;
  /** Scratch, by rowid: each document's progress through the query's groups, and its score. */
  private stage = new Uint16Array(0);
  private score = new Float64Array(0);
  /** Scratch, by term id, while reading a document: its doubled weighted count. */
  private doubled = new Uint32Array(0);
  private readonly doubledWeights: number[];
  private readonly newTerms: Statement<[number]>;
  private readonly newDocs: Statement<[number, number]>;
  private readonly operandScores: Statement<[string]>;
  private readonly averages: Statement<[]>;
  private readonly operandRowids: Statement<[string]>;

  constructor(
    db: SqliteDatabase,
    private readonly columns: DocColumns,
    /** Column weights of `bm25()`, in `INDEXED_COLUMNS` order (halves at most: counts are kept doubled). */
    weights: number[],
  ) {
    this.doubledWeights = weights.map((weight) => weight * 2);
    this.newTerms = db.prepare('SELECT id, term FROM terms WHERE id > ? ORDER BY id').raw();
    this.newDocs = db.prepare('SELECT doc, terms FROM doc_terms WHERE doc > ? ORDER BY doc LIMIT ?').raw();
    this.averages = db.prepare('SELECT block FROM fts_data WHERE id = 1').pluck();
    this.operandRowids = db.prepare('SELECT rowid FROM fts WHERE fts MATCH ?').pluck();
    this.operandScores = db.prepare(`SELECT rowid, -bm25(fts, ${weights.join(', ')}) FROM fts WHERE fts MATCH ?`).raw();
  }

  /** How many postings are held (dead ones included). */
  get size(): number {
    return this.postingCount;
  }

  /**
   * Brings the postings in step with the columns' refresh (same read transaction). The tails are
   * folded into the base and dead postings dropped (`compact`) once dead postings are a third of
   * all or the tails a quarter of the base (plus a million: a server warmed on a small archive
   * that then grows). Everything is read again when the index was emptied or remade.
   */
  refresh(changes: ColumnChanges): void {
    if (changes.cleared || changes.deleted === null) this.clear();
    else {
      for (const rowid of changes.deleted) if (rowid <= this.highestRowid) this.deadPostings += this.docPostings[rowid]!;
    }
    for (const [id, term] of this.newTerms.all(this.highestTermId) as [number, string][]) {
      this.termIds.set(term, id);
      this.highestTermId = id;
    }
    this.readTotals();
    if (this.highestRowid === 0) this.readBase();
    else this.readDocs(this.highestRowid, (rowid, terms, doubled) => {
      for (const termId of terms) this.appendToTail(termId, rowid, doubled[termId]!);
    });
    if (3 * this.deadPostings > this.postingCount || 4 * this.tailPostings > this.baseDocs.length + 1_000_000) this.compact();
  }

  /**
   * The matches of a query with their BM25 scores, as FTS5 gives them for
   * `toFtsExpression(parsed)`: the same documents, scores equal to the last bits or so.
   */
  match(parsed: ParsedQuery): Matches {
    // Every read first (FTS5 for phrases and prefixes): nothing below can leave the scratch dirty.
    const groups = parsed.required.map((group) => group.map((operand) => this.postingsOf(operand)));
    if (parsed.loose.length) groups.push(parsed.loose.map((operand) => this.postingsOf(operand)));
    // Excluded operands only remove documents: their postings, without an idf to work out.
    const excluded = parsed.excluded.map((operand) => (operand.terms.length === 1 && !operand.prefix ? this.wordPostings(operand.terms[0]!) : this.fullTextPostings(operand).segments));
    const passing = groups.length;
    this.reserveScratch();
    const { stage, score, docLength } = this;
    const live = this.columns.live;
    const touched: number[] = [];
    // A document reaches stage g + 1 when it has an operand of every group up to g.
    for (let g = 0; g < groups.length; g++) {
      for (const postings of groups[g]!) {
        for (const { docs, from, to } of postings.segments) {
          for (let i = from; i < to; i++) {
            const rowid = docs[i]!;
            if (!live[rowid] || stage[rowid] !== g) continue;
            stage[rowid] = g + 1;
            if (g === 0) touched.push(rowid);
          }
        }
      }
    }
    for (const segments of excluded) {
      for (const { docs, from, to } of segments) {
        for (let i = from; i < to; i++) if (stage[docs[i]!] === passing) stage[docs[i]!] = passing + 1;
      }
    }
    // Scored operand by operand in the expression's order, as `bm25()` adds them up.
    const { averageLength } = this;
    for (const { segments, idf } of groups.flat()) {
      for (const { docs, counts, from, to } of segments) {
        for (let i = from; i < to; i++) {
          const rowid = docs[i]!;
          if (stage[rowid] !== passing) continue;
          const frequency = counts[i]! / 2;
          score[rowid] = score[rowid]! + idf * ((frequency * (K1 + 1.0)) / (frequency + K1 * (1 - B + (B * docLength[rowid]!) / averageLength)));
        }
      }
    }
    return this.collect(touched, passing);
  }

  /**
   * Which of `rowids` match the query: membership only, no scores (hybrid search asks this of
   * its semantic candidates). A word is looked up in its postings by binary search; a phrase or
   * a prefix is listed by FTS5, rowids only.
   */
  matchingOf(parsed: ParsedQuery, rowids: number[]): number[] {
    const holders = (operand: QueryOperand): Set<number> => {
      if (operand.terms.length !== 1 || operand.prefix) {
        const found = new Set(this.operandRowids.all(ftsOperand(operand)) as number[]);
        return new Set(rowids.filter((rowid) => found.has(rowid)));
      }
      return new Set(this.holding(operand.terms[0]!, rowids));
    };
    const anyOf = (operands: QueryOperand[]) => {
      const sets = operands.map(holders);
      return (rowid: number) => sets.some((set) => set.has(rowid));
    };
    const groups = parsed.required.map(anyOf);
    if (parsed.loose.length) groups.push(anyOf(parsed.loose));
    const excluded = anyOf(parsed.excluded);
    return rowids.filter((rowid) => groups.every((group) => group(rowid)) && !excluded(rowid));
  }

  /** Which of `rowids` are live documents holding `term`. */
  holding(term: string, rowids: number[]): number[] {
    const live = this.columns.live;
    const segments = this.wordPostings(term);
    return rowids.filter((rowid) => live[rowid] && segments.some(({ docs, from, to }) => holdsRowid(docs, rowid, from, to)));
  }

  /** How many live documents hold `term`. */
  documentFrequency(term: string): number {
    let hits = 0;
    const live = this.columns.live;
    for (const { docs, from, to } of this.wordPostings(term)) for (let i = from; i < to; i++) hits += live[docs[i]!]!;
    return hits;
  }

  /** An operand's postings and idf: a word's from memory, a phrase's or a prefix's from FTS5. */
  private postingsOf(operand: QueryOperand): OperandPostings {
    if (operand.terms.length !== 1 || operand.prefix) return this.fullTextPostings(operand);
    const term = operand.terms[0]!;
    return { segments: this.wordPostings(term), idf: this.idf(this.documentFrequency(term)) };
  }

  /** A word's postings: its run in the base, then its tail (none for a word no document has). */
  private wordPostings(term: string): Segment[] {
    const id = this.termIds.get(term);
    return id === undefined ? [] : this.segmentsOf(id);
  }

  /** Term `id`'s run in the base, then its tail. */
  private segmentsOf(id: number): Segment[] {
    const segments: Segment[] = [];
    if (id + 1 < this.baseStart.length) {
      segments.push({ docs: this.baseDocs, counts: this.baseCounts, from: this.baseStart[id]!, to: this.baseStart[id + 1]! });
    }
    const tail = this.tailDocs[id];
    if (tail) segments.push({ docs: tail, counts: this.tailCounts[id]!, from: 0, to: this.tailUsed[id]! });
    return segments;
  }

  /**
   * A phrase's or a prefix's postings, read from FTS5 alone. Its weighted count in each document
   * is recovered from the score (BM25 solved for the count, rounded to the half it must be).
   */
  private fullTextPostings(operand: QueryOperand): OperandPostings {
    const rows = this.operandScores.all(ftsOperand(operand)) as [number, number][];
    const idf = this.idf(rows.length);
    const { averageLength } = this;
    const docs = new Int32Array(rows.length);
    const counts = new Uint16Array(rows.length);
    rows.forEach(([rowid, score], i) => {
      const norm = K1 * (1 - B + (B * this.docLength[rowid]!) / averageLength);
      docs[i] = rowid;
      counts[i] = Math.min(Math.max(Math.round((2 * norm * score) / (idf * (K1 + 1.0) - score)), 1), 0xffff);
    });
    return { segments: [{ docs, counts, from: 0, to: rows.length }], idf };
  }

  /**
   * FTS5's row count and average length, from its averages record (row 1 of `fts_data`: the
   * row count, then each column's token count, as varints). They are not the live documents':
   * a contentless table never takes a deleted row's tokens off them, so both grow with every
   * rewrite until the index is rebuilt. Read, not recomputed, so that scores stay FTS5's.
   */
  private readTotals(): void {
    const record = this.averages.get() as Uint8Array | undefined;
    const numbers: number[] = [];
    for (let at = 0, value = 0; record && at < record.length; ) {
      const byte = record[at++]!;
      value = value * 0x80 + (byte & 0x7f);
      if (byte < 0x80) {
        numbers.push(value);
        value = 0;
      }
    }
    const [rows = 0, ...tokens] = numbers;
    this.rows = rows;
    this.averageLength = rows ? tokens.reduce((sum, n) => sum + n, 0) / rows : 0;
  }

  /** BM25's idf for an operand in `hits` documents, as FTS5 computes it (never below 1e-6). */
  private idf(hits: number): number {
    const idf = Math.log((this.rows - hits + 0.5) / (hits + 0.5));
    return idf > 0 ? idf : 1e-6;
  }

  /** The passing documents of `touched`, ascending, with their scores; clears the scratch. */
  private collect(touched: number[], passing: number): Matches {
    const { stage, score } = this;
    const found = new Int32Array(touched.length);
    let n = 0;
    let rowids: Int32Array;
    if (touched.length > (this.highestRowid + 1) / SCAN_INSTEAD_OF_SORT) {
      // Many matches (common words): a pass over the scratch gives them in order, cheaper than
      // sorting them (2–3 ms for 50,000 matches).
      for (let rowid = 0; rowid <= this.highestRowid; rowid++) if (stage[rowid] === passing) found[n++] = rowid;
      rowids = found.subarray(0, n);
    } else {
      for (const rowid of touched) if (stage[rowid] === passing) found[n++] = rowid;
      rowids = found.slice(0, n).sort();
    }
    const scores = new Float64Array(n);
    for (let i = 0; i < n; i++) scores[i] = score[rowids[i]!]!;
    for (const rowid of touched) {
      stage[rowid] = 0;
      score[rowid] = 0;
    }
    return { rowids, scores };
  }

  /** Reads every document, term by term: counts each term's postings, then fills them in place. */
  private readBase(): void {
    const perTerm = new Uint32Array(this.highestTermId + 2);
    this.readDocs(0, (_, terms) => {
      for (const termId of terms) perTerm[termId + 1]!++;
    });
    const start = new Uint32Array(this.highestTermId + 2);
    for (let t = 1; t < start.length; t++) start[t] = start[t - 1]! + perTerm[t]!;
    const docs = new Int32Array(start.at(-1)!);
    const counts = new Uint16Array(docs.length);
    const next = start.slice();
    this.readDocs(0, (rowid, terms, doubled) => {
      for (const termId of terms) {
        const at = next[termId]!++;
        docs[at] = rowid;
        counts[at] = Math.min(doubled[termId]!, 0xffff);
      }
    }, false);
    Object.assign(this, { baseStart: start, baseDocs: docs, baseCounts: counts });
  }

  /**
   * A new base from the postings in memory: each term's live base run, then its live tail (the
   * tail's documents came later, so the run stays ascending). No reread: at 100,000 articles this
   * costs a pass over the postings in memory rather than the load's seconds, during which the
   * thread answers nothing.
   */
  private compact(): void {
    const live = this.columns.live;
    const terms = Math.max(this.baseStart.length - 1, this.tailUsed.length);
    const start = new Uint32Array(terms + 1);
    const eachLive = (term: number, visit: (rowid: number, count: number) => void) => {
      for (const { docs, counts, from, to } of this.segmentsOf(term)) for (let i = from; i < to; i++) if (live[docs[i]!]) visit(docs[i]!, counts[i]!);
    };
    for (let term = 0; term < terms; term++) {
      let n = 0;
      eachLive(term, () => n++);
      start[term + 1] = start[term]! + n;
    }
    const docs = new Int32Array(start[terms]!);
    const counts = new Uint16Array(docs.length);
    for (let term = 0, at = 0; term < terms; term++) {
      eachLive(term, (rowid, count) => {
        docs[at] = rowid;
        counts[at++] = count;
      });
    }
    Object.assign(this, { baseStart: start, baseDocs: docs, baseCounts: counts, tailDocs: [], tailCounts: [], tailUsed: new Uint32Array(0) });
    this.postingCount = docs.length;
    this.deadPostings = 0;
    this.tailPostings = 0;
  }

  /**
   * Reads the documents above `from`, calling `visit` with each one's distinct term ids and
   * their doubled weighted counts (summed over its columns). Counts them in (`account`) unless
   * told not to.
   */
  private readDocs(from: number, visit: (rowid: number, terms: number[], doubled: Uint32Array) => void, account = true): void {
    const weights = this.doubledWeights;
    if (this.doubled.length <= this.highestTermId) this.doubled = new Uint32Array(this.highestTermId + 1);
    const doubled = this.doubled;
    const terms: number[] = [];
    let highest = from;
    for (let rows: [number, Uint8Array][]; (rows = this.newDocs.all(highest, LOAD_BATCH) as [number, Uint8Array][]).length > 0; ) {
      for (const [rowid, blob] of rows) {
        let tokens = 0;
        terms.length = 0;
        decodeDocTerms(blob, (termId, column, count) => {
          if (doubled[termId] === 0) terms.push(termId);
          doubled[termId] = doubled[termId]! + count * weights[column]!;
          tokens += count;
        });
        visit(rowid, terms, doubled);
        for (const termId of terms) doubled[termId] = 0;
        highest = rowid;
        if (account) this.account(rowid, tokens, terms.length);
      }
    }
  }

  /** Records a document read: its length, its postings, and whether it still counts. */
  private account(rowid: number, tokens: number, postings: number): void {
    if (rowid >= this.docLength.length) {
      this.docLength = grown(this.docLength, rowid + 1);
      this.docPostings = grown(this.docPostings, rowid + 1);
    }
    this.docLength[rowid] = tokens;
    this.docPostings[rowid] = Math.min(postings, 0xffff);
    this.postingCount += postings;
    if (!this.columns.live[rowid]) this.deadPostings += postings;
    this.highestRowid = rowid;
  }

  private appendToTail(termId: number, rowid: number, doubledCount: number): void {
    if (termId >= this.tailUsed.length) this.tailUsed = grown(this.tailUsed, termId + 1);
    const n = this.tailUsed[termId]!;
    if (!this.tailDocs[termId] || n === this.tailDocs[termId].length) {
      this.tailDocs[termId] = grown(this.tailDocs[termId] ?? new Int32Array(0), n + 1);
      this.tailCounts[termId] = grown(this.tailCounts[termId] ?? new Uint16Array(0), n + 1);
    }
    this.tailDocs[termId]![n] = rowid;
    this.tailCounts[termId]![n] = Math.min(doubledCount, 0xffff);
    this.tailUsed[termId] = n + 1;
    this.tailPostings++;
  }

  private reserveScratch(): void {
    if (this.stage.length > this.highestRowid) return;
    this.stage = new Uint16Array(this.docLength.length);
    this.score = new Float64Array(this.docLength.length);
  }

  private clear(): void {
    this.termIds.clear();
    this.highestTermId = 0;
    this.baseStart = new Uint32Array(1);
    this.baseDocs = new Int32Array(0);
    this.baseCounts = new Uint16Array(0);
    this.tailDocs = [];
    this.tailCounts = [];
    this.tailUsed = new Uint32Array(0);
    this.docLength = new Uint32Array(0);
    this.docPostings = new Uint16Array(0);
    this.highestRowid = 0;
    this.postingCount = 0;
    this.deadPostings = 0;
    this.tailPostings = 0;
  }
}

/** An operand's postings (in one or two stretches) and its idf. */
interface OperandPostings {
  segments: Segment[];
  idf: number;
}

/** A stretch of one term's postings: `docs[from..to)` with their `counts`. */
interface Segment {
  docs: Int32Array;
  counts: Uint16Array;
  from: number;
  to: number;
}

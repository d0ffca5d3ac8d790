import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';

/** The indexed columns, in the order of the `fts` table (a column is its place here). */
export const INDEXED_COLUMNS = ['title', 'summary', 'body', 'meta'] as const;

/**
 * Writes each document's terms (the forward index, `doc_terms`) beside its full-text row, so
 * that search threads can hold postings in memory (`TermPostings`) and keep them current from
 * new rows alone. A row is a blob of varints: for each (term, column), `termId * 4 + column`
 * then the count. Term ids come from the append-only `terms` table.
 *
 * @example
 * const writer = new DocTermsWriter(db);
 * writer.write(rowid, [['budget'], [], ['le', 'budget'], []]); // inside the write transaction
 */
export class DocTermsWriter {
  /** Ids already in `terms` (never changed once given). Forgotten when a write rolls back. */
  private readonly ids = new Map<string, number>();
  private readonly insertTerm: Statement<[string]>;
  private readonly findTerm: Statement<[string]>;
  private readonly insertRow: Statement<[number, Buffer]>;
  private readonly deleteRow: Statement<[number]>;

  constructor(db: SqliteDatabase) {
    this.insertTerm = db.prepare('INSERT OR IGNORE INTO terms (term) VALUES (?)');
    this.findTerm = db.prepare('SELECT id FROM terms WHERE term = ?').pluck();
    this.insertRow = db.prepare('INSERT INTO doc_terms (doc, terms) VALUES (?, ?)');
    this.deleteRow = db.prepare('DELETE FROM doc_terms WHERE doc = ?');
  }

  /** Records document `rowid`'s terms, given column by column (in `INDEXED_COLUMNS` order). */
  write(rowid: number, columns: string[][]): void {
    const bytes: number[] = [];
    columns.forEach((terms, column) => {
      const counts = new Map<string, number>();
      for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
      for (const [term, count] of counts) {
        pushVarint(bytes, this.idOf(term) * INDEXED_COLUMNS.length + column);
        pushVarint(bytes, count);
      }
    });
    this.insertRow.run(rowid, Buffer.from(bytes));
  }

  /** Forgets document `rowid`'s terms (it is deleted). */
  delete(rowid: number): void {
    this.deleteRow.run(rowid);
  }

  /** After a failed write transaction: ids given inside it were rolled back with it. */
  forget(): void {
    this.ids.clear();
  }

  private idOf(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      this.insertTerm.run(term);
      id = this.findTerm.get(term) as number;
      this.ids.set(term, id);
    }
    return id;
  }
}

function pushVarint(bytes: number[], value: number): void {
  while (value >= 0x80) {
    bytes.push((value % 0x80) | 0x80);
    value = Math.floor(value / 0x80);
  }
  bytes.push(value);
}

/**
 * Calls `each` for every (term, column, count) of a `doc_terms` blob.
 *
 * @example
 * decodeDocTerms(blob, (termId, column, count) => …);
 */
export function decodeDocTerms(blob: Uint8Array, each: (termId: number, column: number, count: number) => void): void {
  let at = 0;
  const next = () => {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = blob[at++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 0x80;
    }
  };
  while (at < blob.length) {
    const key = next();
    each(Math.floor(key / INDEXED_COLUMNS.length), key % INDEXED_COLUMNS.length, next());
  }
}

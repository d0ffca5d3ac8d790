import { readFileSync } from 'node:fs';
import { InputError, type ErrorCode } from '@archive/core';

/** One query of an evaluation set. */
export interface EvalQuery {
  id: string;
  /** What is typed in the search box. */
  text: string;
  /** Group of the query (e.g. `keyword`, `paraphrase`, `crosslingual`); the report is split by it. */
  kind: string | null;
  /** Language of the query, when the set says. Informative only: it does not filter the articles. */
  lang: string | null;
}

/** Graded judgements: query id → article id → grade (1 or more: relevant; 0 or less: judged non-relevant). */
export type Qrels = Map<string, Map<string, number>>;

/** Qrels and how many judgement lines they were read from. */
export interface QrelsFile {
  qrels: Qrels;
  judgements: number;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file or directory' : code === 'EISDIR' ? 'is a folder, not a file' : (error as Error).message;
    throw new InputError('INPUT_UNREADABLE', reason, { file });
  }
}

/** Lines with their 1-based numbers, blank ones left out. */
function numberedLines(text: string): { line: number; content: string }[] {
  return text.split(/\r?\n/).flatMap((content, index) => (content.trim() ? [{ line: index + 1, content }] : []));
}

function optionalText(record: Record<string, unknown>, field: string, file: string, line: number): string | null {
  const value = record[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new InputError('FIELD_INVALID', `expected text, got ${JSON.stringify(value)}`, { file, line, field });
  return value.trim() || null;
}

/**
 * Reads queries from a JSONL file: one object per line with `id` and `query` (or `text`), and
 * optionally `kind` and `lang`; other fields are ignored. Throws an `InputError` naming the file,
 * line and field of the first fault (bad JSON, missing or empty text, an id given twice).
 *
 * @example
 * readQueries('../shared/data/time-1963-en/queries.jsonl')[0] // { id: 'q3', text: 'NUMBER OF TROOPS…', kind: null, lang: null }
 */
export function readQueries(file: string): EvalQuery[] {
  const queries: EvalQuery[] = [];
  const firstLine = new Map<string, number>();
  for (const { line, content } of numberedLines(readText(file))) {
    let value: unknown;
    try {
      value = JSON.parse(content);
    } catch (error) {
      throw new InputError('JSON_INVALID', `invalid JSON (${(error as Error).message})`, { file, line });
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new InputError('FIELD_INVALID', 'a query must be a JSON object', { file, line });
    const record = value as Record<string, unknown>;
    const fault = (code: ErrorCode, field: string, reason: string): never => {
      throw new InputError(code, reason, { file, line, field });
    };
    if (typeof record.id !== 'string' && typeof record.id !== 'number') fault(record.id === undefined ? 'FIELD_MISSING' : 'FIELD_INVALID', 'id', record.id === undefined ? 'is missing' : 'expected text or a number');
    const id = String(record.id).trim();
    if (!id) fault('FIELD_MISSING', 'id', 'is empty');
    if (firstLine.has(id)) fault('FIELD_INVALID', 'id', `"${id}" is already given on line ${firstLine.get(id)}`);
    const field = record.query !== undefined ? 'query' : 'text';
    if (record[field] === undefined) fault('FIELD_MISSING', 'query', 'is missing (give "query" or "text")');
    const text = optionalText(record, field, file, line);
    if (!text) fault('FIELD_MISSING', field, 'is empty');
    firstLine.set(id, line);
    queries.push({ id, text: text!, kind: optionalText(record, 'kind', file, line), lang: optionalText(record, 'lang', file, line) });
  }
  if (!queries.length) throw new InputError('INPUT_UNSUPPORTED', 'holds no query (expected one JSON object per line)', { file });
  return queries;
}

/**
 * Reads TREC qrels: one judgement per line, `<query id> <iteration> <article id> <grade>`,
 * separated by spaces or tabs (the iteration column, usually 0, is not used). Grades are whole
 * numbers; 1 or more is relevant. Throws an `InputError` naming the file and line of the first
 * malformed line, or of an article judged twice with different grades.
 *
 * @example
 * readQrels('../shared/data/time-1963-en/qrels.txt').qrels.get('q3') // Map { 'time-326' => 1, … }
 */
export function readQrels(file: string): QrelsFile {
  const qrels: Qrels = new Map();
  const lineOf = new Map<string, number>();
  let judgements = 0;
  for (const { line, content } of numberedLines(readText(file))) {
    const fields = content.trim().split(/\s+/);
    const [queryId, , articleId, gradeText] = fields;
    if (fields.length !== 4 || !/^[+-]?\d+$/.test(gradeText!)) {
      const shown = content.length > 120 ? `${content.slice(0, 120)}…` : content;
      throw new InputError('FIELD_INVALID', `expected "<query id> 0 <article id> <grade>" (4 columns, a whole-number grade), got ${JSON.stringify(shown)}`, { file, line });
    }
    const grade = Number(gradeText);
    const judged = qrels.get(queryId!) ?? new Map<string, number>();
    qrels.set(queryId!, judged);
    const key = `${queryId}\u0000${articleId}`;
    if (judged.has(articleId!)) {
      // The same judgement twice is harmless; two different grades are a mistake to fix.
      if (judged.get(articleId!) !== grade) {
        throw new InputError('FIELD_INVALID', `${queryId} ${articleId} is judged ${judged.get(articleId!)} on line ${lineOf.get(key)} and ${grade} here`, { file, line });
      }
      continue;
    }
    judged.set(articleId!, grade);
    lineOf.set(key, line);
    judgements++;
  }
  if (!judgements) throw new InputError('INPUT_UNSUPPORTED', 'holds no judgement (expected "<query id> 0 <article id> <grade>" lines)', { file });
  return { qrels, judgements };
}

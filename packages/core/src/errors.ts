/**
 * Typed errors carrying a machine-readable `code`, so callers (CLI, API, tests) can branch on
 * the kind of failure instead of parsing messages.
 *
 * @example
 * throw new InputError('FIELD_INVALID', 'date must be YYYY-MM-DD', { file: 'a.jsonl', line: 3, field: 'date' });
 */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'INPUT_UNREADABLE'
  | 'INPUT_UNSUPPORTED'
  | 'JSON_INVALID'
  | 'FIELD_MISSING'
  | 'FIELD_INVALID'
  | 'EXTRACTION_EMPTY'
  | 'MODEL_UNAVAILABLE'
  | 'STORE_CORRUPT'
  | 'INDEX_CORRUPT'
  | 'INDEX_MISMATCH'
  | 'NOT_FOUND'
  | 'BAD_REQUEST'
  | 'QUERY_INVALID'
  | 'BACKEND_FAILED'
  | 'TAG_INVALID'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'PASSAGE_SCHEME_CHANGED'
  | 'CANCELLED';

export class ArchiveError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Where a piece of bad input came from: the file, and the line or field when known. */
export interface InputLocation {
  file?: string;
  /** Line number in a JSONL file (1-based). */
  line?: number;
  /** Position of the record in a JSON array (1-based). */
  record?: number;
  field?: string;
}

/** A rejected input record: the message always names the file, line and field it knows. */
export class InputError extends ArchiveError {
  readonly location: InputLocation;
  constructor(code: ErrorCode, reason: string, location: InputLocation = {}, options?: { cause?: unknown }) {
    super(code, `${formatLocation(location)}${reason}`, options);
    this.location = location;
  }
}

export class ConfigError extends ArchiveError {
  constructor(message: string) {
    super('CONFIG_INVALID', message);
  }
}

export class ModelUnavailableError extends ArchiveError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MODEL_UNAVAILABLE', message, options);
  }
}

/**
 * A search query whose syntax cannot be read (an unclosed quote, OR with nothing on one side):
 * the message says what is wrong and where, for the person who typed it.
 */
export class QuerySyntaxError extends ArchiveError {
  /** Character offset of the problem in the query. */
  readonly position: number;
  constructor(message: string, position: number) {
    super('QUERY_INVALID', message);
    this.position = position;
  }
}

export class NotFoundError extends ArchiveError {
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}

export function formatLocation(location: InputLocation): string {
  const parts: string[] = [];
  if (location.file) parts.push(location.line ? `${location.file}:${location.line}` : location.file);
  if (location.record) parts.push(`record ${location.record}`);
  if (location.field) parts.push(`field "${location.field}"`);
  return parts.length ? `${parts.join(', ')}: ` : '';
}

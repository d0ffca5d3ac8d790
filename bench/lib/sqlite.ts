/**
 * better-sqlite3 for the benchmarks, resolved through the store package that depends on it (the
 * repository root does not), with the few methods the benchmarks use.
 */
import { createRequire } from 'node:module';

export interface BenchStatement {
  all(...params: unknown[]): unknown[];
  get(...params: unknown[]): unknown;
  run(...params: unknown[]): { changes: number };
  raw(): BenchStatement;
  pluck(): BenchStatement;
}

export interface BenchDatabase {
  prepare(sql: string): BenchStatement;
  pragma(text: string): unknown;
  transaction<T extends (...args: never[]) => unknown>(fn: T): T;
  exec(sql: string): void;
  close(): void;
}

const require = createRequire(new URL('../../packages/store/package.json', import.meta.url));
const Database = require('better-sqlite3') as new (file: string, options?: { readonly?: boolean; fileMustExist?: boolean }) => BenchDatabase;

export function openDatabase(file: string, options: { readonly?: boolean } = {}): BenchDatabase {
  return new Database(file, { readonly: options.readonly ?? false, fileMustExist: true });
}

/** The store's own connection (a private field), for read-only statistics in the benchmarks. */
export function storeDatabase(store: object): BenchDatabase {
  return (store as { db: BenchDatabase }).db;
}

import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';
import { ArchiveError, InputError, type InputLocation } from '@archive/core';
import { extractArticle } from '../extract/extract-article.ts';
import type { InputFile } from './input-files.ts';

/** One raw record read from an input, or the reason it could not be read. */
export type RawRecord =
  | { location: InputLocation; value: unknown; error?: undefined }
  | { location: InputLocation; error: InputError; value?: undefined };

/** Called with the number of (compressed) bytes read, for progress. */
export type OnBytes = (bytes: number) => void;

async function readWhole(file: string): Promise<string> {
  const bytes = await readFile(file);
  return (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

/** Lines of a JSONL file (gzip or not), streamed, each parsed on its own. */
async function* readJsonLines(file: string, onBytes: OnBytes): AsyncGenerator<RawRecord> {
  const raw = createReadStream(file);
  raw.on('data', (chunk) => onBytes(chunk.length));
  const text: Readable = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  // A corrupt gzip stream surfaces as an error on the decompressor: pass it on to readline's reader.
  raw.on('error', (error) => text.destroy(error));
  const lines = createInterface({ input: text, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const content of lines) {
      line++;
      if (!content.trim()) continue;
      const location = { file, line };
      try {
        yield { location, value: JSON.parse(content) };
      } catch (error) {
        yield { location, error: new InputError('JSON_INVALID', `invalid JSON (${(error as Error).message})`, location) };
      }
    }
  } catch (error) {
    yield {
      location: { file, line: line + 1 },
      error: new InputError('INPUT_UNREADABLE', `cannot read further: ${(error as Error).message}`, { file, line: line + 1 }),
    };
  }
}

/** A JSON file holding one article, an array of them, or `{ "articles": [...] }`. */
async function* readJsonFile(file: string, onBytes: OnBytes, bytes: number): AsyncGenerator<RawRecord> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readWhole(file));
  } catch (error) {
    yield { location: { file }, error: new InputError('JSON_INVALID', `invalid JSON (${(error as Error).message})`, { file }) };
    return;
  } finally {
    onBytes(bytes);
  }
  const list = Array.isArray(parsed)
    ? parsed
    : parsed && typeof parsed === 'object' && Array.isArray((parsed as { articles?: unknown }).articles)
      ? (parsed as { articles: unknown[] }).articles
      : null;
  if (!list) {
    yield { location: { file }, value: parsed };
    return;
  }
  for (const [index, value] of list.entries()) yield { location: { file, record: index + 1 }, value };
}

/** An HTML news page, turned into a record by the extractor. */
async function* readHtmlFile(file: string, onBytes: OnBytes, bytes: number): AsyncGenerator<RawRecord> {
  const location = { file };
  try {
    const extracted = extractArticle(await readWhole(file));
    yield { location, value: extracted };
  } catch (error) {
    const code = error instanceof ArchiveError ? error.code : 'INPUT_UNREADABLE';
    yield { location, error: new InputError(code, (error as Error).message, location, { cause: error }) };
  } finally {
    onBytes(bytes);
  }
}

/** Every raw record of the given files, in order. Read errors are records too, never exceptions. */
export async function* readInputs(files: InputFile[], onBytes: OnBytes = () => {}): AsyncGenerator<RawRecord> {
  for (const file of files) {
    try {
      if (file.format === 'jsonl') yield* readJsonLines(file.path, onBytes);
      else if (file.format === 'json') yield* readJsonFile(file.path, onBytes, file.bytes);
      else yield* readHtmlFile(file.path, onBytes, file.bytes);
    } catch (error) {
      const location = { file: file.path };
      yield { location, error: new InputError('INPUT_UNREADABLE', (error as Error).message, location, { cause: error }) };
    }
  }
}

import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { InputError } from '@archive/core';
import { extractArticle } from '@archive/ingest';

/** Extracts one HTML page (plain or .gz) and prints the article as one JSON object on stdout. */
export function runExtract(file: string): void {
  let html: string;
  try {
    const bytes = readFileSync(file);
    html = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch (error) {
    throw new InputError('INPUT_UNREADABLE', (error as Error).message, { file });
  }
  const article = extractArticle(html);
  const { title, summary, body, authors, date, section, lang, url } = article;
  process.stdout.write(`${JSON.stringify({ title, summary, body, authors, date, section, lang, url })}\n`);
}

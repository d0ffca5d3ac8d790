import { statSync } from 'node:fs';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { InputError } from '@archive/core';

export type InputFormat = 'jsonl' | 'json' | 'html';

const FORMATS: [RegExp, InputFormat][] = [
  [/\.(jsonl|ndjson)(\.gz)?$/i, 'jsonl'],
  [/\.json(\.gz)?$/i, 'json'],
  [/\.html?(\.gz)?$/i, 'html'],
];

/** The format of a file, from its name; null when the product does not read it. */
export function inputFormat(file: string): InputFormat | null {
  return FORMATS.find(([pattern]) => pattern.test(file))?.[1] ?? null;
}

export interface InputFile {
  path: string;
  format: InputFormat;
  bytes: number;
}

/**
 * Expands the command line's paths: files as given, directories recursively (readable formats
 * only), and glob patterns. Paths that do not exist, or files in a format the product does not
 * read, come back as errors; they do not stop the others.
 */
export async function expandInputs(inputs: string[]): Promise<{ files: InputFile[]; errors: InputError[] }> {
  const files = new Map<string, InputFile>();
  const errors: InputError[] = [];
  const add = (file: string, explicit: boolean) => {
    const format = inputFormat(file);
    if (!format) {
      if (explicit) {
        errors.push(new InputError('INPUT_UNSUPPORTED', 'not a readable format (.jsonl, .jsonl.gz, .json, .html, .html.gz)', { file }));
      }
      return;
    }
    files.set(path.resolve(file), { path: path.resolve(file), format, bytes: statSync(file).size });
  };
  for (const input of inputs) {
    if (isDynamicPattern(input)) {
      const matches = await glob(input, { absolute: true, onlyFiles: true });
      if (matches.length === 0) errors.push(new InputError('INPUT_UNREADABLE', 'no file matches this pattern', { file: input }));
      for (const match of matches) add(match, false);
      continue;
    }
    let stats;
    try {
      stats = statSync(input);
    } catch {
      errors.push(new InputError('INPUT_UNREADABLE', 'no such file or directory', { file: input }));
      continue;
    }
    if (stats.isDirectory()) {
      const matches = await glob('**/*', { cwd: input, absolute: true, onlyFiles: true });
      for (const match of matches) add(match, false);
    } else {
      add(input, true);
    }
  }
  return { files: [...files.values()].sort((a, b) => a.path.localeCompare(b.path)), errors };
}

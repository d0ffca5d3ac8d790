import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '@archive/core';
import { readQrels, readQueries } from './judgements.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'eval-judgements-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const at = path.join(dir, name);
  writeFileSync(at, text);
  return at;
}

/** The error a call throws, to check its code and message together. */
function thrown(call: () => unknown): InputError {
  try {
    call();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('readQueries', () => {
  it('reads query or text, kind and lang, and skips blank lines', () => {
    const at = file('queries.jsonl', [
      '{"id": "T01", "query": " incendie Notre-Dame ", "lang": "fr", "kind": "keyword", "narrative": "…"}',
      '',
      '{"id": 3, "text": "U.S . POLICY TOWARD VIET NAM ."}',
    ].join('\n'));
    expect(readQueries(at)).toEqual([
      { id: 'T01', text: 'incendie Notre-Dame', kind: 'keyword', lang: 'fr' },
      { id: '3', text: 'U.S . POLICY TOWARD VIET NAM .', kind: null, lang: null },
    ]);
  });

  it('names the file, line and field of the first fault', () => {
    const bad = (lines: string[]) => thrown(() => readQueries(file('bad.jsonl', lines.join('\n'))));
    const at = path.join(dir, 'bad.jsonl');
    expect(bad(['{"id": "a", "query": "x"}', '{"id": "b", query}'])).toMatchObject({ code: 'JSON_INVALID', message: expect.stringMatching(new RegExp(`^${at}:2: invalid JSON`)) });
    expect(bad(['{"id": "a"}']).message).toBe(`${at}:1, field "query": is missing (give "query" or "text")`);
    expect(bad(['{"query": "x"}'])).toMatchObject({ code: 'FIELD_MISSING', message: `${at}:1, field "id": is missing` });
    expect(bad(['{"id": "a", "text": "  "}']).message).toBe(`${at}:1, field "text": is empty`);
    expect(bad(['{"id": "a", "text": "x"}', '{"id": "a", "text": "y"}']).message).toBe(`${at}:2, field "id": "a" is already given on line 1`);
    expect(bad(['{"id": "a", "text": "x", "kind": 3}']).message).toBe(`${at}:1, field "kind": expected text, got 3`);
    expect(bad(['["a", "x"]']).message).toBe(`${at}:1: a query must be a JSON object`);
    expect(bad(['', '  ']).message).toBe(`${at}: holds no query (expected one JSON object per line)`);
  });

  it('names a missing file', () => {
    const missing = path.join(dir, 'nowhere.jsonl');
    expect(thrown(() => readQueries(missing))).toMatchObject({ code: 'INPUT_UNREADABLE', message: `${missing}: no such file or directory` });
  });
});

describe('readQrels', () => {
  it('reads graded judgements, tabs or spaces, and counts them', () => {
    const at = file('qrels.txt', 'T01 0 orangesum-1 2\nT01\t0\torangesum-2\t0\n\nq3 Q0 time-326 1\nq3 0 time-326 1\n');
    const { qrels, judgements } = readQrels(at);
    expect(judgements).toBe(3);
    expect(qrels.get('T01')).toEqual(new Map([['orangesum-1', 2], ['orangesum-2', 0]]));
    expect(qrels.get('q3')).toEqual(new Map([['time-326', 1]]));
  });

  it('names the file and line of a malformed judgement', () => {
    const at = path.join(dir, 'bad-qrels.txt');
    const bad = (text: string) => thrown(() => readQrels(file('bad-qrels.txt', text)));
    expect(bad('q1 0 a 1\nq1 0 b\n')).toMatchObject({
      code: 'FIELD_INVALID', message: `${at}:2: expected "<query id> 0 <article id> <grade>" (4 columns, a whole-number grade), got "q1 0 b"`,
    });
    expect(bad('q1 0 a relevant').message).toMatch(new RegExp(`^${at}:1: expected`));
    expect(bad('q1 0 a 1.5').message).toMatch(new RegExp(`^${at}:1: expected`));
    expect(bad('q1 0 a 1\nq1 0 a 2').message).toBe(`${at}:2: q1 a is judged 1 on line 1 and 2 here`);
    expect(bad('\n').code).toBe('INPUT_UNSUPPORTED');
  });
});

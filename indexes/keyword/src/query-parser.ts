import { QuerySyntaxError } from '@archive/core';
import { analyzeTerms, isQueryStopword, queryLanguages, type QueryLanguage } from '@archive/text';

/** A word or an exact phrase of the query, as folded terms (a hyphenated word is a phrase). */
export interface QueryOperand {
  terms: string[];
  /** `immigr*`: the last term is a prefix. */
  prefix: boolean;
  /** As typed, without quotes or operators: what the semantic half reads. */
  text: string;
}

/** Syntax the query used, so callers can say what the semantic half could not use. */
export type QueryFeature = 'phrase' | 'exclusion' | 'prefix' | 'or' | 'and';

/**
 * A parsed user query. Loose words are OR-ed and ranked (an article with more of them, and
 * rarer ones, comes first); each `required` group must match (any of its operands: an explicit
 * `OR`, or one operand: a quoted phrase or an `AND` side); `excluded` must not match.
 */
export interface ParsedQuery {
  loose: QueryOperand[];
  required: QueryOperand[][];
  excluded: QueryOperand[];
  /** The languages the query is written in (see `queryLanguages`): whose stop words were dropped. */
  languages: QueryLanguage[];
  features: QueryFeature[];
  /** The query as plain words, without syntax or excluded words: what is embedded. */
  semanticText: string;
  /**
   * Neighbouring loose words as the phrase they were typed as, function words between included
   * ("maisons de retraite", "records de chaleur"): articles that have the phrase, not just its
   * words, are better keyword evidence (see `keywordEvidence`).
   */
  pairs: QueryOperand[];
}

interface Token {
  kind: 'operand' | 'or' | 'and';
  operand?: QueryOperand;
  quoted: boolean;
  negated: boolean;
  position: number;
}

const CLOSING: Record<string, string> = { '"': '"', '«': '»', '“': '”', '„': '“' };
const MIN_PREFIX = 2;
/** An all-capitals query longer than this is pasted text (old wire copy, a 1963 query), not operators. */
const CAPITALS_TEXT_WORDS = 6;

/**
 * Reads the query syntax journalists expect: `"exact phrase"`, `-word` and `-"phrase"`
 * (exclusion), `prefix*`, and upper-case `OR` / `AND` between words or phrases (OR binds
 * tighter: `Macron AND retraites OR pensions` needs Macron and one of the other two; in a long
 * all-capitals query they are words, as in `TROOPS IN SOUTH VIET NAM AND WEST GERMANY`). Words and
 * phrases are folded like indexed text; function words of the query's language are dropped
 * from the loose words unless nothing else is left. Throws `QuerySyntaxError` (code
 * `QUERY_INVALID`) naming the problem and its position.
 *
 * @example
 * parseQuery('"Notre-Dame de Paris" incendie -reconstruction')
 * // loose: [incendie], required: [[notre dame de paris]], excluded: [reconstruction]
 */
export function parseQuery(query: string): ParsedQuery {
  const tokens = tokenize(query);
  const loose: QueryOperand[] = [];
  const required: QueryOperand[][] = [];
  const excluded: QueryOperand[] = [];
  const features = new Set<QueryFeature>();
  // Loose single words in typed order, for `pairs`; null marks a break (syntax between them).
  const sequence: (QueryOperand | null)[] = [];
  let andNext = false;

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind !== 'operand') {
      if (i === 0) throw new QuerySyntaxError(`${token.kind.toUpperCase()} at character ${token.position + 1} needs a word or phrase before it`, token.position);
      throw new QuerySyntaxError(`${token.kind.toUpperCase()} at character ${token.position + 1} is doubled`, token.position);
    }
    // An OR chain: this operand and every one joined to it by OR.
    const chain = [token];
    while (tokens[i + 1]?.kind === 'or') {
      const next = tokens[i + 2];
      if (next?.kind !== 'operand') throw new QuerySyntaxError(`OR at character ${tokens[i + 1]!.position + 1} needs a word or phrase after it`, tokens[i + 1]!.position);
      chain.push(next);
      features.add('or');
      i += 2;
    }
    const negated = chain.find((member) => member.negated);
    if (negated && chain.length > 1) {
      throw new QuerySyntaxError(`an excluded word cannot be part of OR (character ${negated.position + 1})`, negated.position);
    }
    let andAfter = false;
    if (tokens[i + 1]?.kind === 'and') {
      if (tokens[i + 2]?.kind !== 'operand') throw new QuerySyntaxError(`AND at character ${tokens[i + 1]!.position + 1} needs a word or phrase after it`, tokens[i + 1]!.position);
      features.add('and');
      andAfter = true;
      i += 1;
    }
    const operands = chain.map((member) => member.operand!);
    for (const member of chain) {
      if (member.quoted) features.add('phrase');
      if (member.operand!.prefix) features.add('prefix');
    }
    if (token.negated) {
      features.add('exclusion');
      excluded.push(operands[0]!);
    } else if (chain.length > 1 || token.quoted || andNext || andAfter) required.push(operands);
    else loose.push(operands[0]!);
    const plainWord = !token.negated && chain.length === 1 && !token.quoted && !andNext && !andAfter && !token.operand!.prefix;
    sequence.push(plainWord ? token.operand! : null);
    andNext = andAfter;
  }

  if (loose.length + required.length === 0 && excluded.length > 0) {
    throw new QuerySyntaxError('the query only excludes words: add a word or phrase to search for', 0);
  }
  const positive = [...loose, ...required.flat()];
  const languages = queryLanguages(positive.flatMap((operand) => operand.terms), positive.map((operand) => operand.text).join(' '));
  const isStopword = (operand: QueryOperand) => operand.terms.length === 1 && !operand.prefix && isQueryStopword(operand.terms[0]!, languages);
  const content = loose.filter((operand) => !isStopword(operand));
  // A query made only of function words ("the who") still searches for them.
  const kept = content.length > 0 || required.length > 0 ? content : loose;
  return {
    loose: dedupe(kept),
    required,
    excluded,
    languages,
    features: [...features],
    semanticText: positive.length ? tokens.filter((t) => t.kind === 'operand' && !t.negated).map((t) => t.operand!.text).join(' ') : '',
    pairs: typedPairs(sequence, isStopword),
  };
}

/** Most function words between two words of a pair ("maisons de la retraite"). */
const MAX_LINKS = 2;

/** Each content word with the next one, as typed, with the function words between them. */
function typedPairs(sequence: (QueryOperand | null)[], isStopword: (operand: QueryOperand) => boolean): QueryOperand[] {
  const pairs: QueryOperand[] = [];
  sequence.forEach((first, i) => {
    if (!first || isStopword(first)) return;
    const between: QueryOperand[] = [];
    for (let j = i + 1; j < sequence.length && between.length <= MAX_LINKS; j++) {
      const next = sequence[j];
      if (!next) return;
      if (!isStopword(next)) {
        const parts = [first, ...between, next];
        pairs.push({ terms: parts.flatMap((part) => part.terms), prefix: false, text: parts.map((part) => part.text).join(' ') });
        return;
      }
      between.push(next);
    }
  });
  return dedupe(pairs);
}

/** Splits the query into operands and operators, with their character positions. */
function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  const capitalsText = !/\p{Ll}/u.test(query) && query.trim().split(/\s+/).length > CAPITALS_TEXT_WORDS;
  let i = 0;
  while (i < query.length) {
    if (/\s/u.test(query[i]!)) {
      i++;
      continue;
    }
    const position = i;
    const negated = query[i] === '-' && i + 1 < query.length && !/\s/u.test(query[i + 1]!);
    if (negated) i++;
    const closing = CLOSING[query[i]!];
    if (closing) {
      const end = query.indexOf(closing, i + 1);
      if (end < 0) throw new QuerySyntaxError(`unclosed quote at character ${i + 1}: end the phrase with ${closing}`, i);
      const text = query.slice(i + 1, end);
      const terms = analyzeTerms(text);
      if (terms.length === 0) throw new QuerySyntaxError(`empty phrase at character ${i + 1}`, i);
      const prefix = query[end + 1] === '*';
      tokens.push({ kind: 'operand', operand: { terms, prefix, text }, quoted: true, negated, position });
      i = end + (prefix ? 2 : 1);
      continue;
    }
    let end = i;
    while (end < query.length && !/\s/u.test(query[end]!) && !CLOSING[query[end]!]) end++;
    const word = query.slice(i, end);
    i = end;
    if (!negated && !capitalsText && (word === 'OR' || word === 'AND')) {
      tokens.push({ kind: word === 'OR' ? 'or' : 'and', quoted: false, negated: false, position });
      continue;
    }
    const star = word.indexOf('*');
    if (star >= 0 && star !== word.length - 1) {
      throw new QuerySyntaxError(`"*" at character ${position + star + 1} must end a word (prefix search: immigr*)`, position + star);
    }
    const prefix = star === word.length - 1;
    const text = prefix ? word.slice(0, -1) : word;
    const terms = analyzeTerms(text);
    if (terms.length === 0) {
      if (negated || prefix) throw new QuerySyntaxError(`"${word}" at character ${position + 1} has no word to ${negated ? 'exclude' : 'complete'}`, position);
      continue; // punctuation alone
    }
    if (prefix && terms.at(-1)!.length < MIN_PREFIX) {
      throw new QuerySyntaxError(`prefix "${word}" at character ${position + 1} is too short: give at least ${MIN_PREFIX} letters`, position);
    }
    tokens.push({ kind: 'operand', operand: { terms, prefix, text }, quoted: false, negated, position });
  }
  const last = tokens.at(-1);
  if (last && last.kind !== 'operand') {
    throw new QuerySyntaxError(`${last.kind.toUpperCase()} at character ${last.position + 1} needs a word or phrase after it`, last.position);
  }
  return tokens;
}

function dedupe(operands: QueryOperand[]): QueryOperand[] {
  const seen = new Set<string>();
  return operands.filter((operand) => {
    const key = `${operand.terms.join(' ')}${operand.prefix ? '*' : ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Every folded term the query looks for (loose words and required ones), for highlighting. */
export function queryTerms(parsed: ParsedQuery): string[] {
  return [...new Set([...parsed.loose, ...parsed.required.flat()].flatMap((operand) => operand.terms))];
}

/** Whether the query asks for anything (a blank or punctuation-only query does not). */
export function hasSearchTerms(parsed: ParsedQuery): boolean {
  return parsed.loose.length + parsed.required.length > 0;
}

/**
 * Operands as a query of this syntax that matches any of them: `"notre dame" OR "immigr"*`.
 * For asking the keyword index which articles have a given word or phrase.
 */
export function anyOperandQuery(operands: QueryOperand[]): string {
  return operands.map((operand) => `"${operand.terms.join(' ')}"${operand.prefix ? '*' : ''}`).join(' OR ');
}

/** An operand as an FTS5 phrase: `"notre dame"`, `"immigr" *`. */
export const ftsOperand = (operand: QueryOperand) => `"${operand.terms.join(' ')}"${operand.prefix ? ' *' : ''}`;
const ftsAny = (operands: QueryOperand[]) => (operands.length === 1 ? ftsOperand(operands[0]!) : `(${operands.map(ftsOperand).join(' OR ')})`);

/**
 * FTS5 expression: every required group, at least one loose word (ranked by BM25 over them
 * all), none of the excluded. Null when the query has nothing to look for.
 *
 * @example
 * toFtsExpression(parseQuery('retraites -"Le Pen" Macron OR Philippe'))
 * // '("macron" OR "philippe") AND ("retraites") NOT "le pen"'
 */
export function toFtsExpression(parsed: ParsedQuery): string | null {
  const parts = parsed.required.map(ftsAny);
  if (parsed.loose.length) parts.push(`(${parsed.loose.map(ftsOperand).join(' OR ')})`);
  if (parts.length === 0) return null;
  return [parts.join(' AND '), ...parsed.excluded.map(ftsOperand)].join(' NOT ');
}

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
export type QueryFeature = 'phrase' | 'exclusion' | 'prefix' | 'or' | 'and' | 'group';

/**
 * A parsed user query. Loose words are OR-ed and ranked (an article with more of them, and
 * rarer ones, comes first); each `required` group must match (any of its operands: an explicit
 * `OR`, or one operand: a quoted phrase or an `AND` side; parentheses expand to such groups);
 * `excluded` must not match.
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
  kind: 'operand' | 'or' | 'and' | 'not' | 'open' | 'close';
  /** An operator as typed (`OR`, `OU`…), for error messages. */
  word?: string;
  operand?: QueryOperand;
  quoted: boolean;
  negated: boolean;
  position: number;
}

const CLOSING: Record<string, string> = { '"': '"', '«': '»', '“': '”', '„': '“' };
const MIN_PREFIX = 2;
/** An all-capitals query longer than this is pasted text (old wire copy, a 1963 query), not operators. */
const CAPITALS_TEXT_WORDS = 6;
/** Most required groups a query's parentheses may expand to (`(a AND b) OR (c AND d)` is four). */
const MAX_GROUPS = 32;
/** Upper-case operator words, in English and as French archives spell them (Europresse: ET, OU, SAUF). */
const OPERATORS = new Map<string, 'and' | 'or' | 'not'>([['AND', 'and'], ['OR', 'or'], ['NOT', 'not'], ['ET', 'and'], ['OU', 'or'], ['SAUF', 'not']]);
/** An operator word, which makes parentheses grouping (else they are punctuation, as in a pasted headline). */
const OPERATOR_WORD = new RegExp(`(?:^|[\\s()])(?:${[...OPERATORS.keys()].join('|')})(?=$|[\\s()])`, 'u');

/**
 * Reads the query syntax journalists expect: `"exact phrase"`, `-word` and `-"phrase"`
 * (exclusion, also `NOT word`), `prefix*`, upper-case `OR` / `AND` between words or phrases (OR
 * binds tighter: `Macron AND retraites OR pensions` needs Macron and one of the other two; in
 * French `OU`, `ET` and `SAUF` for `NOT`, as French press archives spell them), and
 * parentheses to group them when the query has an operator: `(grève AND SNCF) OR cheminots`.
 * In a long all-capitals query operators are words, as in `TROOPS IN SOUTH VIET NAM AND WEST
 * GERMANY`; without an operator, parentheses are punctuation (a pasted headline's aside).
 * Words and phrases are folded like indexed text; function words of the query's language are
 * dropped from the loose words unless nothing else is left. Throws `QuerySyntaxError` (code
 * `QUERY_INVALID`) naming the problem and its position.
 *
 * @example
 * parseQuery('"Notre-Dame de Paris" incendie -reconstruction')
 * // loose: [incendie], required: [[notre dame de paris]], excluded: [reconstruction]
 * parseQuery('(grève AND SNCF) OR cheminots')
 * // required: [[greve, cheminots], [sncf, cheminots]]
 */
export function parseQuery(query: string): ParsedQuery {
  const tokens = tokenize(query);
  const features = new Set<QueryFeature>();
  const stream = { tokens, at: 0 };
  const { loose, required, excluded, sequence, positives } = parseLevel(stream, features, null);

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
    semanticText: positives.join(' '),
    pairs: typedPairs(sequence, isStopword),
  };
}

/** The tokens being read, and where. */
interface TokenStream {
  tokens: Token[];
  at: number;
}

/** What one level of the query (the whole query, or inside parentheses) asks for. */
interface Level {
  loose: QueryOperand[];
  required: QueryOperand[][];
  excluded: QueryOperand[];
  /** Loose single words in typed order, for `pairs`; null marks a break (syntax between them). */
  sequence: (QueryOperand | null)[];
  /** Texts of the operands looked for, in typed order: what the semantic half reads. */
  positives: string[];
}

/** A word or phrase, or a parenthesised group as the required groups it stands for, maybe negated. */
interface Unit {
  token: Token;
  negated: boolean;
  /** A group's required groups (its loose words are one of them) and what it excludes. */
  group?: { required: QueryOperand[][]; excluded: QueryOperand[] };
  positives: string[];
}

const startsUnit = (token: Token | undefined) => token?.kind === 'operand' || token?.kind === 'open' || token?.kind === 'not';

/**
 * Reads operands and groups up to the end, or up to the `)` of the group opened by `open`:
 * OR chains them, AND makes both sides required, a lone plain word is loose.
 */
function parseLevel(stream: TokenStream, features: Set<QueryFeature>, open: Token | null): Level {
  const level: Level = { loose: [], required: [], excluded: [], sequence: [], positives: [] };
  let andNext = false;
  const first = stream.at;
  while (stream.at < stream.tokens.length) {
    const token = stream.tokens[stream.at]!;
    if (token.kind === 'close') {
      if (!open) throw new QuerySyntaxError(`")" at character ${token.position + 1} closes no "("`, token.position);
      return level;
    }
    if (!startsUnit(token)) {
      const where = `${token.word} at character ${token.position + 1}`;
      if (stream.at === first) throw new QuerySyntaxError(`${where} needs a word or phrase before it`, token.position);
      throw new QuerySyntaxError(`${where} is doubled`, token.position);
    }
    // An OR chain: this unit and every one joined to it by OR.
    const chain = [readUnit(stream, features)];
    while (stream.tokens[stream.at]?.kind === 'or') {
      const or = stream.tokens[stream.at]!;
      if (!startsUnit(stream.tokens[stream.at + 1])) throw new QuerySyntaxError(`${or.word} at character ${or.position + 1} needs a word or phrase after it`, or.position);
      stream.at++;
      chain.push(readUnit(stream, features));
      features.add('or');
    }
    const negated = chain.find((unit) => unit.negated);
    if (negated && chain.length > 1) {
      throw new QuerySyntaxError(`an excluded word cannot be part of OR (character ${negated.token.position + 1})`, negated.token.position);
    }
    let andAfter = false;
    const and = stream.tokens[stream.at];
    if (and?.kind === 'and') {
      if (!startsUnit(stream.tokens[stream.at + 1])) throw new QuerySyntaxError(`${and.word} at character ${and.position + 1} needs a word or phrase after it`, and.position);
      features.add('and');
      andAfter = true;
      stream.at++;
    }
    const unit = chain[0]!;
    const operand = unit.token.operand;
    const alone = chain.length === 1 && operand !== undefined && !unit.token.quoted && !andNext && !andAfter;
    if (unit.negated) {
      features.add('exclusion');
      level.excluded.push(...excludedBy(unit));
    } else if (alone) {
      level.loose.push(operand);
    } else {
      level.required.push(...anyOf(chain));
      const inner = chain.flatMap((member) => member.group?.excluded ?? []);
      if (inner.length && chain.length > 1) {
        throw new QuerySyntaxError(`a group joined by OR cannot exclude words (character ${unit.token.position + 1}): exclude them outside it`, unit.token.position);
      }
      level.excluded.push(...inner);
    }
    if (!unit.negated) level.positives.push(...chain.flatMap((member) => member.positives));
    level.sequence.push(!unit.negated && alone && !operand.prefix ? operand : null);
    andNext = andAfter;
  }
  if (open) throw new QuerySyntaxError(`unclosed "(" at character ${open.position + 1}: end the group with ")"`, open.position);
  return level;
}

/** One operand, `NOT` and what it negates, or a parenthesised group. */
function readUnit(stream: TokenStream, features: Set<QueryFeature>): Unit {
  let token = stream.tokens[stream.at++]!;
  let negated = token.negated;
  if (token.kind === 'not') {
    const next = stream.tokens[stream.at];
    if (next?.kind !== 'operand' && next?.kind !== 'open') throw new QuerySyntaxError(`${token.word} at character ${token.position + 1} needs a word, phrase or group after it`, token.position);
    negated = true;
    token = stream.tokens[stream.at++]!;
  }
  if (token.kind === 'operand') {
    if (token.quoted) features.add('phrase');
    if (token.operand!.prefix) features.add('prefix');
    return { token, negated, positives: [token.operand!.text] };
  }
  features.add('group');
  const inner = parseLevel(stream, features, token);
  stream.at++; // its ")"
  if (inner.loose.length + inner.required.length === 0) throw new QuerySyntaxError(`the group at character ${token.position + 1} has no word to look for`, token.position);
  const required = inner.loose.length ? [...inner.required, inner.loose] : inner.required;
  return { token, negated, group: { required, excluded: inner.excluded }, positives: inner.positives };
}

/** What a negated unit excludes: a word or phrase, or a group of alternatives (`-(a OR b)` excludes both). */
function excludedBy(unit: Unit): QueryOperand[] {
  if (!unit.group) return [unit.token.operand!];
  const [alternatives, ...more] = unit.group.required;
  if (more.length || unit.group.excluded.length) {
    throw new QuerySyntaxError(`an excluded group can only join words with OR (character ${unit.token.position + 1})`, unit.token.position);
  }
  return alternatives!;
}

/**
 * The required groups an OR chain stands for: one group of its operands, or, with parenthesised
 * groups in it, their conjunctive form (`(a AND b) OR c` is `(a OR c) AND (b OR c)`).
 */
function anyOf(chain: Unit[]): QueryOperand[][] {
  let groups: QueryOperand[][] = [[]];
  for (const unit of chain) {
    const own = unit.group?.required ?? [[unit.token.operand!]];
    if (groups.length * own.length > MAX_GROUPS) {
      throw new QuerySyntaxError(`the parentheses at character ${chain[0]!.token.position + 1} expand to more than ${MAX_GROUPS} required groups: simplify the query`, chain[0]!.token.position);
    }
    groups = groups.flatMap((group) => own.map((alternatives) => dedupe([...group, ...alternatives])));
  }
  return groups;
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
  // An operator inside a phrase ("rock AND roll") is a word, and does not make parentheses group.
  const grouping = !capitalsText && OPERATOR_WORD.test(query.replace(/["«“„][^"»”“]*["»”“]/gu, ' '));
  const isParenthesis = (char: string | undefined) => grouping && (char === '(' || char === ')');
  let i = 0;
  while (i < query.length) {
    if (/\s/u.test(query[i]!)) {
      i++;
      continue;
    }
    const position = i;
    const negated = query[i] === '-' && i + 1 < query.length && !/\s/u.test(query[i + 1]!);
    if (negated) i++;
    if (isParenthesis(query[i])) {
      if (negated && query[i] === ')') throw new QuerySyntaxError(`"-" at character ${position + 1} has no word to exclude`, position);
      tokens.push({ kind: query[i] === '(' ? 'open' : 'close', quoted: false, negated, position });
      i++;
      continue;
    }
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
    while (end < query.length && !/\s/u.test(query[end]!) && !CLOSING[query[end]!] && !isParenthesis(query[end])) end++;
    const word = query.slice(i, end);
    i = end;
    const operator = !negated && !capitalsText ? OPERATORS.get(word) : undefined;
    if (operator) {
      tokens.push({ kind: operator, word, quoted: false, negated: false, position });
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
  if (last && (last.kind === 'or' || last.kind === 'and' || last.kind === 'not')) {
    throw new QuerySyntaxError(`${last.word} at character ${last.position + 1} needs a word or phrase after it`, last.position);
  }
  return tokens;
}

/** One key per operand meaning: its folded terms, and whether the last is a prefix. */
export const operandKey = (operand: QueryOperand) => `${operand.terms.join(' ')}${operand.prefix ? '*' : ''}`;

function dedupe(operands: QueryOperand[]): QueryOperand[] {
  const seen = new Set<string>();
  return operands.filter((operand) => {
    const key = operandKey(operand);
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

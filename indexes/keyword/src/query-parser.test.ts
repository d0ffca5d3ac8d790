import { describe, expect, it } from 'vitest';
import { QuerySyntaxError } from '@archive/core';
import { parseQuery, queryTerms, toFtsExpression } from './query-parser.ts';
import { textQueries } from './meilisearch-query.ts';

const terms = (operands: { terms: string[] }[]) => operands.map((operand) => operand.terms.join(' '));

describe('parseQuery', () => {
  it('drops English function words from an English query, French ones from a French query', () => {
    const english = parseQuery('masks shortage during the epidemic');
    expect(english.languages).toEqual(['en']);
    expect(terms(english.loose)).toEqual(['masks', 'shortage', 'epidemic']);
    const french = parseQuery('la pénurie de masques pendant l’épidémie');
    expect(french.languages).toEqual(['fr']);
    expect(terms(french.loose)).toEqual(['penurie', 'masques', 'epidemie']);
  });

  it('keeps a word that is a function word only in the other language when the language is unsure', () => {
    expect(terms(parseQuery('car bomb').loose)).toEqual(['car', 'bomb']);
    expect(terms(parseQuery('the car').loose)).toEqual(['car']);
  });

  it('keeps function words when nothing else is left, and inside phrases', () => {
    expect(terms(parseQuery('the who').loose)).toEqual(['the', 'who']);
    expect(terms(parseQuery('"Le Pen" de').required.flat())).toEqual(['le pen']);
  });

  it('reads phrases, exclusions, prefixes, OR and AND, with OR binding tighter', () => {
    const parsed = parseQuery('"Notre-Dame de Paris" incendie -reconstruction -"toit en plomb" immigr* Macron AND retraites OR pensions');
    expect(terms(parsed.loose)).toEqual(['incendie', 'immigr']);
    expect(parsed.loose.find((operand) => operand.prefix)?.terms).toEqual(['immigr']);
    expect(parsed.required.map(terms)).toEqual([['notre dame de paris'], ['macron'], ['retraites', 'pensions']]);
    expect(terms(parsed.excluded)).toEqual(['reconstruction', 'toit en plomb']);
    expect(parsed.features.sort()).toEqual(['and', 'exclusion', 'or', 'phrase', 'prefix']);
    expect(parsed.semanticText).toBe('Notre-Dame de Paris incendie immigr Macron retraites pensions');
  });

  it('treats a hyphenated word as a phrase and lower-case or/and as words', () => {
    expect(parseQuery('Jean-Luc Mélenchon').loose.map((operand) => operand.terms)).toEqual([['jean', 'luc'], ['melenchon']]);
    expect(parseQuery('rock and roll').features).toEqual([]);
    // Pasted all-capitals text: AND is a word (then a function word), not an operator.
    const pasted = parseQuery('NUMBER OF TROOPS STATIONED IN SOUTH VIET NAM AND IN WEST GERMANY .');
    expect(pasted.features).toEqual([]);
    expect(terms(pasted.loose)).toEqual(['number', 'troops', 'stationed', 'south', 'viet', 'nam', 'west', 'germany']);
    expect(parseQuery('NATO OR OTAN').features).toEqual(['or']);
  });

  it('groups with parentheses when the query has an operator, as the required groups they stand for', () => {
    const grouped = parseQuery('(grève AND SNCF) OR cheminots -RATP');
    expect(grouped.required.map(terms)).toEqual([['greve', 'cheminots'], ['sncf', 'cheminots']]);
    expect(terms(grouped.excluded)).toEqual(['ratp']);
    expect(grouped.features.sort()).toEqual(['and', 'exclusion', 'group', 'or']);
    expect(grouped.semanticText).toBe('grève SNCF cheminots');
    expect(parseQuery('Macron AND (retraites OR pensions)').required.map(terms)).toEqual([['macron'], ['retraites', 'pensions']]);
    // Plain words inside a group are its alternatives; a group alone is required.
    expect(parseQuery('(incendie feu) AND Rouen').required.map(terms)).toEqual([['incendie', 'feu'], ['rouen']]);
    const alone = parseQuery('usine (Lubrizol OR "Normandie Logistique")');
    expect(terms(alone.loose)).toEqual(['usine']);
    expect(alone.required.map(terms)).toEqual([['lubrizol', 'normandie logistique']]);
    // Without an operator, parentheses are a headline's punctuation.
    const headline = parseQuery('Retraites (suite) et fin');
    expect(headline.features).toEqual([]);
    expect(terms(headline.loose)).toEqual(['retraites', 'suite', 'fin']);
    // An operator inside a phrase is a word there.
    expect(parseQuery('"Rock AND Roll" (live)').features).toEqual(['phrase']);
  });

  it('reads the operators as French archives spell them: ET, OU, SAUF', () => {
    const french = parseQuery('(grève ET SNCF) OU cheminots SAUF RATP');
    const english = parseQuery('(grève AND SNCF) OR cheminots NOT RATP');
    expect(french.required).toEqual(english.required);
    expect(french.excluded).toEqual(english.excluded);
    // Lower-case, they are words ("et" a function word); any other word stays a word.
    expect(parseQuery('grève et SNCF ou constructor').features).toEqual([]);
  });

  it('excludes with NOT, a word, a phrase or a group of alternatives', () => {
    const parsed = parseQuery('incendie NOT "Notre-Dame" AND NOT (Rouen OR Lubrizol)');
    expect(terms(parsed.loose)).toEqual(['incendie']);
    expect(terms(parsed.excluded)).toEqual(['notre dame', 'rouen', 'lubrizol']);
    expect(parsed.semanticText).toBe('incendie');
    expect(terms(parseQuery('-(Macron OR Philippe) retraites').excluded)).toEqual(['macron', 'philippe']);
    // In pasted all-capitals text NOT is a word.
    expect(parseQuery('THE SENATE DID NOT VOTE ON THE TEST BAN TREATY').features).toEqual([]);
  });

  it.each([
    ['"incendie de Notre-Dame', /unclosed quote at character 1/],
    ['(grève AND SNCF', /unclosed "\(" at character 1/],
    ['grève) OR SNCF', /"\)" at character 6 closes no "\("/],
    ['() OR grève', /group at character 1 has no word/],
    ['-(Macron AND Philippe) retraites', /excluded group can only join words with OR/],
    ['(grève -RATP) OR SNCF', /group joined by OR cannot exclude words/],
    ['grève NOT', /NOT at character 7 needs a word/],
    ['grève OU', /OU at character 7 needs a word/],
    ['(a1 AND b1 AND c1 AND d1 AND e1 AND f1) OR (a2 AND b2 AND c2 AND d2 AND e2 AND f2)', /more than 32 required groups/],
    ['OR incendie', /OR at character 1 needs a word or phrase before it/],
    ['incendie OR', /OR at character 10 needs a word or phrase after it/],
    ['incendie OR OR feu', /OR at character 10 needs a word or phrase after it/],
    ['incendie AND', /AND at character 10 needs a word/],
    ['-incendie', /only excludes words/],
    ['feu OR -incendie', /excluded word cannot be part of OR/],
    ['im*mig', /must end a word/],
    ['i*', /too short/],
    ['""', /empty phrase/],
  ])('refuses %s with a message naming the problem', (query, message) => {
    expect(() => parseQuery(query)).toThrow(QuerySyntaxError);
    expect(() => parseQuery(query)).toThrow(message);
  });


  it('pairs neighbouring words as typed, function words between included', () => {
    expect(terms(parseQuery('maisons de retraite touchées par le coronavirus').pairs)).toEqual([
      'maisons de retraite', 'retraite touchees', 'touchees par le coronavirus',
    ]);
    expect(terms(parseQuery('"Le Pen" retraites -macron pensions').pairs)).toEqual([]);
  });
});

describe('toFtsExpression', () => {
  it('requires each group, any loose word, and none of the excluded', () => {
    expect(toFtsExpression(parseQuery('retraites -"Le Pen" Macron OR Philippe'))).toBe('("macron" OR "philippe") AND ("retraites") NOT "le pen"');
    expect(toFtsExpression(parseQuery('immigr* france'))).toBe('("immigr" * OR "france")');
    expect(toFtsExpression(parseQuery('   '))).toBeNull();
  });

  it('highlights what the query looks for, not what it excludes', () => {
    expect(queryTerms(parseQuery('incendie -reconstruction "Notre Dame"'))).toEqual(['incendie', 'notre', 'dame']);
  });
});

describe('textQueries (Meilisearch)', () => {
  it('sends one query per OR alternative, exclusions negated, the prefix word last', () => {
    expect(textQueries('Macron OR Philippe -"Le Pen" retraite*').map((query) => query.q)).toEqual([
      '-"le pen" "macron" retraite',
      '-"le pen" "philippe" retraite',
    ]);
    // Without a prefix, every query ends with a space: its last word is whole.
    expect(textQueries('incendie cathédrale').map((query) => query.q)).toEqual(['incendie cathedrale ', 'cathedrale ']);
  });

  it('sends one query per way to match a grouped query, not one per combination of its groups', () => {
    // Six required groups of two operands: 64 combinations, two ways to match.
    expect(textQueries('(grève AND SNCF AND RATP) OR (cheminots AND retraites)').map((query) => query.q)).toEqual([
      '"greve" "sncf" "ratp" ',
      '"cheminots" "retraites" ',
    ]);
    // Five groups of two alternatives each: 32 ways to match, each one Meilisearch query.
    expect(() => textQueries('(a1 OR a2) AND (b1 OR b2) AND (c1 OR c2) AND (d1 OR d2) AND (e1 OR e2)')).toThrow(/too many OR alternatives/);
  });
});

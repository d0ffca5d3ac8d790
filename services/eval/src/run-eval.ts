import { ArchiveError } from '@archive/core';
import type { SearchMode } from '@archive/search';
import type { EvalQuery, Qrels } from './judgements.ts';
import { firstRelevantRank, ndcgAt, recallAt, reciprocalRankAt } from './metrics.ts';
import { checkParameters, rankedIds, type ApiParameter, type Ranking, type SearchFunction } from './search-requests.ts';

/** Error codes of a query the API refuses with a 400 (see services/api errors): the query, not the system, is at fault. */
const REFUSALS = new Set<string>(['BAD_REQUEST', 'QUERY_INVALID']);

/** The modes an evaluation can compare, in the order reports show them. */
export const EVAL_MODES: readonly SearchMode[] = ['keyword', 'semantic', 'hybrid'];

export interface EvalOptions {
  modes: readonly SearchMode[];
  /** Results fetched per query and mode (Recall@100 needs 100). */
  depth: number;
  /** API parameters added to every search, as the URL would carry them (filters and others). */
  parameters: readonly ApiParameter[];
}

export interface EvalDeps {
  search: SearchFunction;
  /** The ids among `ids` that the archive holds. */
  presentIds: (ids: string[]) => Set<string>;
  /** Clock for latencies, in milliseconds (default `performance.now`). */
  now?: () => number;
  /** Called after each scored query. */
  onProgress?: (done: number, total: number) => void;
}

/** Scores of one query in one mode. */
export interface ModeScores {
  ndcg10: number;
  mrr10: number;
  recall10: number;
  recall100: number;
  /** Rank of the first relevant article within the depth, or null. */
  firstRelevant: number | null;
  /** Time of the search call(s), ms. */
  latencyMs: number;
  /** The first ten ids returned, to see what was found instead. */
  top10: string[];
  /** Why the search refused the query (e.g. a syntax error), which then scores 0 like an empty list. */
  refused?: string;
  /** What the API said about how it read the query (e.g. operators that meaning search ignores). */
  notice?: string;
}

export interface QueryResult {
  id: string;
  kind: string | null;
  lang: string | null;
  query: string;
  /** Judgements on articles the archive holds. */
  judged: number;
  /** Relevant articles (grade ≥ 1) the archive holds. */
  relevant: number;
  /** Judgements ignored because their article is not in the archive. */
  absentJudgements: number;
  scores: Partial<Record<SearchMode, ModeScores>>;
}

export type SkipReason = 'no-judgement' | 'no-relevant-judgement' | 'relevant-absent';

export interface EvalRun {
  results: QueryResult[];
  skipped: { id: string; kind: string | null; reason: SkipReason }[];
  /** Query ids of the qrels that no query has (their judgements are not used). */
  unknownQueryIds: string[];
  /** Judgements on articles absent from the archive, over the scored queries. */
  absentJudgements: number;
  /**
   * Latency of the first search of each query (semantic when run, else hybrid), which embeds
   * the query; the timed runs after it find the query's vector in the model's memory, as the
   * API does for a repeated query, so that every mode is timed alike. The first query is left
   * out: the untimed warm-up has embedded it.
   */
  firstSearchMs: number[];
  /** Distinct notices the API gave, by mode (also on each query's scores). */
  notices: Partial<Record<SearchMode, string[]>>;
  /** Searches the API answered with a client error (400): the query as typed cannot be run. */
  refused: { id: string; mode: SearchMode; message: string }[];
}

/** A query to score, with its judgements on the articles the archive holds. */
interface JudgedQuery {
  query: EvalQuery;
  judged: Map<string, number>;
  /** Judgements left out because their article is absent. */
  absent: number;
}

/**
 * The queries that can be scored: judged, with at least one relevant article in the archive.
 * The others go to `skipped` with the reason.
 */
function judgedQueries(queries: readonly EvalQuery[], qrels: Qrels, presentIds: EvalDeps['presentIds'], skipped: EvalRun['skipped']): JudgedQuery[] {
  const scored: JudgedQuery[] = [];
  const skip = (query: EvalQuery, reason: SkipReason) => skipped.push({ id: query.id, kind: query.kind, reason });
  for (const query of queries) {
    const all = qrels.get(query.id);
    if (!all?.size) {
      skip(query, 'no-judgement');
      continue;
    }
    if (![...all.values()].some((grade) => grade > 0)) {
      skip(query, 'no-relevant-judgement');
      continue;
    }
    const present = presentIds([...all.keys()]);
    const judged = new Map([...all].filter(([id]) => present.has(id)));
    if (![...judged.values()].some((grade) => grade > 0)) {
      skip(query, 'relevant-absent');
      continue;
    }
    scored.push({ query, judged, absent: all.size - judged.size });
  }
  return scored;
}

/**
 * Runs every judged query through the search, in each mode, and scores the rankings: nDCG@10
 * (graded), MRR@10, Recall@10 and Recall@100 against the judgements on articles present in the
 * archive. Queries without judgements, or whose relevant articles are all absent from the
 * archive, are skipped and listed. A query the API refuses (bad syntax, too long) scores 0 in
 * that mode and is listed, as its user would get an error instead of results. Throws when a mode cannot run as asked (e.g. hybrid falling
 * back to keyword without the model), so a report never shows one mode under another's name.
 *
 * @example
 * const run = await runEval(queries, qrels, { modes: ['keyword', 'hybrid'], depth: 100, parameters: [['lang', 'fr']] },
 *   { search: (request) => service.search(request), presentIds: (ids) => new Set(store.contentHashes(ids).keys()) });
 */
export async function runEval(queries: readonly EvalQuery[], qrels: Qrels, options: EvalOptions, deps: EvalDeps): Promise<EvalRun> {
  checkParameters(options.parameters);
  const now = deps.now ?? (() => performance.now());
  const known = new Set(queries.map((query) => query.id));
  const run: EvalRun = {
    results: [], skipped: [], unknownQueryIds: [...qrels.keys()].filter((id) => !known.has(id)), absentJudgements: 0, firstSearchMs: [], notices: {}, refused: [],
  };

  const scored = judgedQueries(queries, qrels, deps.presentIds, run.skipped);

  const embeddingMode = options.modes.find((mode) => mode === 'semantic') ?? options.modes.find((mode) => mode === 'hybrid');
  const search = async (query: EvalQuery, mode: SearchMode, depth: number): Promise<Ranking & { refused?: string }> => {
    let ranking: Ranking;
    try {
      ranking = await rankedIds(deps.search, query.text, mode, depth, options.parameters, now);
    } catch (error) {
      // A query the API answers with a 400 (bad syntax, too long) gives its user nothing: measured as such.
      if (error instanceof ArchiveError && REFUSALS.has(error.code)) return { ids: [], ms: Number.NaN, mode, notice: null, semanticOff: false, refused: error.message };
      throw error;
    }
    // A semanticRatio of 0 or 1 runs hybrid as one half, as asked; a missing model is another matter.
    if (ranking.semanticOff) {
      throw new ArchiveError('MODEL_UNAVAILABLE', `${mode} search ran as ${ranking.mode}${ranking.notice ? ` (${ranking.notice})` : ''}: evaluate with --modes keyword, or make the model available`);
    }
    if (ranking.notice) {
      const notices = (run.notices[mode] ??= []);
      if (!notices.includes(ranking.notice)) notices.push(ranking.notice);
    }
    return ranking;
  };

  // The first searches of a process load pages, caches and compiled code: not timed.
  if (scored[0]) for (const mode of options.modes) await search(scored[0].query, mode, options.depth);

  for (const [index, { query, judged, absent }] of scored.entries()) {
    if (embeddingMode) {
      const first = await search(query, embeddingMode, 1);
      // The warm-up above already embedded the first query.
      if (index > 0 && !first.refused) run.firstSearchMs.push(first.ms);
    }
    const grades = [...judged.values()];
    const relevant = grades.filter((grade) => grade > 0).length;
    const result: QueryResult = { id: query.id, kind: query.kind, lang: query.lang, query: query.text, judged: judged.size, relevant, absentJudgements: absent, scores: {} };
    for (const mode of options.modes) {
      const ranking = await search(query, mode, options.depth);
      if (ranking.refused) run.refused.push({ id: query.id, mode, message: ranking.refused });
      const ranked = ranking.ids.map((id) => judged.get(id) ?? 0);
      result.scores[mode] = {
        ndcg10: ndcgAt(ranked, grades, 10),
        mrr10: reciprocalRankAt(ranked, 10),
        recall10: recallAt(ranked, relevant, 10),
        recall100: recallAt(ranked, relevant, 100),
        firstRelevant: firstRelevantRank(ranked, ranked.length),
        latencyMs: ranking.ms,
        top10: ranking.ids.slice(0, 10),
        ...(ranking.refused && { refused: ranking.refused }),
        ...(ranking.notice && { notice: ranking.notice }),
      };
    }
    run.absentJudgements += absent;
    run.results.push(result);
    deps.onProgress?.(run.results.length, scored.length);
  }
  return run;
}

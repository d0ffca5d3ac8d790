#!/usr/bin/env bash
# Regenerates docs/evaluation/*: builds one archive per shared set under WORK (default
# /tmp/archive-eval; ingest is resumable and nothing is embedded twice), then runs `archive eval`
# on each, with the previous hybrid beside the default one as the baseline: reciprocal rank
# fusion, equal weights, no feedback pass, articles by their best passage.
#
#   bash bench/run-evaluation.sh [WORK]
#
# First run on a cold embedding cache: about 60 minutes (15,000 OrangeSum articles embed in ~50).
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${1:-/tmp/archive-eval}
DATA=../shared/data
OUT=docs/evaluation
mkdir -p "$WORK" "$OUT"
archive() { npm run -s archive -- --log-level warn "$@"; }

archive --data-dir "$WORK/orangesum" ingest "$DATA/orangesum-fr/articles.jsonl.gz"
archive --data-dir "$WORK/time" ingest "$DATA/time-1963-en/corpus.jsonl.gz"
npx tsx bench/prepare-time-eval.ts --out "$WORK/time-set"
npx tsx bench/prepare-wmt-eval.ts --out "$WORK/wmt-set"
archive --data-dir "$WORK/wmt" ingest "$WORK/wmt-set/articles.jsonl"

# name, data dir, queries, qrels, extra eval arguments
run() {
  local name=$1 dir=$2 queries=$3 qrels=$4; shift 4
  archive --data-dir "$WORK/$dir" eval --name "$name" --queries "$queries" --qrels "$qrels" --report-dir "$OUT" "$@"
  ARCHIVE_FUSION=rrf ARCHIVE_SEMANTIC_RATIO=0.5 ARCHIVE_FEEDBACK_ARTICLES=0 ARCHIVE_LEAD_PASSAGE_WEIGHT=0 \
    archive --data-dir "$WORK/$dir" eval --name "$name-rrf-baseline" --modes hybrid \
    --queries "$queries" --qrels "$qrels" --report-dir "$OUT/baselines" "$@"
}
run orangesum-fr-topics orangesum "$DATA/orangesum-fr-topics/topics.jsonl" "$DATA/orangesum-fr-topics/qrels.txt"
run time-1963-en time "$DATA/time-1963-en/queries.jsonl" "$DATA/time-1963-en/qrels.txt"
run time-1963-en-by-position time "$DATA/time-1963-en/queries.jsonl" "$WORK/time-set/qrels-by-position.txt"
run wmt-en-to-fr wmt "$WORK/wmt-set/queries-en.jsonl" "$WORK/wmt-set/qrels-en-fr.txt" --filter lang=fr
run wmt-fr-to-en wmt "$WORK/wmt-set/queries-fr.jsonl" "$WORK/wmt-set/qrels-fr-en.txt" --filter lang=en

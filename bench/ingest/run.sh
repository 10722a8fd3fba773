#!/usr/bin/env bash
# Answer ingest benchmark: POST /api/audience/CODE/answers over HTTP on loopback, SQLite (WAL).
# Publishes the app in Release to a temporary directory, migrates a fresh database, creates an
# administrator and starts `serve` on a free 127.0.0.1 port. bench/lib/Setup.cs (a C# file-based
# app) then does over HTTP what people do: the administrator signs in, adds a film, plans a
# screening, opens joining and the pre-survey; PHONES phones join with the code (one cookie each).
# Phases (PHASES, default "load resend kill9"):
#   load    wrk, CONNECTIONS connections: every request a new answer set (9 answers: the whole
#           pre-survey) for one of the phones, in turn. Uncounted warm-up in 5 s slices until the
#           JIT has tiered up (the server's CPU time per answer set stops falling by 5 %; at least WARMUP s,
#           at most WARMUP_MAX s), then RUNS runs;
#           after each, the database must hold exactly the answer sets acknowledged as stored
#           (rows of that run, not counting the ones whose request was cut off by the end of the
#           run), each with all 9 answers. Prints answer-sets/s, p50/p99 latency, errors.
#   resend  every RESEND_EVERY-th request resends an answer set already acknowledged: each must be
#           answered 200 "stored": false, and the database must hold each id once.
#   kill9   ROUNDS times: load, `kill -9` of the server at a random moment, restart on the same
#           data directory; every id acknowledged with 200 before the kill must be in
#           SurveyResponses ("acknowledged N, found N after kill -9"; exit 1 on any loss).
# The machinery is shared with bench/votes: bench/lib/audience-bench.sh, acks.lua, Setup.cs.
# Usage: bash bench/ingest/run.sh        (bash bench/ingest/kill9.sh runs only the kill9 phase)
#   DURATION=20 (s per counted run)  RUNS=3  WARMUP=60 WARMUP_MAX=120 (s)  CONNECTIONS=200  THREADS=2 (wrk)
#   PHONES=256  RESEND_EVERY=5  ROUNDS=3 (kill -9 rounds)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)

NAME=ingest
SCRIPT=$HERE/answers.lua
ITEM="answer set" ITEMS="answer sets" ITEM_SHORT=set PER_REQUEST=1
GOAL_RATE=5000
GOAL_P99_MS=100
ANSWERS_PER_SET=9
TABLE=SurveyResponses
COMPLETE="Phase = 1 AND (SELECT count(*) FROM json_each(Answers)) = $ANSWERS_PER_SET"
COMPLETE_WHAT="a pre-survey set with all $ANSWERS_PER_SET answers"
SETUP_ARGS=()
SETUP_WHAT="the pre-survey"

workload_env() {
    export BENCH_VERSION
    BENCH_VERSION=$(< "$WORK/setup/version")
}

workload_send() { # ID: one answer set with this id, by curl; prints the answer and the status
    curl -sS -X POST "$URL/api/audience/$BENCH_CODE/answers" -H 'Content-Type: application/json' \
        -H "Cookie: kd-p-$BENCH_CODE=$(head -n 1 "$BENCH_TOKENS")" \
        -d "{\"id\":\"$1\",\"phase\":\"pre\",\"questionnaireVersion\":\"$BENCH_VERSION\",\"answers\":{\"trust\":\"3\"}}" \
        -w ' %{http_code}'
}

# shellcheck source=../lib/audience-bench.sh
source "$HERE/../lib/audience-bench.sh"
check_knobs
bench_main

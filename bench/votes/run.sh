#!/usr/bin/env bash
# Vote ingest benchmark: POST /api/audience/CODE/votes over HTTP on loopback, SQLite (WAL).
# Publishes the app in Release to a temporary directory, migrates a fresh database, creates an
# administrator and starts `serve` on a free 127.0.0.1 port. bench/lib/Setup.cs (a C# file-based
# app) then does over HTTP what people do: the administrator signs in, adds a film, plans a
# screening, seeds STATEMENTS statements on the facilitator's dialogue page, opens joining and the
# dialogue in run mode; PHONES phones join with the code (one cookie each).
# Phases (PHASES, default "load resend kill9"):
#   load    wrk, CONNECTIONS connections: every request a phone's outbox of BATCH new votes (a JSON
#           array; BATCH=1: one vote object, as the phone's page sends it) on random seeded
#           statements, for one of the phones, in turn. Uncounted warm-up in 5 s slices until the
#           server's CPU time per vote stops falling by 5 % (at least WARMUP s, at most WARMUP_MAX s),
#           then RUNS runs; after each, the Votes table must hold exactly the votes acknowledged
#           as stored (rows of that run, not counting those of requests cut off by the end of the
#           run), each of this screening with a value of -1, 0 or 1. Prints votes/s, requests/s,
#           p50/p99 latency of a request (its votes are acknowledged together), server CPU per vote.
#   resend  every RESEND_EVERY-th request resends the latest request acknowledged as stored (same
#           votes, same phone): each of its votes must be answered "stored": false, and the
#           database must hold each vote once.
#   kill9   ROUNDS times: load, `kill -9` of the server at a random moment, restart on the same
#           data directory; every vote id acknowledged with 200 before the kill must be in Votes
#           ("acknowledged N, found N after kill -9"; exit 1 on any loss).
# The machinery is shared with bench/ingest: bench/lib/audience-bench.sh, acks.lua, Setup.cs.
# Usage: bash bench/votes/run.sh        (bash bench/votes/kill9.sh runs only the kill9 phase)
#   BATCH=10 (votes per request, 1..100)  IDS=time (vote ids like Guid.CreateVersion7(), as the phone's
#   page gets them; random: like crypto.randomUUID())  STATEMENTS=50  DURATION=20 (s per counted run)  RUNS=3
#   WARMUP=60 WARMUP_MAX=120 (s)  CONNECTIONS=200  THREADS=2 (wrk)  PHONES=256  RESEND_EVERY=5  ROUNDS=3
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)

BATCH=${BATCH:-10}
IDS=${IDS:-time}
STATEMENTS=${STATEMENTS:-50}

NAME=votes
SCRIPT=$HERE/votes.lua
ITEM=vote ITEMS=votes ITEM_SHORT=vote PER_REQUEST=$BATCH
GOAL_RATE=20000
GOAL_P99_MS=100
TABLE=Votes
SETUP_ARGS=("$STATEMENTS")
SETUP_WHAT="seed $STATEMENTS statements and open the dialogue"

workload_env() {
    export BENCH_STATEMENTS=$WORK/setup/statements BENCH_BATCH=$BATCH BENCH_IDS=$IDS
    [ "$(wc -l < "$BENCH_STATEMENTS")" = "$STATEMENTS" ] || die "setup wrote $(wc -l < "$BENCH_STATEMENTS") statements, expected $STATEMENTS"
    COMPLETE="ScreeningId = upper('$SCREENING') AND Value IN (-1, 0, 1)"
    COMPLETE_WHAT="a vote of this screening with a value of -1, 0 or 1"
}

workload_send() { # ID: one vote with this id, by curl; prints the answer and the status
    curl -sS -X POST "$URL/api/audience/$BENCH_CODE/votes" -H 'Content-Type: application/json' \
        -H "Cookie: kd-p-$BENCH_CODE=$(head -n 1 "$BENCH_TOKENS")" \
        -d "{\"id\":\"$1\",\"statement\":\"$(head -n 1 "$BENCH_STATEMENTS")\",\"vote\":1}" \
        -w ' %{http_code}'
}

# shellcheck source=../lib/audience-bench.sh
source "$HERE/../lib/audience-bench.sh"
check_knobs BATCH STATEMENTS
[[ $IDS =~ ^(time|random)$ ]] || die "IDS must be time or random (got '$IDS')"
[ "$BATCH" -le 100 ] || die "BATCH must be at most 100 (the endpoint's limit per request)"
bench_main

#!/usr/bin/env bash
# Vote-to-projector latency (issue 13: "the projector reflects a vote within 2 s"): how long after a
# phone's vote is acknowledged the projector shows it, with PHONES phones voting in one screening.
# The machinery of bench/votes (bench/lib/audience-bench.sh): publishes the app in Release to a temporary
# directory, migrates a fresh SQLite database, creates an administrator, starts `serve` on a free
# 127.0.0.1 port; bench/lib/Setup.cs signs in, plans a screening, seeds STATEMENTS statements, opens
# joining and the dialogue, and PHONES phones join. Then bench/projector/Latency.cs (a C# file-based app)
# is the projector and the phones at once:
#   projector  loads the projector page with the administrator's cookie, keeps its event stream
#              (/api/screenings/ID/events) open and, on every "counts" event, fetches the summary
#              fragment again as the page's script does, reading the vote count it shows;
#   phones     each votes on its next statement every MIN_GAP..MAX_GAP s at random (one vote a request,
#              POST /api/audience/CODE/votes, as the phone's page sends it), for DURATION s.
# The n-th acknowledged vote is on the projector when a fetched summary counts n votes; its latency runs
# from the acknowledgement to then. Prints count, p50/p95/p99/max, votes/s and the votes never shown
# (after SETTLE s); exits 1 when p95 > GOAL_MS, when any vote is never shown or fails, or when the final
# summary does not count exactly the acknowledged votes.
# Usage: bash bench/projector/run.sh
#   PHONES=300  DURATION=60 (s of voting)  STATEMENTS=20  MIN_GAP=2 MAX_GAP=6 (s between a phone's votes)
#   SETTLE=15 (s)  GOAL_MS=2000  SEED (of the phones' random choices; default: a new one each run)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)

PHONES=${PHONES:-300}
DURATION=${DURATION:-60}
STATEMENTS=${STATEMENTS:-20}
MIN_GAP=${MIN_GAP:-2}
MAX_GAP=${MAX_GAP:-6}
SETTLE=${SETTLE:-15}
GOAL_MS=${GOAL_MS:-2000}
SEED=${SEED:-$RANDOM}

NAME=projector
NEEDS="sqlite3 curl"
SETUP_ARGS=("$STATEMENTS")
SETUP_WHAT="seed $STATEMENTS statements and open the dialogue"

workload_env() {
    [ "$(wc -l < "$WORK/setup/statements")" = "$STATEMENTS" ] || die "setup wrote $(wc -l < "$WORK/setup/statements") statements, expected $STATEMENTS"
    [ -s "$WORK/setup/staff-cookie" ] || die "setup wrote no staff cookie"
}

# shellcheck source=../lib/audience-bench.sh
source "$HERE/../lib/audience-bench.sh"
check_knobs STATEMENTS MAX_GAP SETTLE GOAL_MS
[[ $MIN_GAP =~ ^[0-9]+$ && $SEED =~ ^[0-9]+$ ]] || die "MIN_GAP and SEED must be whole numbers"
[ "$MIN_GAP" -le "$MAX_GAP" ] || die "MIN_GAP ($MIN_GAP) must be at most MAX_GAP ($MAX_GAP)"

bench_start
say "Building the projector client (bench/projector/Latency.cs)"
(cd "$HERE" && dotnet build Latency.cs -v quiet -nologo -clp:ErrorsOnly) > "$WORK/client-build.log" 2>&1 \
    || { cat "$WORK/client-build.log" >&2; die "building Latency.cs failed"; }
say "$PHONES phones vote for $DURATION s (one vote every $MIN_GAP-$MAX_GAP s each, $STATEMENTS statements, seed $SEED) while a projector follows the summary; then up to $SETTLE s to settle"
say "$(nproc) cores shared by the phones, the projector, the server and anything else running; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
status=0
(cd "$HERE" && dotnet run --no-build Latency.cs -- "$URL" "$WORK/setup" "$PHONES" "$DURATION" "$MIN_GAP" "$MAX_GAP" "$SETTLE" "$GOAL_MS" "$SEED") \
    > "$WORK/latency.txt" 2>&1 || status=$?
cat "$WORK/latency.txt"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
[ "$status" = 0 ] || die "see above (GOAL NOT MET or FAILED lines; exit $status)"

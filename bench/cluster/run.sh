#!/usr/bin/env bash
# Scale-out benchmark: PHONES (10,000) simulated phones join, answer and vote through nginx across two
# nodes, and one node dies (kill -9) in the middle of the load.
# 1. deploy/cluster.sh start: PostgreSQL, Redis, 2 nodes (published in Release, or KINODIALOG_APP_DLL) and
#    nginx on free loopback ports, in a temporary state directory; the audience limits raised (every
#    simulated phone comes from 127.0.0.1), an administrator created.
# 2. bench/lib/Setup.cs through nginx: the administrator signs in, adds a film, plans a screening, seeds
#    STATEMENTS statements, opens joining and the dialogue; PHONES phones join with the code and send
#    their profile (the survey's first part).
# 3. wrk through nginx (bench/cluster/phones.lua with bench/lib/acks.lua): CONNECTIONS connections, each
#    request for the next phone: an outbox of BATCH votes, every ANSWER_EVERY-th request a pre-survey
#    answer set. After WARMUP s uncounted, one counted run of DURATION s; KILL_AFTER s into it,
#    `deploy/cluster.sh kill-node 1` (kill -9). Every id answered "stored": true is recorded.
# 4. Checks: every acknowledged vote and answer set is in PostgreSQL (exit 1 on any loss); every request
#    succeeded, also those cut off by the kill (nginx sends the phones' writes, idempotent by id, again to
#    the next node), and after the kill node 2 answered them all (nginx's access log: status and node);
#    node 1 restarts (start-node 1) and a resend of an acknowledged vote through nginx is a duplicate.
# 5. The projector (bench/cluster/Watch.cs, the projector client of bench/lib/Projector.cs): started before
#    the counted run, through nginx, its event stream first placed on node 1 (the one killed); it fetches
#    the summary on every "counts" event and reconnects as EventSource does when the stream drops. Logged:
#    each fetch (time, votes counted, node) and each reconnection. After the run and SETTLE s: exit 1 when no
#    summary counting more than the last one before the kill arrives within 10 s of the kill (or within the
#    longest gap between rising counts before the kill plus 5 s, whichever is longer: the pause between
#    recompute rounds grows with the screening's size on purpose; the kill must not stop it), or when the
#    last summary does not count what PostgreSQL holds (each phone's latest vote on each statement).
# Prints throughput, p50/p99 (wrk, whole run; and from nginx's log before and after the kill), errors; the
# projector's updates before and after the kill, its reconnections, the time from the kill to its first
# higher count, the longest gap between two updates that raised the count during the run, its final count.
# Usage: bash bench/cluster/run.sh
#   PHONES=10000  STATEMENTS=50  BATCH=10 (votes per request)  ANSWER_EVERY=4  CONNECTIONS=200  THREADS=2
#   WARMUP=20  DURATION=60  KILL_AFTER=DURATION/2 (s)  SETTLE=5 (s)  KINODIALOG_APP_DLL (a built Kinodialog.Web.dll: no publish)
#   KEEP_LOGS=1 (keep the logs, as after a failure, also after a success)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export LC_ALL=C DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { echo "cluster bench: $*" >&2; exit 1; }

PHONES=${PHONES:-10000}
STATEMENTS=${STATEMENTS:-50}
BATCH=${BATCH:-10}
ANSWER_EVERY=${ANSWER_EVERY:-4}
CONNECTIONS=${CONNECTIONS:-200}
THREADS=${THREADS:-2}
WARMUP=${WARMUP:-20}
DURATION=${DURATION:-60}
KILL_AFTER=${KILL_AFTER:-$((DURATION / 2))}
SETTLE=${SETTLE:-5}
PROJECTOR_WITHIN_MS=10000 # after the kill, a higher count on the projector within this (or the longest gap before the kill + 5 s)
for knob in PHONES STATEMENTS BATCH ANSWER_EVERY CONNECTIONS THREADS WARMUP DURATION KILL_AFTER SETTLE; do
    [[ ${!knob} =~ ^[1-9][0-9]*$ ]] || die "$knob must be a positive whole number (got '${!knob}')"
done
[ "$BATCH" -le 100 ] || die "BATCH must be at most 100"
[ "$KILL_AFTER" -lt "$DURATION" ] || die "KILL_AFTER ($KILL_AFTER) must be below DURATION ($DURATION)"

# --- Prerequisites (deploy/cluster.sh installs PostgreSQL, Redis and nginx) -----------------------------
missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "Installing ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || die "apt-get install ${missing[*]} failed"
    else
        die "please install: sudo apt-get install ${missing[*]}"
    fi
fi

free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 12000)) # below the ephemeral ports (32768 and up)
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && ! (exec 3<>"/dev/tcp/127.0.0.1/$((port + 1))") 2>/dev/null; then echo "$port"; return; fi
    done
}

WORK=$(mktemp -d /tmp/kinodialog-bench-cluster.XXXXXX)
chmod 755 "$WORK"
export STATE_DIR=$WORK/state NODES=2
export PORT NODE_BASE_PORT PG_PORT REDIS_PORT
PORT=$(free_port)
NODE_BASE_PORT=$(free_port)
PG_PORT=$(free_port)
REDIS_PORT=$(free_port)
URL=http://127.0.0.1:$PORT
WRK_PID=
WATCH_PID=
cluster() { "$ROOT/deploy/cluster.sh" "$@"; }

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    [ -z "$WRK_PID" ] || kill -INT "$WRK_PID" 2>/dev/null || true
    [ -z "$WATCH_PID" ] || kill -TERM "$WATCH_PID" 2>/dev/null || true
    cluster stop 2>/dev/null || true
    if [ "$status" != 0 ] || [ -n "${KEEP_LOGS:-}" ]; then
        local logs
        logs=$(mktemp -d /tmp/kinodialog-bench-cluster-logs.XXXXXX)
        find "$WORK" -maxdepth 4 \( -name '*.log' -o -name 'projector.log' -o -name '*.txt' -o -name 'nginx.conf' \) -exec cp --backup=numbered {} "$logs"/ \; 2>/dev/null || true
        if [ "$status" != 0 ]; then echo "cluster bench failed (exit $status); logs kept in $logs" >&2; else echo "logs kept in $logs (KEEP_LOGS)" >&2; fi
    fi
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- The cluster --------------------------------------------------------------------------------------------
# Thousands of simulated phones from one address, each far faster than a person: the audience limits
# (README, AudienceLimits) would refuse them, and they are not what is measured here.
export AudienceLimits__PhoneRequestsPerMinute=1000000 AudienceLimits__PhoneBurst=1000000
export AudienceLimits__PhoneVotesPerMinute=1000000 AudienceLimits__PhoneVoteBurst=1000000
export AudienceLimits__AddressRequestsPerMinute=10000000 AudienceLimits__AddressBurst=10000000
export AudienceLimits__JoinsPerAddressPerMinute=1000000
export AudienceLimits__PhoneAnswerSetsPerMinute=1000000 AudienceLimits__PhoneAnswerSetBurst=1000000
export AudienceLimits__PhoneProposalsPerMinute=1000000 AudienceLimits__PhoneProposalBurst=1000000
export Films__RunEncoder=false ASPNETCORE_ENVIRONMENT=Production
export ADMIN_EMAIL=bench-admin@kinodialog.local
ADMIN_PASSWORD="bench $(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
export ADMIN_PASSWORD
say "Starting the cluster (deploy/cluster.sh start): 2 nodes behind nginx on $URL, state in $STATE_DIR"
cluster start > "$WORK/cluster-start.txt" 2>&1 || { cat "$WORK/cluster-start.txt" >&2; die "deploy/cluster.sh start failed"; }
grep -E '^.*==> (Publishing|Using|Starting)' "$WORK/cluster-start.txt" | sed 's/\x1b\[[0-9;]*m//g; s/^/    /' >&2 || true
PGPASSWORD=$(< "$STATE_DIR/postgres/app-password")
export PGPASSWORD
sql() { psql -X -q -t -A -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U kinodialog -d kinodialog "$@"; }
ACCESS=$STATE_DIR/nginx/access.log

# --- Setup through nginx --------------------------------------------------------------------------------------
say "Setting up through nginx (bench/lib/Setup.cs): a screening with $STATEMENTS statements and the dialogue open; $PHONES phones join and send their profile"
setup_start=$SECONDS
(cd "$ROOT/bench/lib" && dotnet run Setup.cs -- "$URL" "$ADMIN_EMAIL" "$ADMIN_PASSWORD" "$PHONES" "$WORK/setup" "$STATEMENTS") > "$WORK/setup.txt" 2>&1 \
    || { cat "$WORK/setup.txt" >&2; die "setup failed"; }
SETUP_SECONDS=$((SECONDS - setup_start))
sed 's/^/    /' "$WORK/setup.txt" >&2
export BENCH_CODE BENCH_TOKENS=$WORK/setup/tokens BENCH_STATEMENTS=$WORK/setup/statements BENCH_VERSION
BENCH_CODE=$(< "$WORK/setup/code")
BENCH_VERSION=$(< "$WORK/setup/version")
SCREENING=$(< "$WORK/setup/screening")
[ "$(wc -l < "$BENCH_TOKENS")" = "$PHONES" ] || die "setup wrote $(wc -l < "$BENCH_TOKENS") tokens, expected $PHONES"
joined=$(sql -c "SELECT count(*) FROM \"Participants\" WHERE \"ScreeningId\" = '$SCREENING'")
profiles=$(sql -c "SELECT count(DISTINCT \"ParticipantId\") FROM \"SurveyResponses\" WHERE \"ScreeningId\" = '$SCREENING' AND \"Phase\" = 0")
echo "    setup took $SETUP_SECONDS s; PostgreSQL: $joined participants, $profiles profiles" >&2
[ "$joined" = "$PHONES" ] || die "$PHONES phones joined, but PostgreSQL holds $joined participants"
joins_by_node=$(grep -E '"POST /en/join HTTP' "$ACCESS" | grep -oE 'upstream=[0-9.:]+' | sort | uniq -c | awk '{printf "%s%s %s", (NR>1?", ":""), $2, $1}')
echo "    joins by node (nginx): $joins_by_node" >&2

say "Building the projector client (bench/cluster/Watch.cs with bench/lib/Projector.cs)"
(cd "$HERE" && dotnet build Watch.cs -o "$WORK/watch" -v quiet -nologo -clp:ErrorsOnly) > "$WORK/watch-build.txt" 2>&1 \
    || { cat "$WORK/watch-build.txt" >&2; die "building Watch.cs failed"; }

export BENCH_LUA_LIB=$ROOT/bench/lib/acks.lua BENCH_BATCH=$BATCH BENCH_ANSWER_EVERY=$ANSWER_EVERY BENCH_THREADS=$THREADS BENCH_RESEND=0 BENCH_IDS=time BENCH_PACE=0
run_wrk() { # RUN SECONDS OUT [ACKED_PREFIX]
    BENCH_RUN=$1 BENCH_UNACKED=$WORK/unacked-$1.txt BENCH_ACKED=${4:-} \
        wrk -t "$THREADS" -c "$CONNECTIONS" -d "${2}s" --timeout 10s -s "$HERE/phones.lua" "$URL/" > "$3" 2>&1
}

say "Warm-up: ${WARMUP} s of load through nginx (not counted)"
run_wrk 1 "$WARMUP" "$WORK/run-1-warmup.txt" || { cat "$WORK/run-1-warmup.txt" >&2; die "wrk failed"; }
grep '^BENCH ' "$WORK/run-1-warmup.txt" | sed 's/^/    /' >&2

# --- The projector, through nginx, its stream on node 1 ---------------------------------------------------------------
say "A projector through nginx (bench/cluster/Watch.cs): its event stream on node 1, the summary fetched on every \"counts\" event"
dotnet "$WORK/watch/Watch.dll" "$URL" "$WORK/setup" "$WORK/projector.log" node1 > "$WORK/watch.txt" 2>&1 &
WATCH_PID=$!
for _ in $(seq 1 300); do
    grep -q '^fetch ' "$WORK/projector.log" 2>/dev/null && break
    kill -0 "$WATCH_PID" 2>/dev/null || { cat "$WORK/watch.txt" "$WORK/projector.log" >&2 2>/dev/null; die "the projector stopped before the run"; }
    sleep 0.1
done
grep -q '^fetch ' "$WORK/projector.log" || { cat "$WORK/watch.txt" "$WORK/projector.log" >&2; die "the projector fetched no summary within 30 s"; }
echo "    projector: stream on $(awk '$1 == "open" { print $3; exit }' "$WORK/projector.log"), its summary counts $(awk '$1 == "fetch" { print $3; exit }' "$WORK/projector.log") votes" >&2

# --- The counted run, with kill -9 of node 1 -----------------------------------------------------------------------
say "Load: $CONNECTIONS connections, $THREADS wrk threads, $PHONES phones in turn, $BATCH votes a request and an answer set every ${ANSWER_EVERY}th request; ${DURATION} s; kill -9 of node 1 after ${KILL_AFTER} s"
say "$(nproc) cores shared by wrk, nginx, both nodes, PostgreSQL and Redis; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
log_from=$(($(wc -l < "$ACCESS") + 1))
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
rm -f "$WORK"/acked-2.*
run_wrk 2 "$DURATION" "$WORK/run-2.txt" "$WORK/acked-2" &
WRK_PID=$!
start_ms=$(date +%s%3N)
sleep "$KILL_AFTER"
kill -0 "$WRK_PID" 2>/dev/null || { cat "$WORK/run-2.txt" >&2; die "wrk stopped before the kill"; }
kill_ms=$(date +%s%3N)
cluster kill-node 1 2>&1 | sed 's/\x1b\[[0-9;]*m//g; s/^/    /' >&2
wait "$WRK_PID" || { cat "$WORK/run-2.txt" >&2; die "wrk failed"; }
WRK_PID=
end_ms=$(date +%s%3N)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
line=$(grep '^BENCH ' "$WORK/run-2.txt") || { cat "$WORK/run-2.txt" >&2; die "wrk printed no summary"; }
declare -A B
for pair in ${line#BENCH }; do B[${pair%%=*}]=${pair#*=}; done
sleep 2 # nginx flushes its log every second

# --- The projector: settled, stopped, read --------------------------------------------------------------------------------
sleep "$SETTLE"
kill -TERM "$WATCH_PID" 2>/dev/null || true
wait "$WATCH_PID" || { cat "$WORK/watch.txt" >&2; die "the projector failed (its event stream was refused after a reconnection?): $(grep '^failed ' "$WORK/projector.log" || true)"; }
WATCH_PID=
# What the summary counts: each phone's latest vote on each accepted statement (DialogueData.Latest), banned phones left out.
db_counted=$(sql -c "SELECT count(*) FROM (SELECT DISTINCT v.\"ParticipantId\", v.\"StatementId\" FROM \"Votes\" v
    JOIN \"Statements\" s ON s.\"Id\" = v.\"StatementId\" AND s.\"Status\" = 1 JOIN \"Participants\" p ON p.\"Id\" = v.\"ParticipantId\" AND NOT p.\"Banned\"
    WHERE v.\"ScreeningId\" = '$SCREENING') latest")
db_rows=$(sql -c "SELECT count(*) FROM \"Votes\" WHERE \"ScreeningId\" = '$SCREENING'")
# fetch MS VOTES NODE / open MS NODE first|again / drop MS RETRY WHY / fetch-failed MS WHY (bench/cluster/Watch.cs)
read -r P_BEFORE P_AFTER P_RECONNECTS P_DROPS P_FETCH_FAILED P_LAST_BEFORE P_FIRST_HIGHER_MS P_FIRST_HIGHER P_FIRST_NODE P_GAP_MS P_GAP_FROM P_FINAL P_FINAL_NODE P_NODES_BEFORE P_NODES_AFTER P_STREAM_AT_KILL P_STREAM_AFTER P_GAP_BEFORE_MS < <(
    awk -v kill="$kill_ms" -v start="$start_ms" -v end="$end_ms" '
        $1 == "open" { if ($2 < kill) at_kill = $3; else after_stream = after_stream (after_stream == "" ? "" : ",") $3; if ($4 == "again") reconnects++ }
        $1 == "drop" { drops++ }
        $1 == "fetch-failed" { failed++ }
        $1 == "fetch" {
            t = $2; v = $3
            if (t < kill) { before++; if (v > last_before) last_before = v; nb[$4]++ }
            else { after++; na[$4]++; if (higher == "" && v > last_before) { higher = t - kill; higher_v = v; higher_node = $4 } }
            if (v > top) {
                if (t >= start && t <= end && seen_inc && t - prev > gap) { gap = t - prev; gap_from = sprintf("%+d", prev - kill) }
                if (t >= start && t < kill && seen_inc && t - prev > gap_before) gap_before = t - prev
                top = v; prev = t; seen_inc = 1
            }
            final = v; final_node = $4
        }
        function list(a,   k, s) { s = ""; for (k in a) s = s (s == "" ? "" : ",") k ":" a[k]; return s == "" ? "-" : s }
        END {
            print before + 0, after + 0, reconnects + 0, drops + 0, failed + 0, last_before + 0, (higher == "" ? "none" : higher), (higher == "" ? "-" : higher_v), (higher == "" ? "-" : higher_node),
                gap + 0, (gap_from == "" ? "-" : gap_from), (final == "" ? "none" : final), (final_node == "" ? "-" : final_node), list(nb), list(na), (at_kill == "" ? "-" : at_kill), (after_stream == "" ? "-" : after_stream), gap_before + 0
        }' "$WORK/projector.log")

# --- What nginx saw: each request's end time, status, latency and node, before and after the kill ------------------
kill_s=$(awk -v k="$kill_ms" 'BEGIN { printf "%.3f", k / 1000 }')
tail -n +"$log_from" "$ACCESS" | grep -E '"POST /api/audience/[^ ]+/(votes|answers) HTTP' > "$WORK/run-2-access.txt" || true
window() { # FROM TO (seconds since epoch, ms): requests, errors (non-200), p50 and p99 of $request_time (ms), by node
    awk -v from="$1" -v to="$2" '
        { t = $3 + 0; if (t < from || t >= to) next
          match($0, /upstream=[^ ]+( 127[^ ]+)?/); node = substr($0, RSTART + 9, RLENGTH - 9); gsub(/ /, "", node)
          print $9 * 1000, $7, node }' "$WORK/run-2-access.txt" | sort -g > "$WORK/window.txt"
    awk -v span="$(awk -v a="$1" -v b="$2" 'BEGIN { print b - a }')" '
        { n++; lat[n] = $1; if ($2 == 499) cut++; else if ($2 != 200) bad++; nodes[$3]++ }
        END {
          if (n == 0) { print "0 requests"; exit }
          i50 = int(n * 0.50); if (i50 < 1) i50 = 1; i99 = int(n * 0.99); if (i99 < 1) i99 = 1
          by = ""; for (k in nodes) by = by (by == "" ? "" : ", ") k " " nodes[k]
          printf "%d requests (%.0f/s), %d failed (not 200), %d closed by wrk at the end of the run (499), p50 %.0f ms, p99 %.0f ms (nginx request_time); by node: %s\n", n, n / span, bad, cut, lat[i50], lat[i99], by
        }' "$WORK/window.txt"
}
BEFORE=$(window "$(awk -v s="$start_ms" 'BEGIN { printf "%.3f", s / 1000 }')" "$kill_s")
AT=$(window "$kill_s" "$(awk -v k="$kill_s" 'BEGIN { printf "%.3f", k + 1 }')")
AFTER=$(window "$(awk -v k="$kill_s" 'BEGIN { printf "%.3f", k + 1 }')" "$(awk -v s="$end_ms" 'BEGIN { printf "%.3f", s / 1000 }')")
failed=$(awk '$7 != 200 && $7 != 499' "$WORK/run-2-access.txt" | wc -l) # (499: closed by wrk at the end)
after_node1=$(awk -v from="$(awk -v k="$kill_s" 'BEGIN { printf "%.3f", k + 1 }')" -v n1="upstream=127.0.0.1:$NODE_BASE_PORT " '$3 + 0 >= from && index($0, n1) && $7 == 200' "$WORK/run-2-access.txt" | wc -l)

# --- Every acknowledged vote and answer set in PostgreSQL ---------------------------------------------------------------
cat "$WORK"/acked-2.* 2>/dev/null | sort -u > "$WORK/acked-2.txt" || true
acked=$(wc -l < "$WORK/acked-2.txt")
[ "$acked" -gt 0 ] || die "nothing was acknowledged"
read -r found found_votes found_sets stored_tag < <(sql -F ' ' <<EOF
CREATE TEMP TABLE acked(id uuid PRIMARY KEY);
\copy acked FROM '$WORK/acked-2.txt'
SELECT
  (SELECT count(*) FROM acked a WHERE EXISTS (SELECT 1 FROM "Votes" v WHERE v."Id" = a.id) OR EXISTS (SELECT 1 FROM "SurveyResponses" s WHERE s."Id" = a.id)),
  (SELECT count(*) FROM acked a JOIN "Votes" v ON v."Id" = a.id WHERE v."ScreeningId" = '$SCREENING'),
  (SELECT count(*) FROM acked a JOIN "SurveyResponses" s ON s."Id" = a.id WHERE s."ScreeningId" = '$SCREENING' AND s."Phase" = 1),
  (SELECT (SELECT count(*) FROM "Votes" WHERE substr("Id"::text, 16, 3) = '002') + (SELECT count(*) FROM "SurveyResponses" WHERE substr("Id"::text, 16, 3) = '002'));
EOF
)
lost=$((acked - found))

# --- Node 1 back; a resend of an acknowledged vote is recognised ---------------------------------------------------------
say "Restarting node 1 (deploy/cluster.sh start-node 1)"
cluster start-node 1 > "$WORK/start-node.txt" 2>&1 || { cat "$WORK/start-node.txt" >&2; die "start-node 1 failed"; }
sample=$(sql -c "SELECT v.\"Id\", v.\"StatementId\" FROM \"Votes\" v WHERE v.\"ScreeningId\" = '$SCREENING' LIMIT 1" -F ' ')
resends=""
for _ in 1 2 3 4; do # round robin: both nodes get one
    resends+=$(curl -sS -X POST "$URL/api/audience/$BENCH_CODE/votes" -H 'Content-Type: application/json' \
        -H "Cookie: kd-p-$BENCH_CODE=$(head -n 1 "$BENCH_TOKENS")" \
        -d "{\"id\":\"${sample%% *}\",\"statement\":\"${sample##* }\",\"vote\":1}" -w ' %{http_code};')
done

rate=$(awk -v n="${B[stored]}" -v d="${B[duration_us]}" 'BEGIN { printf "%.0f", n / (d / 1e6) }')
req_rate=$(awk -v n="${B[requests]}" -v d="${B[duration_us]}" 'BEGIN { printf "%.0f", n / (d / 1e6) }')
echo >&2
echo "cluster bench: $PHONES phones (joined and sent their profile through nginx in $SETUP_SECONDS s; joins by node: $joins_by_node), 2 nodes, $CONNECTIONS connections, $BATCH votes a request, an answer set every ${ANSWER_EVERY}th request, ${DURATION} s, kill -9 of node 1 after ${KILL_AFTER} s"
echo "  whole run (wrk): ${B[requests]} requests ($req_rate/s), $rate votes+answer sets acknowledged/s, p50 ${B[p50_ms]} ms, p99 ${B[p99_ms]} ms, max ${B[max_ms]} ms; errors ${B[errors]}, non-200 ${B[other]}, cut off unanswered at the end ${B[unacked]} items"
echo "  before the kill: $BEFORE"
echo "  first second after the kill: $AT"
echo "  after the kill: $AFTER"
echo "  answered \"stored\": false although sent once: ${B[wrong]} items (nginx sent a request cut off by the kill again to node 2, and node 1 had stored it before it died)"
echo "  acknowledged as stored: $acked ($found_votes votes, $found_sets answer sets); found in PostgreSQL: $found; LOST: $lost; rows of the run in all: $stored_tag (the rest: items stored whose answer was cut off by the kill or the end of the run)"
echo "  after node 1 came back: $(grep -o '"stored":false} 200' <<< "$resends" | wc -l) of 4 resends of a stored vote through nginx (both nodes) answered 200 \"stored\": false"
echo "  projector (through nginx, stream on $P_STREAM_AT_KILL at the kill; reconnected $P_RECONNECTS times, to $P_STREAM_AFTER; $P_DROPS drops): $P_BEFORE summary updates before the kill (by node $P_NODES_BEFORE), $P_AFTER after (by node $P_NODES_AFTER), $P_FETCH_FAILED fetches failed"
# The kill may not stop the projector for longer than its own rhythm before the kill (plus the reconnection).
if [[ $P_GAP_BEFORE_MS =~ ^[0-9]+$ ]] && [ $((P_GAP_BEFORE_MS + 5000)) -gt "$PROJECTOR_WITHIN_MS" ]; then
    PROJECTOR_WITHIN_MS=$((P_GAP_BEFORE_MS + 5000))
fi
echo "    last count before the kill $P_LAST_BEFORE; first higher count ($P_FIRST_HIGHER, from $P_FIRST_NODE) ${P_FIRST_HIGHER_MS} ms after the kill (at most $PROJECTOR_WITHIN_MS)"
echo "    longest gap between two updates raising the count during the run: $P_GAP_MS ms (it began at the kill ${P_GAP_FROM} ms); before the kill: $P_GAP_BEFORE_MS ms"
echo "    final count after ${SETTLE} s of settling: $P_FINAL (from $P_FINAL_NODE); PostgreSQL: $db_counted (each phone's latest vote on each statement; $db_rows Votes rows)"
echo "  load average: $load_before before the run, $load_after at its end"
[ "$lost" = 0 ] || die "LOSS: $lost acknowledged items are not in PostgreSQL"
[ "$failed" = 0 ] || die "$failed phone requests failed (nginx answered other than 200; see run-2-access.txt)"
[ "$after_node1" = 0 ] || die "$after_node1 requests were answered by node 1 after it was killed"
[ "$P_FIRST_HIGHER_MS" != none ] && [ "$P_FIRST_HIGHER_MS" -le "$PROJECTOR_WITHIN_MS" ] \
    || die "the projector did not keep updating: no summary counting more than $P_LAST_BEFORE votes (its last count before the kill) within $PROJECTOR_WITHIN_MS ms of the kill (first: $P_FIRST_HIGHER_MS; see projector.log)"
[ "$P_FINAL" = "$db_counted" ] || die "the projector's last summary counts $P_FINAL votes after ${SETTLE} s of settling, PostgreSQL $db_counted"
[[ $resends == *'"stored":false'* ]] && [[ $resends != *'"stored":true'* ]] || die "a resend of a stored vote was not recognised: $resends"

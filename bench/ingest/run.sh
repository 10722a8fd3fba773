#!/usr/bin/env bash
# Answer ingest benchmark: POST /api/audience/CODE/answers over HTTP on loopback, SQLite (WAL).
# Publishes the app in Release to a temporary directory, migrates a fresh database, creates an
# administrator and starts `serve` on a free 127.0.0.1 port. Setup.cs (a C# file-based app) then
# does over HTTP what people do: the administrator signs in, adds a film, plans a screening,
# opens joining and the pre-survey; PHONES phones join with the code (one cookie each).
# Phases (PHASES, default "load resend kill9"):
#   load    wrk, CONNECTIONS connections: every request a new answer set (9 answers: the whole
#           pre-survey) for one of the phones, in turn. Uncounted warm-up in 5 s slices until the
#           JIT has tiered up (the server's CPU time per answer set stops falling by 5 %; at least WARMUP s,
#           at most WARMUP_MAX s), then RUNS runs;
#           after each, the database must hold exactly the answer sets acknowledged as stored
#           (rows of that run, not counting the ones whose request was cut off by the end of the
#           run), each with all 9 answers. Prints answer-sets/s, p50/p99 latency, errors.
#   resend  every RESEND_EVERY-th request resends an id already acknowledged: each must be
#           answered 200 "stored": false, and the database must hold each id once.
#   kill9   ROUNDS times: load, `kill -9` of the server at a random moment, restart on the same
#           data directory; every id acknowledged with 200 before the kill must be in
#           SurveyResponses ("acknowledged N, found N after kill -9"; exit 1 on any loss).
# Usage: bash bench/ingest/run.sh        (bash bench/ingest/kill9.sh runs only the kill9 phase)
#   DURATION=20 (s per counted run)  RUNS=3  WARMUP=60 WARMUP_MAX=120 (s)  CONNECTIONS=200  THREADS=2 (wrk)
#   PHONES=256  RESEND_EVERY=5  ROUNDS=3 (kill -9 rounds)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
HERE=$ROOT/bench/ingest
export LC_ALL=C DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

PHASES=${PHASES:-load resend kill9}
DURATION=${DURATION:-20}
RUNS=${RUNS:-3}
WARMUP=${WARMUP:-60}
WARMUP_MAX=${WARMUP_MAX:-120}
CONNECTIONS=${CONNECTIONS:-200}
THREADS=${THREADS:-2}
PHONES=${PHONES:-256}
RESEND_EVERY=${RESEND_EVERY:-5}
ROUNDS=${ROUNDS:-3}
GOAL_RATE=5000
GOAL_P99_MS=100
ANSWERS_PER_SET=9

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { echo "ingest bench: $*" >&2; exit 1; }

for knob in DURATION RUNS WARMUP WARMUP_MAX CONNECTIONS THREADS PHONES RESEND_EVERY ROUNDS; do
    [[ ${!knob} =~ ^[1-9][0-9]*$ ]] || die "$knob must be a positive whole number (got '${!knob}')"
done
for phase in $PHASES; do
    [[ $phase =~ ^(load|resend|kill9)$ ]] || die "unknown phase '$phase' in PHASES (load, resend, kill9)"
done

# --- Prerequisites -------------------------------------------------------------------------------
command -v dotnet >/dev/null 2>&1 || die "the .NET 10 SDK is missing"
missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "Installing ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null || die "apt-get install ${missing[*]} failed"
    else
        echo "Please install: sudo apt-get install ${missing[*]}   (then run bench/ingest/run.sh again)" >&2
        exit 1
    fi
fi
HZ=$(getconf CLK_TCK)

# --- Work directory, the server process and cleanup ----------------------------------------------
WORK=$(mktemp -d /tmp/kinodialog-bench-ingest.XXXXXX)
APP_PID=
WRK_PID=

stop() { # PID SIGNAL: signal a process we started and wait up to 10 s for it, then kill it
    local pid=$1 signal=$2 i
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
    kill "-$signal" "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    stop "$WRK_PID" INT
    stop "$APP_PID" TERM
    if [ "$status" != 0 ]; then
        local logs
        logs=$(mktemp -d /tmp/kinodialog-bench-ingest-logs.XXXXXX)
        find "$WORK" -maxdepth 2 \( -name '*.log' -o -name '*.txt' \) -exec cp {} "$logs"/ \; 2>/dev/null || true
        echo "ingest bench failed (exit $status); logs kept in $logs" >&2
        for log in "$logs"/app*.log; do
            [ -s "$log" ] && { echo "--- tail of $log" >&2; tail -n 20 "$log" >&2; }
        done
    fi
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() { # a TCP port nothing answers on at 127.0.0.1
    local port
    while :; do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
    done
}

# --- Publish, migrate, administrator ---------------------------------------------------------------
say "Publishing Kinodialog (Release) to $WORK/app"
dotnet publish src/Kinodialog.Web/Kinodialog.Web.csproj -c Release -o "$WORK/app" -v quiet -nologo -clp:ErrorsOnly > "$WORK/publish.log" 2>&1 \
    || { cat "$WORK/publish.log" >&2; die "publish failed"; }
[ -f "$WORK/app/Kinodialog.Web.dll" ] || die "publish produced no Kinodialog.Web.dll"

export Storage__DataPath=$WORK/data
export Storage__MediaPath=$WORK/data/media
export ASPNETCORE_ENVIRONMENT=Production
unset Database__Provider Database__ConnectionString
DB=$WORK/data/kinodialog.db
app() { (cd "$WORK/app" && exec dotnet Kinodialog.Web.dll "$@"); }

say "Migrating a fresh SQLite database in $WORK/data"
app migrate > "$WORK/migrate.log" 2>&1 || { cat "$WORK/migrate.log" >&2; die "migrate failed"; }
ADMIN_EMAIL=bench-admin@kinodialog.local
ADMIN_PASSWORD="bench $(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
app create-admin --email "$ADMIN_EMAIL" --name "Bench administrator" --password "$ADMIN_PASSWORD" > "$WORK/admin.log" 2>&1 \
    || { cat "$WORK/admin.log" >&2; die "create-admin failed"; }

PORT=$(free_port)
URL=http://127.0.0.1:$PORT
SERVER_STARTS=0
start_server() { # serve on $PORT with the data directory in $WORK/data; waits until /health answers
    local i
    SERVER_STARTS=$((SERVER_STARTS + 1))
    (cd "$WORK/app" && exec dotnet Kinodialog.Web.dll serve --urls "$URL") > "$WORK/app-$SERVER_STARTS.log" 2>&1 &
    APP_PID=$!
    for ((i = 0; i < 600; i++)); do
        kill -0 "$APP_PID" 2>/dev/null || die "the server exited before answering (see app-$SERVER_STARTS.log)"
        curl -fsS -o /dev/null --max-time 2 "$URL/health" 2>/dev/null && return 0
        sleep 0.1
    done
    die "the server did not answer $URL/health within 60 s"
}

say "Starting Kinodialog on $URL (Production, SQLite WAL)"
start_server
journal=$(sqlite3 "$DB" 'PRAGMA journal_mode;')
[ "$journal" = wal ] || die "the database is in journal mode '$journal', not WAL"

say "Setting up over HTTP (Setup.cs): sign in, add a film, plan a screening, open it and the pre-survey, $PHONES phones join"
(cd "$HERE" && dotnet run Setup.cs -- "$URL" "$ADMIN_EMAIL" "$ADMIN_PASSWORD" "$PHONES" "$WORK/setup") > "$WORK/setup.log" 2>&1 \
    || { cat "$WORK/setup.log" >&2; die "setup failed"; }
sed 's/^/    /' "$WORK/setup.log" >&2
export INGEST_CODE INGEST_VERSION INGEST_TOKENS=$WORK/setup/tokens
INGEST_CODE=$(< "$WORK/setup/code")
INGEST_VERSION=$(< "$WORK/setup/version")
[ "$(wc -l < "$INGEST_TOKENS")" = "$PHONES" ] || die "setup wrote $(wc -l < "$INGEST_TOKENS") tokens, expected $PHONES"

# One answer set by hand: the endpoint accepts it and says so (run tag FFF: no run of wrk uses it).
probe=$(curl -sS -X POST "$URL/api/audience/$INGEST_CODE/answers" -H 'Content-Type: application/json' \
    -H "Cookie: kd-p-$INGEST_CODE=$(head -n 1 "$INGEST_TOKENS")" \
    -d "{\"id\":\"$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')-0000-4fff-8000-000000000000\",\"phase\":\"pre\",\"questionnaireVersion\":\"$INGEST_VERSION\",\"answers\":{\"trust\":\"3\"}}" \
    -w ' %{http_code}')
[[ $probe == *'"stored":true'*' 200' ]] || die "a hand-made answer set was not stored: $probe"

# --- Measuring --------------------------------------------------------------------------------------
cpu_ticks() { # utime + stime (clock ticks) of a process
    local line
    local -a f
    line=$(< "/proc/$1/stat") || die "process $1 is gone"
    read -r -a f <<< "${line##*) }" # fields from 3 (state) on: utime is field 14, stime 15
    echo "$((f[11] + f[12]))"
}

idle_ticks() { # all CPUs: "busy idle" ticks from /proc/stat
    local -a c
    read -r -a c < /proc/stat
    echo "$((c[1] + c[2] + c[3] + c[6] + c[7] + c[8])) $((c[4] + c[5]))"
}

sql() { sqlite3 -batch -noheader "$DB" "$@"; }

RUN=0
declare -A B # the BENCH line of the latest wrk run, by key
load() { # LABEL SECONDS [RESEND_EVERY]: one wrk run; sets B[...] and prints a table row
    local label=$1 seconds=$2 resend=${3:-0} out line pair before after busy0 idle0 busy1 idle1
    RUN=$((RUN + 1))
    out=$WORK/run-$RUN-$label.txt
    before=$(cpu_ticks "$APP_PID")
    read -r busy0 idle0 < <(idle_ticks)
    local TIMEFORMAT='%U %S' wrk_user wrk_sys
    { time INGEST_RUN=$RUN INGEST_RESEND=$resend INGEST_UNACKED=$WORK/unacked-$RUN.txt \
        wrk -t "$THREADS" -c "$CONNECTIONS" -d "${seconds}s" --timeout 10s -s "$HERE/answers.lua" "$URL/" > "$out" 2>&1; } 2> "$out.time" \
        || { cat "$out" >&2; die "wrk failed"; }
    read -r wrk_user wrk_sys < "$out.time"
    after=$(cpu_ticks "$APP_PID")
    read -r busy1 idle1 < <(idle_ticks)
    line=$(grep '^BENCH ' "$out") || { cat "$out" >&2; die "wrk printed no summary"; }
    B=()
    for pair in ${line#BENCH }; do B[${pair%%=*}]=${pair#*=}; done
    B[rate]=$(awk -v n="${B[stored]}" -v d="${B[duration_us]}" 'BEGIN { printf "%.0f", n / (d / 1e6) }')
    B[cpu_us]=$(awk -v t="$((after - before))" -v hz="$HZ" -v n="${B[stored]}" 'BEGIN { printf "%.0f", n ? t / hz * 1e6 / n : 0 }')
    B[wrk_us]=$(awk -v u="$wrk_user" -v s="$wrk_sys" -v n="${B[requests]}" 'BEGIN { printf "%.0f", n ? (u + s) * 1e6 / n : 0 }')
    B[idle]=$(awk -v b="$((busy1 - busy0))" -v i="$((idle1 - idle0))" 'BEGIN { printf "%.0f", 100 * i / (b + i) }')
    printf '%-8s %5s %8d %9s %8s %8s %8s %8s %9s %9s %5s%% %7d %7d\n' "$label" "$RUN" "${B[stored]}" "${B[rate]}" \
        "${B[p50_ms]}" "${B[p90_ms]}" "${B[p99_ms]}" "${B[max_ms]}" "${B[cpu_us]}" "${B[wrk_us]}" "${B[idle]}" \
        "$((B[errors] + B[non2xx3xx]))" "${B[duplicate]}" | tee -a "$WORK/table.txt" >&2
}

check_run() { # RUN: the database holds exactly the acknowledged answer sets of that run, complete
    local run=$1 tag acked complete unacked_stored
    tag=$(printf '%03X' "$run")
    sleep 1 # let the requests cut off by the end of the run reach the database (they are not counted)
    read -r acked complete unacked_stored < <(sql <<EOF
CREATE TEMP TABLE unacked(id TEXT PRIMARY KEY);
.mode csv
.import $WORK/unacked-$run.txt unacked
.mode list
.separator ' '
UPDATE unacked SET id = upper(id);
SELECT
  (SELECT count(*) FROM SurveyResponses WHERE substr(Id, 16, 3) = '$tag' AND Id NOT IN (SELECT id FROM unacked)),
  (SELECT count(*) FROM SurveyResponses WHERE substr(Id, 16, 3) = '$tag' AND Id NOT IN (SELECT id FROM unacked)
     AND Phase = 1 AND (SELECT count(*) FROM json_each(Answers)) = $ANSWERS_PER_SET),
  (SELECT count(*) FROM SurveyResponses WHERE substr(Id, 16, 3) = '$tag' AND Id IN (SELECT id FROM unacked));
EOF
    )
    [ "$acked" = "${B[stored]}" ] || die "run $run: $acked answer sets in the database, but ${B[stored]} were acknowledged as stored"
    [ "$complete" = "$acked" ] || die "run $run: only $complete of $acked stored answer sets are pre-survey sets with all $ANSWERS_PER_SET answers"
    CHECK="run $run: database holds exactly the ${B[stored]} acknowledged answer sets, each with $ANSWERS_PER_SET answers; $unacked_stored of ${B[unacked]} requests cut off by the end of the run were stored too"
}

header() {
    printf '%-8s %5s %8s %9s %8s %8s %8s %8s %9s %9s %6s %7s %7s\n' \
        phase run stored sets/s p50_ms p90_ms p99_ms max_ms srv_us/set wrk_us/req idle errors dup >&2
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

SUMMARY=()
if [[ " $PHASES " == *" load "* ]]; then
    say "load: wrk, $CONNECTIONS connections, $THREADS threads, a new answer set per request; warm-up ${WARMUP}-${WARMUP_MAX} s, then $RUNS x ${DURATION} s"
    say "$(nproc) cores shared by wrk, the server and anything else running; load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
    header
    # Warm up until the JIT has tiered up: the server's CPU time per answer set falls while it does
    # (on a busy machine for a minute or more), so stop once a 5 s slice is no longer 5 % below the
    # cheapest slice before it.
    warmed=0 cheapest=
    while :; do
        load warm-up 5
        warmed=$((warmed + 5))
        if [ "$warmed" -ge "$WARMUP" ] && [ -n "$cheapest" ] && [ "$((B[cpu_us] * 100))" -ge "$((cheapest * 95))" ]; then break; fi
        if [ "$warmed" -ge "$WARMUP_MAX" ]; then echo "    warm-up: stopping after WARMUP_MAX=${WARMUP_MAX} s" >&2; break; fi
        if [ -z "$cheapest" ] || [ "${B[cpu_us]}" -lt "$cheapest" ]; then cheapest=${B[cpu_us]}; fi
    done
    RATES=() P50S=() P99S=() CPUS=() WRKS=() ERRORS=0 IDLES=()
    for ((i = 1; i <= RUNS; i++)); do
        load load "$DURATION"
        check_run "$RUN"
        echo "    $CHECK" >&2
        RATES+=("${B[rate]}"); P50S+=("${B[p50_ms]}"); P99S+=("${B[p99_ms]}"); CPUS+=("${B[cpu_us]}"); WRKS+=("${B[wrk_us]}"); IDLES+=("${B[idle]}")
        ERRORS=$((ERRORS + B[errors] + B[non2xx3xx]))
        [ "${B[wrong]}" = 0 ] || die "run $RUN: ${B[wrong]} new answer sets were answered \"stored\": false"
    done
    rate=$(printf '%s\n' "${RATES[@]}" | median)
    p50=$(printf '%s\n' "${P50S[@]}" | median)
    p99=$(printf '%s\n' "${P99S[@]}" | median)
    cpu=$(printf '%s\n' "${CPUS[@]}" | median)
    wrk_us=$(printf '%s\n' "${WRKS[@]}" | median)
    # What the CPU time per answer set (server + wrk) would allow if the machine's cores were ours alone.
    bound=$(awk -v s="$cpu" -v w="$wrk_us" -v n="$(nproc)" 'BEGIN { printf "%.0f", n * 1e6 / (s + w) }')
    idle=$(printf '%s\n' "${IDLES[@]}" | median)
    verdict=$(awk -v r="$rate" -v p="$p99" -v gr="$GOAL_RATE" -v gp="$GOAL_P99_MS" 'BEGIN { print (r >= gr && p <= gp) ? "met" : "NOT met" }')
    SUMMARY+=("$(printf 'ingest: %.0f answer-sets/s, p50 %.1f ms, p99 %.1f ms, %d errors/non-2xx (median of %d x %d s, %d connections; goal >= %d/s, p99 <= %d ms: %s); CPU per answer set: server %d us, wrk %d us (%s cores alone would allow ~%d/s); idle CPU %s%%, load average %s' \
        "$rate" "$p50" "$p99" "$ERRORS" "$RUNS" "$DURATION" "$CONNECTIONS" "$GOAL_RATE" "$GOAL_P99_MS" "$verdict" \
        "$cpu" "$wrk_us" "$(nproc)" "$bound" "$idle" "$(cut -d' ' -f1-3 /proc/loadavg)")")
fi

if [[ " $PHASES " == *" resend "* ]]; then
    say "resend: every ${RESEND_EVERY}th request resends an id already acknowledged, 5 s"
    header
    load resend 5 "$RESEND_EVERY"
    [ "${B[resent]}" -gt 0 ] || die "the resend run resent nothing"
    [ "${B[wrong]}" = 0 ] || die "${B[wrong]} answers said \"stored\": true for a resent id or false for a new one"
    [ "$((B[duplicate] + B[resend_cut]))" = "${B[resent]}" ] \
        || die "${B[resent]} ids resent, ${B[duplicate]} answered \"stored\": false, ${B[resend_cut]} cut off by the end of the run"
    [ "$((B[errors] + B[non2xx3xx]))" = 0 ] || die "the resend run had $((B[errors] + B[non2xx3xx])) errors"
    check_run "$RUN"
    echo "    $CHECK" >&2
    SUMMARY+=("resend: ${B[duplicate]} acknowledged ids sent again and answered 200 \"stored\": false, none stored twice; the database holds exactly the ${B[stored]} new answer sets")
fi

if [[ " $PHASES " == *" kill9 "* ]]; then
    total_acked=0 total_found=0
    for ((round = 1; round <= ROUNDS; round++)); do
        RUN=$((RUN + 1))
        acked_prefix=$WORK/acked-$RUN
        kill_after=$(awk -v r="$RANDOM" 'BEGIN { printf "%.1f", 2 + 3 * r / 32768 }')
        say "kill9 round $round/$ROUNDS: load, then kill -9 of the server (pid $APP_PID) after $kill_after s"
        INGEST_RUN=$RUN INGEST_RESEND=0 INGEST_UNACKED=$WORK/unacked-$RUN.txt INGEST_ACKED=$acked_prefix \
            wrk -t "$THREADS" -c "$CONNECTIONS" -d 60s --timeout 10s -s "$HERE/answers.lua" "$URL/" > "$WORK/run-$RUN-kill9.txt" 2>&1 &
        WRK_PID=$!
        sleep "$kill_after"
        kill -0 "$WRK_PID" 2>/dev/null || { cat "$WORK/run-$RUN-kill9.txt" >&2; die "wrk stopped before the kill"; }
        kill -KILL "$APP_PID"
        wait "$APP_PID" 2>/dev/null || true
        APP_PID=
        stop "$WRK_PID" INT # wrk stops at once and prints its summary; every 200 it saw is in acked-*
        WRK_PID=
        cat "$acked_prefix".* 2>/dev/null > "$WORK/acked-$RUN.txt" || true
        acked=$(sort -u "$WORK/acked-$RUN.txt" | wc -l)
        [ "$acked" -gt 0 ] || die "round $round: nothing was acknowledged before the kill"
        [ -s "$DB-wal" ] && wal="$(stat -c %s "$DB-wal") bytes of WAL left behind" || wal="no WAL left behind"

        say "kill9 round $round: restarting the server on the same data directory ($wal)"
        start_server
        read -r found rows < <(sql <<EOF
CREATE TEMP TABLE acked(id TEXT PRIMARY KEY);
.mode csv
.import $WORK/acked-$RUN.txt acked
.mode list
.separator ' '
UPDATE acked SET id = upper(id);
SELECT (SELECT count(*) FROM SurveyResponses WHERE Id IN (SELECT id FROM acked)),
       (SELECT count(*) FROM SurveyResponses WHERE substr(Id, 16, 3) = '$(printf '%03X' "$RUN")');
EOF
        )
        # The restarted server itself: a resend of an acknowledged id is a duplicate.
        sample=$(shuf -n 1 "$WORK/acked-$RUN.txt")
        again=$(curl -sS -X POST "$URL/api/audience/$INGEST_CODE/answers" -H 'Content-Type: application/json' \
            -H "Cookie: kd-p-$INGEST_CODE=$(head -n 1 "$INGEST_TOKENS")" \
            -d "{\"id\":\"$sample\",\"phase\":\"pre\",\"questionnaireVersion\":\"$INGEST_VERSION\",\"answers\":{\"trust\":\"3\"}}" -w ' %{http_code}')
        echo "    round $round: acknowledged $acked, found $found after kill -9 ($rows rows of the round: $((rows - found)) more whose 200 never reached the client); resend of one after restart: $again" >&2
        total_acked=$((total_acked + acked)); total_found=$((total_found + found))
        [ "$found" = "$acked" ] || die "round $round: LOSS: acknowledged $acked, found only $found after kill -9"
        [[ $again == *'"stored":false'*' 200' ]] || die "round $round: the restarted server did not recognise an acknowledged id: $again"
    done
    SUMMARY+=("kill -9: acknowledged $total_acked, found $total_found after kill -9 ($ROUNDS rounds, server restarted on the same data directory each time)")
fi

echo >&2
printf '%s\n' "${SUMMARY[@]}"

# What the audience ingest benchmarks share (bench/ingest/run.sh: answer sets, bench/votes/run.sh:
# votes): sourced by them after they have set
#   NAME         short name (temporary directories, messages): ingest, votes
#   HERE         the benchmark's directory            SCRIPT   its wrk script (uses bench/lib/acks.lua)
#   ITEM / ITEMS one item / items of a request, in words ("answer set" / "answer sets", "vote" / "votes")
#   ITEM_SHORT   column label ("set", "vote")         PER_REQUEST  items per request
#   TABLE        the table the items land in          COMPLETE  SQL condition every stored item must meet
#   COMPLETE_WHAT  that condition, in words           GOAL_RATE (items/s)  GOAL_P99_MS
#   SETUP_ARGS   extra arguments of bench/lib/Setup.cs (an array)    SETUP_WHAT  what they open, in words
#   NEEDS        optional: the programs needed besides dotnet (default "wrk sqlite3 curl")
# and defined the functions
#   workload_env    after setup: export what the wrk script needs beyond BENCH_CODE/BENCH_TOKENS
#   workload_send ID [COOKIE_TOKEN]   one item with this id by curl; prints the body and the status
#                   (optional: without it, prepare sends no probe item and the screening stays untouched)
# The knobs PHASES DURATION RUNS WARMUP WARMUP_MAX CONNECTIONS THREADS PHONES RESEND_EVERY ROUNDS get
# their defaults here.
# Then bench_main runs: prerequisites, publish, migrate, administrator, serve, setup over HTTP (all
# of it bench_start, which a benchmark with its own measurement calls instead: bench/projector), and
# the phases load, resend, kill9 (see bench/ingest/README.md).

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { echo "$NAME bench: $*" >&2; exit 1; }

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export LC_ALL=C DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export BENCH_LUA_LIB=$ROOT/bench/lib/acks.lua

# The knobs both benchmarks have, with their defaults (the environment overrides them).
PHASES=${PHASES:-load paced resend kill9}
DURATION=${DURATION:-20}
RUNS=${RUNS:-3}
WARMUP=${WARMUP:-60}
WARMUP_MAX=${WARMUP_MAX:-120}
CONNECTIONS=${CONNECTIONS:-200}
THREADS=${THREADS:-2}
PHONES=${PHONES:-256}
RESEND_EVERY=${RESEND_EVERY:-5}
ROUNDS=${ROUNDS:-3}
RATE=${RATE:-$((${GOAL_RATE:-1} * 105 / 100))} # paced phase: items per second offered (5 % above the goal; bench/projector has none)
PACED_CONNECTIONS=${PACED_CONNECTIONS:-600}

check_knobs() {
    local knob phase
    for knob in DURATION RUNS WARMUP WARMUP_MAX CONNECTIONS THREADS PHONES RESEND_EVERY ROUNDS RATE PACED_CONNECTIONS "$@"; do
        [[ ${!knob} =~ ^[1-9][0-9]*$ ]] || die "$knob must be a positive whole number (got '${!knob}')"
    done
    for phase in $PHASES; do
        [[ $phase =~ ^(load|paced|resend|kill9)$ ]] || die "unknown phase '$phase' in PHASES (load, paced, resend, kill9)"
    done
}

# --- Prerequisites -------------------------------------------------------------------------------
prerequisites() {
    command -v dotnet >/dev/null 2>&1 || die "the .NET 10 SDK is missing"
    local missing=() tool
    for tool in ${NEEDS:-wrk sqlite3 curl}; do
        command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
            say "Installing ${missing[*]}"
            apt-get update -qq
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null || die "apt-get install ${missing[*]} failed"
        else
            echo "Please install: sudo apt-get install ${missing[*]}   (then run bench/$NAME/run.sh again)" >&2
            exit 1
        fi
    fi
    HZ=$(getconf CLK_TCK)
}

# --- Work directory, the server process and cleanup ----------------------------------------------
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
    if [ "$status" != 0 ] && [ -n "${WORK:-}" ]; then
        local logs log
        logs=$(mktemp -d "/tmp/kinodialog-bench-$NAME-logs.XXXXXX")
        find "$WORK" -maxdepth 2 \( -name '*.log' -o -name '*.txt' \) -exec cp {} "$logs"/ \; 2>/dev/null || true
        echo "$NAME bench failed (exit $status); logs kept in $logs" >&2
        for log in "$logs"/app*.log; do
            [ -s "$log" ] && { echo "--- tail of $log" >&2; tail -n 20 "$log" >&2; }
        done
    fi
    [ -n "${WORK:-}" ] && rm -rf "$WORK"
    exit "$status"
}

free_port() { # a TCP port nothing answers on at 127.0.0.1
    local port
    while :; do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
    done
}

app() { (cd "$WORK/app" && exec dotnet Kinodialog.Web.dll "$@"); }

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

# --- Publish, migrate, administrator, serve, setup -------------------------------------------------
prepare() {
    say "Publishing Kinodialog (Release) to $WORK/app"
    (cd "$ROOT" && dotnet publish src/Kinodialog.Web/Kinodialog.Web.csproj -c Release -o "$WORK/app" -v quiet -nologo -clp:ErrorsOnly) > "$WORK/publish.log" 2>&1 \
        || { cat "$WORK/publish.log" >&2; die "publish failed"; }
    [ -f "$WORK/app/Kinodialog.Web.dll" ] || die "publish produced no Kinodialog.Web.dll"

    export Storage__DataPath=$WORK/data
    export Storage__MediaPath=$WORK/data/media
    # Thousands of simulated phones from one address, each far faster than a person: the audience
    # limits (README, AudienceLimits) would refuse them, and they are not what is measured here.
    export AudienceLimits__PhoneRequestsPerMinute=1000000 AudienceLimits__PhoneBurst=1000000
    export AudienceLimits__PhoneVotesPerMinute=1000000 AudienceLimits__PhoneVoteBurst=1000000
    export AudienceLimits__AddressRequestsPerMinute=10000000 AudienceLimits__AddressBurst=10000000
    export AudienceLimits__JoinsPerAddressPerMinute=1000000
    export AudienceLimits__PhoneAnswerSetsPerMinute=1000000 AudienceLimits__PhoneAnswerSetBurst=1000000
    export AudienceLimits__PhoneProposalsPerMinute=1000000 AudienceLimits__PhoneProposalBurst=1000000
    export ASPNETCORE_ENVIRONMENT=Production
    unset Database__Provider Database__ConnectionString
    DB=$WORK/data/kinodialog.db

    say "Migrating a fresh SQLite database in $WORK/data"
    app migrate > "$WORK/migrate.log" 2>&1 || { cat "$WORK/migrate.log" >&2; die "migrate failed"; }
    local email=bench-admin@kinodialog.local password
    password="bench $(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
    app create-admin --email "$email" --name "Bench administrator" --password "$password" > "$WORK/admin.log" 2>&1 \
        || { cat "$WORK/admin.log" >&2; die "create-admin failed"; }

    PORT=$(free_port)
    URL=http://127.0.0.1:$PORT
    say "Starting Kinodialog on $URL (Production, SQLite WAL)"
    start_server
    local journal
    journal=$(sqlite3 "$DB" 'PRAGMA journal_mode;')
    [ "$journal" = wal ] || die "the database is in journal mode '$journal', not WAL"

    say "Setting up over HTTP (bench/lib/Setup.cs): sign in, add a film, plan a screening, open it${SETUP_WHAT:+, $SETUP_WHAT}, $PHONES phones join"
    (cd "$ROOT/bench/lib" && dotnet run Setup.cs -- "$URL" "$email" "$password" "$PHONES" "$WORK/setup" "${SETUP_ARGS[@]}") > "$WORK/setup.log" 2>&1 \
        || { cat "$WORK/setup.log" >&2; die "setup failed"; }
    sed 's/^/    /' "$WORK/setup.log" >&2
    export BENCH_CODE BENCH_TOKENS=$WORK/setup/tokens
    BENCH_CODE=$(< "$WORK/setup/code")
    SCREENING=$(< "$WORK/setup/screening")
    [ "$(wc -l < "$BENCH_TOKENS")" = "$PHONES" ] || die "setup wrote $(wc -l < "$BENCH_TOKENS") tokens, expected $PHONES"
    workload_env

    # One item by hand: the endpoint accepts it and says so (run tag FFF: no run of wrk uses it).
    declare -F workload_send >/dev/null || return 0
    local probe
    probe=$(workload_send "$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')-0000-4fff-8000-000000000000")
    [[ $probe == *'"stored":true'*' 200' ]] || die "a hand-made $ITEM was not stored: $probe"
}

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

sql() { sqlite3 -batch -noheader -cmd ".timeout 10000" "$DB" "$@"; }

ids_table() { # NAME FILE: sqlite3 input loading the ids in FILE (one a line) into temporary table NAME, upper-cased as stored
    printf '%s\n' "CREATE TEMP TABLE $1(id TEXT PRIMARY KEY);" .mode\ csv ".import $2 $1" .mode\ list ".separator ' '" "UPDATE $1 SET id = upper(id);"
}

run_tag() { printf '%03X' "$1"; } # the run number as it stands in the ids (characters 16-18)

RUN=0
PACE=0                        # requests per second offered in all (0: closed loop)
LOAD_CONNECTIONS=$CONNECTIONS # wrk connections of the next run
declare -A B # the BENCH line of the latest wrk run, by key
load() { # LABEL SECONDS [RESEND_EVERY]: one wrk run; sets B[...] and prints a table row
    local label=$1 seconds=$2 resend=${3:-0} out line pair before after busy0 idle0 busy1 idle1
    RUN=$((RUN + 1))
    out=$WORK/run-$RUN-$label.txt
    before=$(cpu_ticks "$APP_PID")
    read -r busy0 idle0 < <(idle_ticks)
    local TIMEFORMAT='%U %S' wrk_user wrk_sys
    { time BENCH_RUN=$RUN BENCH_RESEND=$resend BENCH_UNACKED=$WORK/unacked-$RUN.txt BENCH_PACE=$PACE BENCH_THREADS=$THREADS \
        wrk -t "$THREADS" -c "$LOAD_CONNECTIONS" -d "${seconds}s" --timeout 10s -s "$SCRIPT" "$URL/" > "$out" 2>&1; } 2> "$out.time" \
        || { cat "$out" >&2; die "wrk failed"; }
    read -r wrk_user wrk_sys < "$out.time"
    after=$(cpu_ticks "$APP_PID")
    read -r busy1 idle1 < <(idle_ticks)
    line=$(grep '^BENCH ' "$out") || { cat "$out" >&2; die "wrk printed no summary"; }
    B=()
    for pair in ${line#BENCH }; do B[${pair%%=*}]=${pair#*=}; done
    B[rate]=$(awk -v n="${B[stored]}" -v d="${B[duration_us]}" 'BEGIN { printf "%.0f", n / (d / 1e6) }')
    B[req_rate]=$(awk -v n="${B[requests]}" -v d="${B[duration_us]}" 'BEGIN { printf "%.0f", n / (d / 1e6) }')
    B[cpu_us]=$(awk -v t="$((after - before))" -v hz="$HZ" -v n="${B[stored]}" 'BEGIN { printf "%.0f", n ? t / hz * 1e6 / n : 0 }')
    B[wrk_us]=$(awk -v u="$wrk_user" -v s="$wrk_sys" -v n="${B[requests]}" 'BEGIN { printf "%.0f", n ? (u + s) * 1e6 / n : 0 }')
    B[idle]=$(awk -v b="$((busy1 - busy0))" -v i="$((idle1 - idle0))" 'BEGIN { printf "%.0f", 100 * i / (b + i) }')
    printf '%-8s %5s %8d %9s %8s %8s %8s %8s %8s %10s %10s %5s%% %7d %7d%s\n' "$label" "$RUN" "${B[stored]}" "${B[rate]}" "${B[req_rate]}" \
        "${B[p50_ms]}" "${B[p90_ms]}" "${B[p99_ms]}" "${B[max_ms]}" "${B[cpu_us]}" "${B[wrk_us]}" "${B[idle]}" \
        "$((B[errors] + B[non2xx3xx]))" "${B[duplicate]}" "${B[late]:+ ${B[late]} late}" | tee -a "$WORK/table.txt" >&2
}

header() {
    printf '%-8s %5s %8s %9s %8s %8s %8s %8s %8s %10s %10s %6s %7s %7s\n' \
        phase run stored "${ITEM_SHORT}s/s" req/s p50_ms p90_ms p99_ms max_ms "srv_us/$ITEM_SHORT" wrk_us/req idle errors dup >&2
}

check_run() { # RUN: the database holds exactly the acknowledged items of that run, each complete
    local run=$1 tag acked complete unacked_stored
    tag=$(run_tag "$run")
    sleep 1 # let the requests cut off by the end of the run reach the database (they are not counted)
    read -r acked complete unacked_stored < <(sql <<EOF
$(ids_table unacked "$WORK/unacked-$run.txt")
SELECT
  (SELECT count(*) FROM $TABLE WHERE substr(Id, 16, 3) = '$tag' AND Id NOT IN (SELECT id FROM unacked)),
  (SELECT count(*) FROM $TABLE WHERE substr(Id, 16, 3) = '$tag' AND Id NOT IN (SELECT id FROM unacked) AND $COMPLETE),
  (SELECT count(*) FROM $TABLE WHERE substr(Id, 16, 3) = '$tag' AND Id IN (SELECT id FROM unacked));
EOF
    )
    [ "$acked" = "${B[stored]}" ] || die "run $run: $acked $ITEMS in the database, but ${B[stored]} were acknowledged as stored"
    [ "$complete" = "$acked" ] || die "run $run: only $complete of $acked stored $ITEMS are $COMPLETE_WHAT"
    CHECK="run $run: database holds exactly the ${B[stored]} acknowledged $ITEMS, each $COMPLETE_WHAT; $unacked_stored of the ${B[unacked]} $ITEMS of requests cut off by the end of the run were stored too"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# --- Phases -------------------------------------------------------------------------------------------
SUMMARY=()

WARMED=0
warm_up() { # closed-loop wrk runs until the JIT has tiered up (once per server process)
    [ "$WARMED" = 0 ] || return 0
    # The server's CPU time per item falls while the JIT tiers up (on a busy machine for a minute
    # or more), so stop once a 5 s slice is no longer 5 % below the cheapest slice before it.
    local warmed=0 cheapest=
    while :; do
        load warm-up 5
        warmed=$((warmed + 5))
        if [ "$warmed" -ge "$WARMUP" ] && [ -n "$cheapest" ] && [ "$((B[cpu_us] * 100))" -ge "$((cheapest * 95))" ]; then break; fi
        if [ "$warmed" -ge "$WARMUP_MAX" ]; then echo "    warm-up: stopping after WARMUP_MAX=${WARMUP_MAX} s" >&2; break; fi
        if [ -z "$cheapest" ] || [ "${B[cpu_us]}" -lt "$cheapest" ]; then cheapest=${B[cpu_us]}; fi
    done
    WARMED=1
}

counted_runs() { # LABEL: RUNS counted runs, each checked against the database; sets the medians M[...]
    local label=$1 i key
    local -A values=()
    local errors=0 late=0
    for ((i = 1; i <= RUNS; i++)); do
        load "$label" "$DURATION"
        check_run "$RUN"
        echo "    $CHECK" >&2
        for key in rate req_rate p50_ms p99_ms cpu_us wrk_us idle; do values[$key]+="${B[$key]} "; done
        errors=$((errors + B[errors] + B[non2xx3xx]))
        late=$((late + ${B[late]:-0}))
        [ "${B[wrong]}" = 0 ] || die "run $RUN: ${B[wrong]} new $ITEMS were answered \"stored\": false"
    done
    M=([errors]=$errors [late]=$late)
    for key in "${!values[@]}"; do M[$key]=$(printf '%s\n' ${values[$key]} | median); done
    M[verdict]=$(awk -v r="${M[rate]}" -v p="${M[p99_ms]}" -v gr="$GOAL_RATE" -v gp="$GOAL_P99_MS" 'BEGIN { print (r >= gr && p <= gp) ? "met" : "NOT met" }')
}
declare -A M

phase_load() {
    say "load: wrk, $CONNECTIONS connections, $THREADS threads, $PER_REQUEST new $([ "$PER_REQUEST" = 1 ] && echo "$ITEM" || echo "$ITEMS") per request, each connection sending again as soon as it has its answer; warm-up ${WARMUP}-${WARMUP_MAX} s, then $RUNS x ${DURATION} s"
    say "$(nproc) cores shared by wrk, the server and anything else running; load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
    header
    PACE=0 LOAD_CONNECTIONS=$CONNECTIONS
    warm_up
    counted_runs load
    # What the CPU time per item (server + wrk's share of a request) would allow if the machine's cores were ours alone.
    local bound
    bound=$(awk -v s="${M[cpu_us]}" -v w="${M[wrk_us]}" -v k="$PER_REQUEST" -v n="$(nproc)" 'BEGIN { printf "%.0f", n * 1e6 / (s + w / k) }')
    SUMMARY+=("$(printf '%s load (closed loop): %.0f %s/s (%.0f requests/s, %d per request), p50 %.1f ms, p99 %.1f ms, %d errors/non-2xx (median of %d x %d s, %d connections sending back to back; goal >= %d/s, p99 <= %d ms: %s); CPU per %s: server %.0f us, wrk %.0f us per request (%s cores alone would allow ~%d/s); idle CPU %s%%, load average %s' \
        "$NAME" "${M[rate]}" "${ITEMS// /-}" "${M[req_rate]}" "$PER_REQUEST" "${M[p50_ms]}" "${M[p99_ms]}" "${M[errors]}" "$RUNS" "$DURATION" "$CONNECTIONS" "$GOAL_RATE" "$GOAL_P99_MS" "${M[verdict]}" \
        "$ITEM" "${M[cpu_us]}" "${M[wrk_us]}" "$(nproc)" "$bound" "${M[idle]}" "$(cut -d' ' -f1-3 /proc/loadavg)")")
}

phase_paced() {
    local per_second
    per_second=$(awk -v r="$RATE" -v k="$PER_REQUEST" 'BEGIN { printf "%.3f", r / k }')
    say "paced: wrk, open loop: $RATE $ITEMS/s offered ($per_second requests/s, $PER_REQUEST per request, send times a Poisson process), $PACED_CONNECTIONS connections; latency measured from each request's due time; $RUNS x ${DURATION} s"
    say "$(nproc) cores shared by wrk, the server and anything else running; load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
    header
    PACE=0 LOAD_CONNECTIONS=$CONNECTIONS
    warm_up
    PACE=$per_second LOAD_CONNECTIONS=$PACED_CONNECTIONS
    counted_runs paced
    PACE=0 LOAD_CONNECTIONS=$CONNECTIONS
    SUMMARY+=("$(printf '%s paced (open loop, %d %s/s offered): %.0f %s/s stored (%.0f requests/s, %d per request), p50 %.1f ms, p99 %.1f ms from the due time, %d errors/non-2xx, %d requests sent late for want of a free connection (median of %d x %d s, %d connections; goal >= %d/s, p99 <= %d ms: %s); CPU per %s: server %.0f us, wrk %.0f us per request; idle CPU %s%%' \
        "$NAME" "$RATE" "${ITEMS// /-}" "${M[rate]}" "${ITEMS// /-}" "${M[req_rate]}" "$PER_REQUEST" "${M[p50_ms]}" "${M[p99_ms]}" "${M[errors]}" "${M[late]}" "$RUNS" "$DURATION" "$PACED_CONNECTIONS" "$GOAL_RATE" "$GOAL_P99_MS" "${M[verdict]}" \
        "$ITEM" "${M[cpu_us]}" "${M[wrk_us]}" "${M[idle]}")")
}

phase_resend() {
    say "resend: every ${RESEND_EVERY}th request resends the latest request acknowledged as stored, 5 s"
    header
    load resend 5 "$RESEND_EVERY"
    [ "${B[resent]}" -gt 0 ] || die "the resend run resent nothing"
    [ "${B[wrong]}" = 0 ] || die "${B[wrong]} answers said \"stored\": true for a resent id or false for a new one"
    [ "$((B[duplicate] + B[resend_cut]))" = "${B[resent]}" ] \
        || die "${B[resent]} ids resent, ${B[duplicate]} answered \"stored\": false, ${B[resend_cut]} cut off by the end of the run"
    [ "$((B[errors] + B[non2xx3xx]))" = 0 ] || die "the resend run had $((B[errors] + B[non2xx3xx])) errors"
    check_run "$RUN"
    echo "    $CHECK" >&2
    SUMMARY+=("resend: ${B[duplicate]} acknowledged $ITEMS sent again and answered 200 \"stored\": false, none stored twice; the database holds exactly the ${B[stored]} new $ITEMS")
}

phase_kill9() {
    local total_acked=0 total_found=0 round acked_prefix kill_after acked wal found rows sample again
    for ((round = 1; round <= ROUNDS; round++)); do
        RUN=$((RUN + 1))
        acked_prefix=$WORK/acked-$RUN
        kill_after=$(awk -v r="$RANDOM" 'BEGIN { printf "%.1f", 2 + 3 * r / 32768 }')
        say "kill9 round $round/$ROUNDS: load, then kill -9 of the server (pid $APP_PID) after $kill_after s"
        BENCH_RUN=$RUN BENCH_RESEND=0 BENCH_UNACKED=$WORK/unacked-$RUN.txt BENCH_ACKED=$acked_prefix BENCH_PACE=0 BENCH_THREADS=$THREADS \
            wrk -t "$THREADS" -c "$CONNECTIONS" -d 60s --timeout 10s -s "$SCRIPT" "$URL/" > "$WORK/run-$RUN-kill9.txt" 2>&1 &
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
$(ids_table acked "$WORK/acked-$RUN.txt")
SELECT (SELECT count(*) FROM $TABLE WHERE Id IN (SELECT id FROM acked)),
       (SELECT count(*) FROM $TABLE WHERE substr(Id, 16, 3) = '$(run_tag "$RUN")');
EOF
        )
        # The restarted server itself: a resend of an acknowledged id is a duplicate.
        sample=$(shuf -n 1 "$WORK/acked-$RUN.txt")
        again=$(workload_send "$sample")
        echo "    round $round: acknowledged $acked, found $found after kill -9 ($rows $ITEMS of the round stored: $((rows - found)) more whose 200 never reached the client); resend of one after restart: $again" >&2
        total_acked=$((total_acked + acked)); total_found=$((total_found + found))
        [ "$found" = "$acked" ] || die "round $round: LOSS: acknowledged $acked, found only $found after kill -9"
        [[ $again == *'"stored":false'*' 200' ]] || die "round $round: the restarted server did not recognise an acknowledged id: $again"
    done
    SUMMARY+=("kill -9: acknowledged $total_acked, found $total_found after kill -9 ($ROUNDS rounds, server restarted on the same data directory each time)")
}

bench_start() { # prerequisites, work directory, cleanup on exit, then prepare (publish ... setup)
    prerequisites
    WORK=$(mktemp -d "/tmp/kinodialog-bench-$NAME.XXXXXX")
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    prepare
}

bench_main() {
    bench_start
    local phase
    for phase in load paced resend kill9; do
        if [[ " $PHASES " == *" $phase "* ]]; then "phase_$phase"; fi
    done
    echo >&2
    printf '%s\n' "${SUMMARY[@]}"
}

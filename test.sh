#!/usr/bin/env bash
# Kinodialog: install test prerequisites, start a throwaway PostgreSQL, run every check and test.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Every process this script starts is short-lived (the build, the checks, test hosts, the apps the tests start):
# the runtime's instrumented tier (dynamic PGO) costs them more than it gives back. Measured on 2 cores: the
# build 86 s -> 63 s, a mix of web and command-line tests 20 % less CPU. run.sh's server keeps it.
export DOTNET_TieredPGO=0
# The ~300 app hosts the tests start would each watch their configuration files for changes (a file-watcher thread
# per host, not released when the host stops: 110 such threads half-way through the web tests); no test changes
# its configuration while running. About 7 % less CPU in the screening and dialogue tests.
export DOTNET_hostBuilder__reloadConfigOnChange=false

# Each step says how long the one before it took (the suite must stay well under 15 minutes on 2 cores).
STEP_START=$SECONDS
STEP_NAME=
say() {
    if [ -n "$STEP_NAME" ]; then printf '    (%s: %d s)\n' "$STEP_NAME" $((SECONDS - STEP_START)); fi
    STEP_NAME=$*
    STEP_START=$SECONDS
    printf '\033[1m==> %s\033[0m\n' "$*"
}

# 1. Prerequisites: Debian's chromium (never a downloaded browser), PostgreSQL, ffmpeg, Node.js for axe-core,
#    Redis and nginx (the tests of several nodes start their own, on loopback).
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || missing+=(fonts-dejavu-core)
[ -x /usr/bin/redis-server ] || missing+=(redis-server)
[ -x /usr/sbin/nginx ] || missing+=(nginx-light)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "Installing ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        echo "Please install: sudo apt-get install ${missing[*]}" >&2
        exit 1
    fi
fi

say "Installing axe-core (npm)"
(cd tests/Kinodialog.BrowserTests && npm ci --no-audit --no-fund --loglevel=error)

# 2. A private PostgreSQL: throwaway data directory, free port, stopped at exit.
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
PG_DIR=$(mktemp -d /tmp/kinodialog-pg.XXXXXX)
PG_PORT=
for port in $(seq 55432 55532); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then PG_PORT=$port; break; fi
done
[ -n "$PG_PORT" ] || { echo "No free port for PostgreSQL" >&2; exit 1; }
as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" = 0 ]; then chown postgres "$PG_DIR"; fi
cleanup() {
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
}
trap cleanup EXIT
say "Starting PostgreSQL on port $PG_PORT"
as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
export KINODIALOG_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"

# 3. Build (warnings are errors); then the checks that need the build, side by side: the package source is asked
#    over the network, and each check spends seconds loading projects on one core, so on two cores the five
#    together take little longer than the longest of them.
say "Building"
dotnet tool restore >/dev/null
# Release: the tests run optimised code (the core's statistics and the apps the tests start are CPU-bound).
dotnet build Kinodialog.slnx -c Release -nologo -v quiet -clp:ErrorsOnly

# check NAME COMMAND...: runs COMMAND in the background; its output goes to $PG_DIR/NAME.log, and its exit
# code and seconds to $PG_DIR/NAME.status.
check() {
    local name=$1
    shift
    (
        started=$SECONDS
        if "$@" > "$PG_DIR/$name.log" 2>&1; then rc=0; else rc=$?; fi
        echo "$rc $((SECONDS - started))" > "$PG_DIR/$name.status"
    ) &
}
vulnerable_packages() {
    local log
    if ! log=$(dotnet list Kinodialog.slnx package --vulnerable --include-transitive 2>&1); then
        printf '%s\n' "$log"
        echo "The vulnerability check could not ask the package source."
        return 1
    fi
    printf '%s\n' "$log"
    if grep -q "has the following vulnerable packages" <<< "$log"; then
        echo "A package with a known vulnerability is referenced (see above)."
        return 1
    fi
}
say "Checking packages, formatting and migrations (side by side)"
check "known vulnerabilities" vulnerable_packages
# Whitespace of every C# file in the repository (folder mode: no project is loaded, and files outside the
# solution, such as bench/lib's scripts, are checked too). The order of using directives needs the projects,
# and is the one thing dotnet format style finds that the build does not: every code-style rule at warning
# already fails the build (warnings are errors, EnforceCodeStyleInBuild), so only IMPORTS is asked for
# (17 s instead of 46 s, a third of the CPU).
check "whitespace (dotnet format whitespace --folder)" dotnet format whitespace . --folder --verify-no-changes
check "import order (dotnet format style --diagnostics IMPORTS)" \
    dotnet format style Kinodialog.slnx --verify-no-changes --no-restore --diagnostics IMPORTS
for provider in Sqlite Postgres; do
    check "no pending model changes ($provider)" dotnet ef migrations has-pending-model-changes --no-build --configuration Release \
        --project "src/Kinodialog.Data.$provider" --startup-project "src/Kinodialog.Data.$provider"
done
wait
checks_failed=0
for status in "$PG_DIR"/*.status; do
    name=$(basename "$status" .status)
    read -r rc seconds < "$status"
    if [ "$rc" = 0 ]; then
        printf '    %s: %d s\n' "$name" "$seconds"
    else
        printf '    %s: FAILED (exit code %s, %d s)\n' "$name" "$rc" "$seconds"
        cat "$PG_DIR/$name.log" >&2
        checks_failed=1
    fi
done
[ "$checks_failed" = 0 ] || exit 1

# 4. Tests: Core, Web (SQLite and PostgreSQL), Browser (Chromium + axe-core).
say "Running tests"
rm -rf "$ROOT/TestResults"
status=0
# Benchmarks written as tests (bench/field/sync.sh) need what their script sets up: not run here.
# The three test assemblies run side by side (-maxcpucount:3; the default, one per core, started the web tests,
# the longest, only when the core tests had finished).
dotnet test Kinodialog.slnx -c Release --no-build -nologo -maxcpucount:3 --filter "Category!=Benchmark" --logger "console;verbosity=normal" \
    --results-directory "$ROOT/TestResults" --logger trx 2>&1 | tee "$PG_DIR/test.log" || status=$?

count() { grep -hoE "<Counters [^>]*" "$ROOT"/TestResults/*.trx 2>/dev/null | grep -oE " $1=\"[0-9]+\"" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}'; }
passed=$(count passed); failed=$(count failed)
printf '    (%s: %d s; whole script: %d s)\n' "$STEP_NAME" $((SECONDS - STEP_START)) "$SECONDS"
echo "Tests: $passed passed, $failed failed"
exit $status

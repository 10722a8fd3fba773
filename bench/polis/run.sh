#!/usr/bin/env bash
# Polis reading benchmark (issue 12): generates a deterministic 10-million-vote Polis export (votes.csv and
# comments.csv in Polis's format) once, then reads it with the lenient reader (`opinions analyze`) and the
# strict one (the web import), RUNS times each, each read in its own process; prints seconds and MB/s.
# Usage: bash bench/polis/run.sh            (VOTES=10000000 RUNS=3 MODES="lenient strict"; DATA=dir to keep the files elsewhere)
set -euo pipefail
cd "$(dirname "$0")"
export LC_ALL=C DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_gcServer=0
VOTES=${VOTES:-10000000}
RUNS=${RUNS:-3}
MODES=${MODES:-"lenient strict"}
DATA=${DATA:-${TMPDIR:-/tmp}/kinodialog-bench-polis-$VOTES}

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

say "Building the benchmark (Release)"
dotnet build -c Release Polis.cs -nologo -v quiet -clp:ErrorsOnly >&2

if [ ! -s "$DATA/votes.csv" ]; then
    say "Generating $VOTES votes in $DATA"
    dotnet run -c Release --no-build Polis.cs -- generate "$DATA.tmp" "$VOTES"
    rm -rf "$DATA" && mv "$DATA.tmp" "$DATA"
fi

for mode in $MODES; do
    for run in $(seq 1 "$RUNS"); do
        say "Reading with the $mode reader (run $run of $RUNS), $(nproc) core(s), load $(cut -d' ' -f1 /proc/loadavg)"
        dotnet run -c Release --no-build Polis.cs -- read "$DATA" "$mode"
    done
done

#!/usr/bin/env bash
# Opinion-map benchmark: wall time and peak memory of a full recompute (OpinionEngine.Compute, cold and
# then warm from its own state) on synthetic conversations (SyntheticConversation: two communities and a
# bridging minority) of 10k, 100k and 1M participants. Each size runs in its own process under
# /usr/bin/time -v so that max RSS covers generation + recompute.
# Usage: bash bench/opinions/run.sh            (SIZES="10000:500:50 100000:2000:50" to choose sizes)
set -euo pipefail
cd "$(dirname "$0")"
export LC_ALL=C DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_gcServer=0
SIZES=${SIZES:-"10000:500:50 100000:2000:50 1000000:5000:50"}

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

say "Building the benchmark (Release)"
dotnet build -c Release Recompute.cs -nologo -v quiet -clp:ErrorsOnly >&2

for size in $SIZES; do
    IFS=: read -r participants statements votes <<< "$size"
    say "Recompute: $participants participants x $statements statements, ~$votes votes each, $(nproc) core(s)"
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -v dotnet run -c Release --no-build Recompute.cs -- "$participants" "$statements" "$votes" 2> time.log
        grep -E "Maximum resident set size|Elapsed \(wall" time.log
        rm -f time.log
    else
        dotnet run -c Release --no-build Recompute.cs -- "$participants" "$statements" "$votes"
    fi
done

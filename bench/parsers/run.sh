#!/usr/bin/env bash
# Parser robustness harness (issue 14): adversarial inputs for every parser for a bounded time; prints the
# worst CPU time per MB of input per parser, and any FINDING (an exception a parser should not throw).
# A stack overflow kills the process: that is reported as a crash with the exit code.
# Usage: bash bench/parsers/run.sh [SECONDS]     (default 120, shared evenly by the parsers)
set -euo pipefail
cd "$(dirname "$0")"
export LC_ALL=C DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_gcServer=0
SECONDS_BUDGET=${1:-120}

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

say "Building the harness (Release)"
dotnet build -c Release Kinodialog.Bench.Parsers.csproj -nologo -v quiet -clp:ErrorsOnly >&2

say "Fuzzing every parser for ${SECONDS_BUDGET} s in all, $(nproc) core(s)"
set +e
dotnet bin/Release/net10.0/Kinodialog.Bench.Parsers.dll "$SECONDS_BUDGET"
code=$?
set -e
case $code in
    0) say "No findings" ;;
    1) say "Findings above: keep each as a regression test" ;;
    *) say "The harness crashed (exit $code): a parser overflowed the stack or ran out of memory"; exit "$code" ;;
esac

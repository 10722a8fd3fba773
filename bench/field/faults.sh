#!/usr/bin/env bash
# Issue 16, item 6, "tested under faults", at full strength: the round trip of
# tests/Kinodialog.Web.Tests/Features/Field/FieldRoundTripTests.cs (a central instance as a real process
# on its own data directory, a field laptop on another, the fault-injecting proxy between them) run far
# harder than the suite runs it. The laptop downloads the screening through 50 % faults, holds it offline
# (PHONES phones: surveys, proposals, moderation, votes, a report, the close), then sends it back with
# `field sync --batch N` (N chosen at random in BATCH for every run) while FAULT_RATE of the requests are
# dropped, delayed, duplicated, reordered, truncated (either way) or reset; KILL_ROUNDS runs of
# `field sync` are killed with kill -9 after KILL_AFTER_MS (a random time in that range) or, when
# KILL_AFTER_REQUESTS is not 0, once they have sent that many requests through the proxy, the central
# instance is killed (kill -9) and restarted after every third (it may take CENTRAL_START s to answer
# again); a last run may retry for LAST_SYNC s. Passes when the sync is confirmed,
# every kind of fault happened, at least MIN_FAULTS requests were faulted and both sides hold exactly the
# same screening data (participants, statements, translations, answer sets, votes, flags, moderation,
# the screening's outcome), nothing duplicated or lost.
# Usage: bash bench/field/faults.sh
#   FAULT_RATE=0.9  BATCH=1-3  KILL_ROUNDS=15  KILL_AFTER_MS=4000-12000  KILL_AFTER_REQUESTS=0 (by time only)
#   MIN_FAULTS=1000  PHONES=60
#   LAST_SYNC=3000 (s)  CENTRAL_START=180 (s)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export LC_ALL=C DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

FAULT_RATE=${FAULT_RATE:-0.9}
BATCH=${BATCH:-1-3}
KILL_ROUNDS=${KILL_ROUNDS:-15}
KILL_AFTER_MS=${KILL_AFTER_MS:-4000-12000}
KILL_AFTER_REQUESTS=${KILL_AFTER_REQUESTS:-0}
MIN_FAULTS=${MIN_FAULTS:-1000}
PHONES=${PHONES:-60}
LAST_SYNC=${LAST_SYNC:-3000}
CENTRAL_START=${CENTRAL_START:-180}

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { echo "field faults bench: $*" >&2; exit 1; }
[[ $FAULT_RATE =~ ^(0(\.[0-9]+)?|1(\.0+)?)$ ]] || die "FAULT_RATE must be between 0 and 1 (got '$FAULT_RATE')"
[[ $BATCH =~ ^[1-9][0-9]*(-[1-9][0-9]*)?$ ]] || die "BATCH must be N or N-M (got '$BATCH')"
[[ $KILL_AFTER_MS =~ ^[1-9][0-9]*(-[1-9][0-9]*)?$ ]] || die "KILL_AFTER_MS must be N or N-M (got '$KILL_AFTER_MS')"
[[ $KILL_AFTER_REQUESTS =~ ^(0|[1-9][0-9]*(-[1-9][0-9]*)?)$ ]] || die "KILL_AFTER_REQUESTS must be 0, N or N-M (got '$KILL_AFTER_REQUESTS')"
for knob in KILL_ROUNDS MIN_FAULTS PHONES LAST_SYNC CENTRAL_START; do
    [[ ${!knob} =~ ^[0-9]+$ ]] || die "$knob must be a whole number (got '${!knob}')"
done
command -v dotnet >/dev/null 2>&1 || die "the .NET 10 SDK is missing"

WORK=$(mktemp -d /tmp/kinodialog-bench-field-faults.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

say "Building the tests and the app (Release)"
dotnet build "$ROOT/tests/Kinodialog.Web.Tests" -c Release -v quiet -nologo -clp:ErrorsOnly > "$WORK/build.log" 2>&1 \
    || { cat "$WORK/build.log" >&2; die "the build failed"; }

export KINODIALOG_FIELD_FAULT_RATE=$FAULT_RATE KINODIALOG_FIELD_BATCH=$BATCH KINODIALOG_FIELD_KILL_ROUNDS=$KILL_ROUNDS \
    KINODIALOG_FIELD_MIN_FAULTS=$MIN_FAULTS KINODIALOG_FIELD_PHONES=$PHONES KINODIALOG_FIELD_LAST_SYNC_SECONDS=$LAST_SYNC \
    KINODIALOG_FIELD_KILL_AFTER_MS=$KILL_AFTER_MS KINODIALOG_FIELD_KILL_AFTER_REQUESTS=$KILL_AFTER_REQUESTS \
    KINODIALOG_FIELD_CENTRAL_START_SECONDS=$CENTRAL_START \
    KINODIALOG_FIELD_REPORT=$WORK/report.txt
say "$PHONES phones; sync with $FAULT_RATE of the requests faulted, batches of $BATCH records, $KILL_ROUNDS runs killed after $KILL_AFTER_MS ms, at least $MIN_FAULTS faults"
say "$(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
started=$(date +%s)
status=0
dotnet test "$ROOT/tests/Kinodialog.Web.Tests" -c Release --no-build --filter "FullyQualifiedName~FieldRoundTripTests" \
    --logger "console;verbosity=detailed" > "$WORK/test.log" 2>&1 || status=$?
took=$(($(date +%s) - started))
grep -E '^\s*(round|last|central instance):' "$WORK/test.log" | sed 's/^\s*//' || true
[ -s "$WORK/report.txt" ] && cat "$WORK/report.txt"
echo "took $took s in all (set-up, offline screening, sync, checks); load average after: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
if [ "$status" != 0 ]; then
    grep -E -A15 '\[FAIL\]|Error Message' "$WORK/test.log" | head -60 >&2 || tail -n 60 "$WORK/test.log" >&2
    cp "$WORK/test.log" /tmp/kinodialog-field-faults-failed.log && echo "the whole log: /tmp/kinodialog-field-faults-failed.log" >&2
    die "FAILED (dotnet test exit $status)"
fi
echo "PASSED"

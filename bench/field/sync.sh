#!/usr/bin/env bash
# Issue 16, item 6, the benchmark: how long a field laptop takes to send a 300-person screening (600
# answer sets, 15,000 votes, 40 proposals) to the central instance over a link of 256 kbit/s.
# This script (as root) makes a network namespace joined to this computer by a veth pair and shapes both
# ends' egress with `tc qdisc … root tbf rate RATE` (the laptop's sending and receiving directions);
# then tests/Kinodialog.Web.Tests/Features/Field/FieldSyncBenchmarkTests.cs (Release) runs the central
# instance (its own data directory, SQLite) inside the namespace, so that it is reachable only over the
# shaped link, and puts the fault-injecting proxy in front of it on this side (the kernel has no netem:
# FAULT_PERCENT % of the requests are dropped, delayed up to 2 s, duplicated, reordered, truncated or
# reset, every request waits LATENCY_MS first, and LOSS_PERCENT % of the TCP-sized segments are lost
# and arrive one retransmission timeout — max(200 ms, 2 × LATENCY_MS) — late, as TCP resends them). The laptop enrols, downloads the screening, and
# PHONES phones hold it through the laptop's own pages and audience API (in-process HTTP: join, answer
# before and after, 40 of them propose, the facilitator accepts, each phone sends its 50 votes as one
# outbox). Then `field sync` (the real binary, default batch size) is timed until the check-in is
# confirmed; the bytes that crossed the shaped link are read from the veth's counters; and both sides
# must hold the same screening data, record for record.
# Usage: sudo bash bench/field/sync.sh
#   RATE=256kbit  LATENCY_MS=100  FAULT_PERCENT=5  LOSS_PERCENT=5  PHONES=300
#   TESTS_DLL (a Kinodialog.Web.Tests.dll built elsewhere in Release, e.g. with -o DIR/Release/net10.0,
#   while the worktree's own build is in use: no build then)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export LC_ALL=C DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

RATE=${RATE:-256kbit}
LATENCY_MS=${LATENCY_MS:-100}
FAULT_PERCENT=${FAULT_PERCENT:-5}
LOSS_PERCENT=${LOSS_PERCENT:-5}
PHONES=${PHONES:-300}

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { echo "field sync bench: $*" >&2; exit 1; }
[[ $RATE =~ ^[1-9][0-9]*[kmg]?bit$ ]] || die "RATE must be like 256kbit (got '$RATE')"
for knob in LATENCY_MS FAULT_PERCENT LOSS_PERCENT PHONES; do
    [[ ${!knob} =~ ^[0-9]+$ ]] || die "$knob must be a whole number (got '${!knob}')"
done
[ "$(id -u)" = 0 ] || die "needs root (ip netns, tc): sudo bash bench/field/sync.sh"
command -v dotnet >/dev/null 2>&1 || die "the .NET 10 SDK is missing"
if ! command -v tc >/dev/null 2>&1 || ! command -v ip >/dev/null 2>&1; then
    say "Installing iproute2 (ip, tc)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iproute2 >/dev/null || die "apt-get install iproute2 failed"
fi

WORK=$(mktemp -d /tmp/kinodialog-bench-field-sync.XXXXXX)
ID=$(tr -dc 'a-z0-9' < /dev/urandom | head -c 6 || true)
NS=kdb-$ID HOST_LINK=kdbh$ID PEER_LINK=kdbp$ID
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    ip netns del "$NS" 2>/dev/null || true
    ip link del "$HOST_LINK" 2>/dev/null || true
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT INT TERM

TESTS=$ROOT/tests/Kinodialog.Web.Tests
if [ -n "${TESTS_DLL:-}" ]; then
    [ -f "$TESTS_DLL" ] || die "TESTS_DLL: no such file: $TESTS_DLL"
    TESTS=$TESTS_DLL
else
    say "Building the tests and the app (Release)"
    dotnet build "$TESTS" -c Release -v quiet -nologo -clp:ErrorsOnly > "$WORK/build.log" 2>&1 \
        || { cat "$WORK/build.log" >&2; die "the build failed"; }
fi

used=$(ip -4 -o addr show)
for _ in $(seq 50); do
    N=$((1 + RANDOM % 254))
    grep -q "10\.212\.$N\." <<< "$used" || break
done
say "Network namespace $NS (central 10.212.$N.2) joined by $HOST_LINK (10.212.$N.1), both directions shaped to $RATE"
ip netns add "$NS"
ip link add "$HOST_LINK" type veth peer name "$PEER_LINK"
ip link set "$PEER_LINK" netns "$NS"
ip addr add "10.212.$N.1/24" dev "$HOST_LINK"
ip link set "$HOST_LINK" up
ip netns exec "$NS" ip addr add "10.212.$N.2/24" dev "$PEER_LINK"
ip netns exec "$NS" ip link set "$PEER_LINK" up
ip netns exec "$NS" ip link set lo up
# tbf: RATE, a bucket of a few full-size packets, at most 400 ms of queue (more is dropped, as a real
# bottleneck's buffer would). The laptop's side shapes what it sends, the central side what it answers.
tc qdisc add dev "$HOST_LINK" root tbf rate "$RATE" burst 4kb latency 400ms
ip netns exec "$NS" tc qdisc add dev "$PEER_LINK" root tbf rate "$RATE" burst 4kb latency 400ms
tc qdisc show dev "$HOST_LINK" >&2
ip netns exec "$NS" tc qdisc show dev "$PEER_LINK" >&2

export KINODIALOG_FIELD_BENCH_NETNS=$NS KINODIALOG_FIELD_BENCH_LINK=$HOST_LINK KINODIALOG_FIELD_BENCH_CENTRAL=10.212.$N.2 \
    KINODIALOG_FIELD_BENCH_PHONES=$PHONES KINODIALOG_FIELD_BENCH_FAULT_PERCENT=$FAULT_PERCENT KINODIALOG_FIELD_BENCH_LOSS_PERCENT=$LOSS_PERCENT KINODIALOG_FIELD_BENCH_LATENCY_MS=$LATENCY_MS \
    KINODIALOG_FIELD_BENCH_REPORT=$WORK/report.txt
say "$PHONES phones; the sync through $FAULT_PERCENT % faults, $LOSS_PERCENT % lost segments and $LATENCY_MS ms on every request; $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
started=$(date +%s)
status=0
[ -n "${TESTS_DLL:-}" ] && build_args=() || build_args=(-c Release --no-build)
dotnet test "$TESTS" "${build_args[@]}" --filter "FullyQualifiedName~FieldSyncBenchmarkTests" \
    --logger "console;verbosity=detailed" > "$WORK/test.log" 2>&1 || status=$?
[ -s "$WORK/report.txt" ] && cat "$WORK/report.txt"
echo "took $(($(date +%s) - started)) s in all; load average after: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
if [ "$status" != 0 ] || ! grep -q '^field sync:' "$WORK/report.txt" 2>/dev/null; then
    grep -E -A15 '\[FAIL\]|\[SKIP\]|Error Message' "$WORK/test.log" | head -60 >&2 || tail -n 60 "$WORK/test.log" >&2
    die "FAILED (dotnet test exit $status)"
fi
echo "PASSED"

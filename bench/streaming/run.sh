#!/usr/bin/env bash
# Streaming benchmark: Kinodialog's /media/films endpoint against nginx (Debian package, sendfile on)
# serving the same encoded film on loopback. wrk asks both for random 1 MiB range requests over
# CONNECTIONS connections; runs alternate app, nginx, app, nginx ... after one uncounted warm-up each.
# For every run it records throughput and the server's CPU seconds (utime + stime from /proc), and
# prints the medians: throughput ratio app/nginx (goal >= 0.9) and CPU seconds per GB (1e9 bytes).
# Usage: bash bench/streaming/run.sh
#   DURATION=10 (s per counted run)  RUNS=5 (counted runs per server)  WARMUP=5 (s)
#   CONNECTIONS=16  THREADS=2 (wrk threads)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
HERE=$ROOT/bench/streaming
export LC_ALL=C DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

DURATION=${DURATION:-10}
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-5}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
SOURCE_SECONDS=60
MiB=1048576

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { echo "streaming bench: $*" >&2; exit 1; }

for knob in DURATION RUNS WARMUP CONNECTIONS THREADS; do
    [[ ${!knob} =~ ^[1-9][0-9]*$ ]] || die "$knob must be a positive whole number (got '${!knob}')"
done

# --- Prerequisites -------------------------------------------------------------------------------
command -v dotnet >/dev/null 2>&1 || die "the .NET 10 SDK is missing"
nginx_bin() { command -v nginx 2>/dev/null || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } || true; }
missing=()
[ -n "$(nginx_bin)" ] || missing+=(nginx)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
command -v ffprobe >/dev/null 2>&1 || missing+=(ffmpeg)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v pgrep >/dev/null 2>&1 || missing+=(procps)
if [ ${#missing[@]} -gt 0 ]; then
    mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "Installing ${missing[*]}"
        apt-get update -qq
        packages=()
        for package in "${missing[@]}"; do
            if [ "$package" = nginx ]; then
                # nginx-light (bookworm) when the archive has it, else the full package.
                if apt-cache show nginx-light >/dev/null 2>&1; then packages+=(nginx-light); else packages+=(nginx); fi
            else
                packages+=("$package")
            fi
        done
        # The nginx package starts a system-wide server on port 80 unless policy-rc.d forbids it.
        policy_added=
        if [ ! -e /usr/sbin/policy-rc.d ]; then
            printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
            chmod 755 /usr/sbin/policy-rc.d
            policy_added=1
        fi
        status=0
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null || status=$?
        [ -z "$policy_added" ] || rm -f /usr/sbin/policy-rc.d
        [ "$status" = 0 ] || die "apt-get install ${packages[*]} failed"
    else
        echo "Please install: sudo apt-get install ${missing[*]/nginx/nginx-light}   (then run bench/streaming/run.sh again)" >&2
        exit 1
    fi
fi
NGINX=$(nginx_bin)
HZ=$(getconf CLK_TCK)

# --- Work directory, processes and their cleanup ----------------------------------------------
WORK=$(mktemp -d /tmp/kinodialog-bench-streaming.XXXXXX)
APP_PID=
NGINX_PID=

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
    stop "$APP_PID" TERM
    stop "$NGINX_PID" QUIT
    if [ "$status" != 0 ]; then
        local logs
        logs=$(mktemp -d /tmp/kinodialog-bench-streaming-logs.XXXXXX)
        find "$WORK" -maxdepth 3 \( -name '*.log' -o -name '*.txt' -o -name 'nginx.conf' \) -exec cp {} "$logs"/ \; 2>/dev/null || true
        echo "streaming bench failed (exit $status); logs kept in $logs" >&2
        for log in "$logs"/app.log "$logs"/error.log; do
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

# --- Build, migrate, encode one film --------------------------------------------------------------
say "Building Kinodialog (Release)"
dotnet build src/Kinodialog.Web/Kinodialog.Web.csproj -c Release -v quiet -nologo -clp:ErrorsOnly
DLL=$ROOT/src/Kinodialog.Web/bin/Release/net10.0/Kinodialog.Web.dll
[ -f "$DLL" ] || die "$DLL was not built"

export Storage__DataPath=$WORK/data
export Storage__MediaPath=$WORK/data/media
export ASPNETCORE_ENVIRONMENT=Production
export Logging__LogLevel__Default=Warning
app() { (cd "$ROOT/src/Kinodialog.Web" && exec dotnet "$DLL" "$@"); }

say "Migrating a fresh SQLite database in $WORK"
app migrate > "$WORK/migrate.log" 2>&1 || { cat "$WORK/migrate.log" >&2; die "migrate failed"; }

say "Generating a ${SOURCE_SECONDS} s 1280x720 source (testsrc2 + sine)"
ffmpeg -hide_banner -nostdin -loglevel error -y \
    -f lavfi -i "testsrc2=s=1280x720:r=25:d=$SOURCE_SECONDS" \
    -f lavfi -i "sine=f=440:r=48000:d=$SOURCE_SECONDS" \
    -c:v libx264 -preset ultrafast -crf 18 -pix_fmt yuv420p -c:a aac -b:a 192k -shortest \
    "$WORK/source.mp4"

say "Importing it (films import: encodes every rendition)"
app films import --file "$WORK/source.mp4" > "$WORK/import.log" 2>&1 || { cat "$WORK/import.log" >&2; die "films import failed"; }

FILE=$(find "$WORK/data/media/films" -type f -name '*.mp4' -printf '%s %p\n' | sort -n | tail -n 1 | cut -d' ' -f2-)
[ -n "$FILE" ] || die "the import stored no .mp4 under $WORK/data/media/films"
SIZE=$(stat -c %s "$FILE")
URL_PATH=/media/films/${FILE#"$WORK/data/media/films/"}
[ "$SIZE" -ge $((4 * MiB)) ] || die "$URL_PATH is only $SIZE bytes; too small for 1 MiB ranges"
dims=$(ffprobe -v error -select_streams v:0 -show_entries stream=width,height -of csv=s=x:p=0 "$FILE")
say "Benchmark file: $URL_PATH ($dims, $SIZE bytes, $((SIZE / MiB)) whole MiB)"

# --- Servers ----------------------------------------------------------------------------------------
wait_for() { # NAME PID URL: until URL answers, or fail if PID exits or 60 s pass
    local name=$1 pid=$2 url=$3 i
    for ((i = 0; i < 600; i++)); do
        kill -0 "$pid" 2>/dev/null || die "$name exited before answering"
        curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null && return 0
        sleep 0.1
    done
    die "$name did not answer $url within 60 s"
}

PORT_A=$(free_port)
say "Starting Kinodialog on 127.0.0.1:$PORT_A (Production)"
(cd "$ROOT/src/Kinodialog.Web" && exec dotnet "$DLL" serve --urls "http://127.0.0.1:$PORT_A") > "$WORK/app.log" 2>&1 &
APP_PID=$!
wait_for Kinodialog "$APP_PID" "http://127.0.0.1:$PORT_A$URL_PATH"

PORT_B=$(free_port)
while [ "$PORT_B" = "$PORT_A" ]; do PORT_B=$(free_port); done
mkdir -p "$WORK/nginx/body"
# nginx's workers run as www-data when started by root: let them reach the films.
chmod 755 "$WORK"
chmod -R a+rX "$WORK/data/media/films"
user_line=
if [ "$(id -u)" = 0 ] && id www-data >/dev/null 2>&1; then user_line="user www-data;"; fi
cat > "$WORK/nginx/nginx.conf" <<EOF
# Minimal static file server for the benchmark (this machine has $(nproc) cores).
$user_line
worker_processes auto;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
    types { video/mp4 mp4; }
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path $WORK/nginx/body;
    server {
        listen 127.0.0.1:$PORT_B;
        location /media/films/ { alias $WORK/data/media/films/; }
    }
}
EOF
say "Starting nginx ($("$NGINX" -v 2>&1 | sed 's/.*: //'), sendfile on) on 127.0.0.1:$PORT_B"
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log" > "$WORK/nginx/stdout.log" 2>&1 &
NGINX_PID=$!
wait_for nginx "$NGINX_PID" "http://127.0.0.1:$PORT_B$URL_PATH"
mapfile -t NGINX_WORKERS < <(pgrep -P "$NGINX_PID")
[ ${#NGINX_WORKERS[@]} -gt 0 ] || die "nginx has no worker processes"

# Both must answer the same range with 206 and the same bytes.
last=$(((SIZE / MiB - 1) * MiB))
for name in app nginx; do
    port=$PORT_A; [ "$name" = nginx ] && port=$PORT_B
    code=$(curl -sS -o "$WORK/$name.range" -w '%{http_code}' -H "Range: bytes=$last-$((last + MiB - 1))" "http://127.0.0.1:$port$URL_PATH")
    [ "$code" = 206 ] || die "$name answered $code to a range request"
    [ "$(stat -c %s "$WORK/$name.range")" = "$MiB" ] || die "$name did not send exactly 1 MiB for a 1 MiB range"
done
cmp -s "$WORK/app.range" "$WORK/nginx.range" || die "app and nginx sent different bytes for the same range"
cmp -s "$WORK/app.range" <(tail -c +$((last + 1)) "$FILE" | head -c "$MiB") || die "the range does not match the file"

# --- Runs ---------------------------------------------------------------------------------------------
cpu_ticks() { # utime + stime (clock ticks) summed over the given PIDs
    local total=0 pid line
    local -a f
    for pid in "$@"; do
        line=$(< "/proc/$pid/stat") || die "process $pid is gone"
        read -r -a f <<< "${line##*) }" # fields from 3 (state) on: utime is field 14, stime 15
        total=$((total + f[11] + f[12]))
    done
    echo "$total"
}

idle_ticks() { # all CPUs: "busy idle" ticks from /proc/stat
    local -a c
    read -r -a c < /proc/stat
    echo "$((c[1] + c[2] + c[3] + c[6] + c[7] + c[8])) $((c[4] + c[5]))"
}

mkdir -p "$WORK/runs"
RESULTS=()
run() { # SERVER LABEL SECONDS
    local server=$1 label=$2 seconds=$3 port pids before after busy0 idle0 busy1 idle1 out
    if [ "$server" = app ]; then port=$PORT_A; pids=("$APP_PID"); else port=$PORT_B; pids=("$NGINX_PID" "${NGINX_WORKERS[@]}"); fi
    out=$WORK/runs/$label-$server.txt
    before=$(cpu_ticks "${pids[@]}")
    read -r busy0 idle0 < <(idle_ticks)
    local TIMEFORMAT='%U %S'
    { time wrk -t "$THREADS" -c "$CONNECTIONS" -d "${seconds}s" --timeout 10s -s "$HERE/range.lua" \
        "http://127.0.0.1:$port$URL_PATH" -- "$SIZE" > "$out" 2> "$out.err"; } 2> "$out.time" \
        || { cat "$out" "$out.err" >&2; die "wrk failed against $server"; }
    after=$(cpu_ticks "${pids[@]}")
    read -r busy1 idle1 < <(idle_ticks)

    local line pair bytes= requests= duration= errors= status= p50= p99= wrk_user wrk_sys
    line=$(grep '^BENCH ' "$out") || { cat "$out" "$out.err" >&2; die "wrk printed no summary"; }
    for pair in ${line#BENCH }; do
        case $pair in
            bytes=*) bytes=${pair#*=} ;;
            requests=*) requests=${pair#*=} ;;
            duration_us=*) duration=${pair#*=} ;;
            errors=*) errors=${pair#*=} ;;
            non2xx3xx=*) status=${pair#*=} ;;
            p50_ms=*) p50=${pair#*=} ;;
            p99_ms=*) p99=${pair#*=} ;;
        esac
    done
    read -r wrk_user wrk_sys < "$out.time"
    [ "$requests" -gt 0 ] || die "no request to $server completed"
    awk -v label="$label" -v server="$server" -v b="$bytes" -v r="$requests" -v d="$duration" -v t="$((after - before))" \
        -v hz="$HZ" -v wu="$wrk_user" -v ws="$wrk_sys" -v e="$((errors + status))" -v p50="$p50" -v p99="$p99" \
        -v busy="$((busy1 - busy0))" -v idle="$((idle1 - idle0))" -v MiB="$MiB" '
        BEGIN {
            mibs = b / MiB / (d / 1e6); cpu = t / hz; gb = b / 1e9
            printf "%-7s %-6s %9.1f %8.0f %7.2f %8.2f %9.3f %8.2f %7.1f %7.1f %5.0f%% %6d\n",
                label, server, mibs, r / (d / 1e6), gb, cpu, cpu / gb, wu + ws, p50, p99, 100 * idle / (busy + idle), e
        }' | tee -a "$WORK/runs/table.txt" >&2
    if [ "$label" != warm-up ]; then
        [ "$((errors + status))" = 0 ] || die "$server had $((errors + status)) failed requests in run $label (see $out)"
        RESULTS+=("$server $(awk -v b="$bytes" -v d="$duration" -v t="$((after - before))" -v hz="$HZ" -v MiB="$MiB" \
            'BEGIN { printf "%.3f %.5f", b / MiB / (d / 1e6), (t / hz) / (b / 1e9) }')")
    fi
}

say "wrk: $CONNECTIONS connections, $THREADS threads, random 1 MiB ranges; ${WARMUP} s warm-up each, then $RUNS x ${DURATION} s per server, alternated"
say "$(nproc) cores: wrk and the server under test share them; load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-7s %-6s %9s %8s %7s %8s %9s %8s %7s %7s %6s %6s\n' \
    run server MiB/s req/s GB cpu_s cpu_s/GB wrk_cpu p50_ms p99_ms idle errors >&2
run app warm-up "$WARMUP"
run nginx warm-up "$WARMUP"
for ((i = 1; i <= RUNS; i++)); do
    run app "$i" "$DURATION"
    run nginx "$i" "$DURATION"
done

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
column_of() { printf '%s\n' "${RESULTS[@]}" | awk -v s="$1" -v c="$2" '$1 == s { print $c }' | median; }
app_mibs=$(column_of app 2); nginx_mibs=$(column_of nginx 2)
app_cpu=$(column_of app 3); nginx_cpu=$(column_of nginx 3)
ratio=$(awk -v a="$app_mibs" -v n="$nginx_mibs" 'BEGIN { printf "%.2f", a / n }')
verdict=$(awk -v r="$ratio" 'BEGIN { print (r >= 0.9) ? "met" : "NOT met" }')
echo >&2
echo "Medians of $RUNS runs of ${DURATION} s: throughput ratio app/nginx $ratio (goal >= 0.9: $verdict); CPU seconds per GB (1e9 bytes) served, server processes only." >&2
printf 'streaming: app %.1f MiB/s, nginx %.1f MiB/s, ratio %s; CPU s/GB app %.2f, nginx %.2f\n' \
    "$app_mibs" "$nginx_mibs" "$ratio" "$app_cpu" "$nginx_cpu"

#!/usr/bin/env bash
# Kinodialog on several nodes on one Debian machine, on loopback: PostgreSQL (its own data directory and
# port), Redis (deploy/redis.conf), NODES identical application nodes and nginx in front of them
# (deploy/nginx.conf). Debian packages only; missing ones are installed with apt-get when run as root.
#
# Usage: deploy/cluster.sh start [--no-publish] | stop | status | kill-node K | start-node K
#   start        publish the app in Release (unless --no-publish or KINODIALOG_APP_DLL), start PostgreSQL and
#                Redis, migrate, optionally seed the demo and create an administrator, start the nodes and
#                nginx, wait until nginx answers /health through every node, print the address.
#   stop         stop everything start started (pid files in the state directory).
#   status       what runs, with pids and ports.
#   kill-node K  kill -9 of node K (tests and benchmarks: a node that dies).
#   start-node K start node K again and wait until it answers /health.
# Settings (environment):
#   STATE_DIR=deploy/.state  NODES=2  PORT=5080 (nginx)  NODE_BASE_PORT=5081 (node K on NODE_BASE_PORT+K-1)
#   PG_PORT=5433  REDIS_PORT=6390  KINODIALOG_APP_DLL=path/to/Kinodialog.Web.dll (use this build, no publish)
#   SEED_DEMO=1 (add the demo content; encodes three short films)  ADMIN_EMAIL, ADMIN_PASSWORD (create an administrator)
#   Any other Section__Key variable (e.g. AudienceLimits__AddressBurst) is passed on to every node;
#   start-node uses the environment start saw.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DEPLOY=$ROOT/deploy
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { echo "cluster.sh: $*" >&2; exit 1; }
whole() { [[ ${!1} =~ ^[1-9][0-9]*$ ]] || die "$1 must be a positive whole number (got '${!1}')"; }

STATE_DIR=${STATE_DIR:-$DEPLOY/.state}
if [ ! -d "$STATE_DIR" ]; then
    case ${1:-} in
        start) mkdir -p "$STATE_DIR" ;;
        stop) echo "cluster.sh: no cluster in $STATE_DIR, nothing to stop" >&2; exit 0 ;;
        status | kill-node | start-node) die "no cluster in $STATE_DIR (deploy/cluster.sh start makes one)" ;;
    esac
fi
[ ! -d "$STATE_DIR" ] || STATE_DIR=$(cd "$STATE_DIR" && pwd)
CONFIG=$STATE_DIR/cluster.env

# The ports and the node count of a running cluster come from the state directory, so that stop, status,
# kill-node and start-node act on what start started, whatever the environment says now.
if [ "${1:-}" != start ] && [ -f "$CONFIG" ]; then
    # shellcheck source=/dev/null
    source "$CONFIG"
fi
NODES=${NODES:-2}
PORT=${PORT:-5080}
NODE_BASE_PORT=${NODE_BASE_PORT:-5081}
PG_PORT=${PG_PORT:-5433}
REDIS_PORT=${REDIS_PORT:-6390}
for knob in NODES PORT NODE_BASE_PORT PG_PORT REDIS_PORT; do whole "$knob"; done

PG_DIR=$STATE_DIR/postgres
REDIS_DIR=$STATE_DIR/redis
NGINX_DIR=$STATE_DIR/nginx
NODES_DIR=$STATE_DIR/nodes
DATA_DIR=$STATE_DIR/data
MEDIA_DIR=$STATE_DIR/data/media
APP_DIR=${APP_DIR:-$STATE_DIR/app}
PG_DATABASE=kinodialog
PG_USER=kinodialog

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
nginx_bin() { command -v nginx 2>/dev/null || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } || true; }
node_port() { echo $((NODE_BASE_PORT + $1 - 1)); }
alive() { [ -s "$1" ] && kill -0 "$(head -n 1 "$1")" 2>/dev/null; } # PIDFILE (its first line)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# --- Prerequisites -----------------------------------------------------------------------------------
prerequisites() {
    command -v dotnet >/dev/null 2>&1 || die "the .NET 10 SDK is missing (https://learn.microsoft.com/dotnet/core/install/linux-debian)"
    local missing=()
    [ -n "$(pg_bin)" ] || missing+=(postgresql)
    command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
    command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
    command -v redis-cli >/dev/null 2>&1 || missing+=(redis-tools)
    [ -n "$(nginx_bin)" ] || missing+=(nginx-light)
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    ldconfig -p 2>/dev/null | grep -q libicu || missing+=(libicu72)
    [ ${#missing[@]} -gt 0 ] || return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "Installing ${missing[*]}"
        # The packages would start system-wide servers (PostgreSQL on 5432, Redis on 6379, nginx on 80):
        # policy-rc.d forbids that while they are installed; this script starts its own.
        local policy_added=
        if [ ! -e /usr/sbin/policy-rc.d ]; then
            printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
            chmod 755 /usr/sbin/policy-rc.d
            policy_added=1
        fi
        local status=0
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || status=$?
        [ -z "$policy_added" ] || rm -f /usr/sbin/policy-rc.d
        [ "$status" = 0 ] || die "apt-get install ${missing[*]} failed"
    else
        die "missing: please run  sudo apt-get install ${missing[*]}  (then deploy/cluster.sh start again)"
    fi
}

# --- Processes ---------------------------------------------------------------------------------------
# Started in their own session, with no terminal and no inherited pipes, so that they outlive this script
# and whoever runs it can read its output to the end.
spawn() { # PIDFILE LOG COMMAND...: start COMMAND in the background; its pid goes to PIDFILE
    local pidfile=$1 log=$2
    shift 2
    setsid "$@" < /dev/null >> "$log" 2>&1 &
    echo $! > "$pidfile"
}

stop_pid() { # PIDFILE NAME: TERM, up to 15 s, then KILL
    local pidfile=$1 name=$2 pid i
    [ -f "$pidfile" ] || return 0
    pid=$(< "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < 150; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            echo "    $name (pid $pid) did not stop within 15 s: kill -9" >&2
            kill -KILL "$pid" 2>/dev/null || true
        fi
        echo "    stopped $name (pid $pid)" >&2
    fi
    rm -f "$pidfile"
}

wait_http() { # URL PIDFILE NAME SECONDS LOG: until URL answers 200 (while the process lives)
    local url=$1 pidfile=$2 name=$3 seconds=$4 log=$5 i
    for ((i = 0; i < seconds * 5; i++)); do
        alive "$pidfile" || { tail -n 30 "$log" >&2 2>/dev/null || true; die "$name exited before answering $url (log: $log)"; }
        curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null && return 0
        sleep 0.2
    done
    tail -n 30 "$log" >&2 2>/dev/null || true
    die "$name did not answer $url with 200 within $seconds s (log: $log)"
}

# --- PostgreSQL ----------------------------------------------------------------------------------------
pg_pidfile() { echo "$PG_DIR/data/postmaster.pid"; }
pg_running() { [ -f "$(pg_pidfile)" ] && kill -0 "$(head -n 1 "$(pg_pidfile)")" 2>/dev/null; }

start_postgres() {
    local bin
    bin=$(pg_bin)
    mkdir -p "$PG_DIR"
    if [ "$(id -u)" = 0 ]; then
        chown postgres: "$PG_DIR"
        chmod 700 "$PG_DIR"
        runuser -u postgres -- test -w "$PG_DIR" \
            || die "the postgres user cannot reach $PG_DIR: every directory above it must be searchable by others (chmod o+x), or choose another STATE_DIR"
    fi
    if [ ! -f "$PG_DIR/data/PG_VERSION" ]; then
        say "Creating a PostgreSQL cluster in $PG_DIR/data ($("$bin/postgres" --version))"
        od -An -N18 -tx1 /dev/urandom | tr -d ' \n' > "$PG_DIR/app-password.new"
        [ "$(id -u)" != 0 ] || chown postgres: "$PG_DIR/app-password.new"
        chmod 600 "$PG_DIR/app-password.new"
        # Local socket (inside the state directory, for this script): trust; TCP (the nodes): passwords.
        as_pg "$bin/initdb" -D "$PG_DIR/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
            -E UTF8 --locale=C.UTF-8 > "$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log" >&2; die "initdb failed"; }
        mv "$PG_DIR/app-password.new" "$PG_DIR/app-password"
    fi
    if pg_running; then
        say "PostgreSQL already runs (pid $(head -n 1 "$(pg_pidfile)"))"
    else
        port_taken "$PG_PORT" && die "port $PG_PORT (PG_PORT) is taken by another program"
        say "Starting PostgreSQL on 127.0.0.1:$PG_PORT"
        # max_connections: each node's pool holds up to 100 (Npgsql's default), plus the commands.
        as_pg "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w -t 60 \
            -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=$((100 * NODES + 30))" start > /dev/null \
            || { tail -n 30 "$PG_DIR/postgres.log" >&2; die "PostgreSQL did not start (log: $PG_DIR/postgres.log)"; }
    fi
    local password
    password=$(< "$PG_DIR/app-password")
    psql_admin() { as_pg psql -X -q -v ON_ERROR_STOP=1 -h "$PG_DIR" -p "$PG_PORT" -U postgres "$@"; }
    if [ "$(psql_admin -d postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'")" != 1 ]; then
        psql_admin -d postgres -c "CREATE ROLE $PG_USER LOGIN PASSWORD '$password'" > /dev/null
    fi
    if [ "$(psql_admin -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$PG_DATABASE'")" != 1 ]; then
        psql_admin -d postgres -c "CREATE DATABASE $PG_DATABASE OWNER $PG_USER" > /dev/null
    fi
    CONNECTION_STRING="Host=127.0.0.1;Port=$PG_PORT;Database=$PG_DATABASE;Username=$PG_USER;Password=$password"
}

stop_postgres() {
    if pg_running; then
        local pid
        pid=$(head -n 1 "$(pg_pidfile)")
        as_pg "$(pg_bin)/pg_ctl" -D "$PG_DIR/data" -m fast -w -t 60 stop > /dev/null || true
        echo "    stopped PostgreSQL (pid $pid)" >&2
    fi
}

# --- Redis -----------------------------------------------------------------------------------------------
start_redis() {
    mkdir -p "$REDIS_DIR"
    if alive "$REDIS_DIR/redis.pid"; then
        say "Redis already runs (pid $(< "$REDIS_DIR/redis.pid"))"
        return 0
    fi
    port_taken "$REDIS_PORT" && die "port $REDIS_PORT (REDIS_PORT) is taken by another program"
    local conf
    conf=$(< "$DEPLOY/redis.conf")
    conf=${conf//@REDIS_PORT@/$REDIS_PORT}
    conf=${conf//@REDIS_DIR@/$REDIS_DIR}
    printf '%s\n' "$conf" > "$REDIS_DIR/redis.conf"
    say "Starting Redis ($(redis-server --version | awk '{print $3}' | sed 's/^v=//'), no persistence) on 127.0.0.1:$REDIS_PORT"
    spawn "$REDIS_DIR/redis.pid" "$REDIS_DIR/stdout.log" redis-server "$REDIS_DIR/redis.conf"
    local i
    for ((i = 0; i < 100; i++)); do
        [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ] && return 0
        alive "$REDIS_DIR/redis.pid" || break
        sleep 0.1
    done
    tail -n 20 "$REDIS_DIR/redis.log" "$REDIS_DIR/stdout.log" >&2 2>/dev/null || true
    die "Redis did not answer PING on port $REDIS_PORT"
}

# --- The application -------------------------------------------------------------------------------------
publish() {
    if [ -n "${KINODIALOG_APP_DLL:-}" ]; then
        [ -f "$KINODIALOG_APP_DLL" ] || die "KINODIALOG_APP_DLL=$KINODIALOG_APP_DLL does not exist"
        APP_DIR=$(cd "$(dirname "$KINODIALOG_APP_DLL")" && pwd)
        [ "$(basename "$KINODIALOG_APP_DLL")" = Kinodialog.Web.dll ] || die "KINODIALOG_APP_DLL must name Kinodialog.Web.dll"
        say "Using the build in $APP_DIR"
    elif [ "$NO_PUBLISH" = 1 ]; then
        [ -f "$APP_DIR/Kinodialog.Web.dll" ] || die "--no-publish, but $APP_DIR holds no Kinodialog.Web.dll (run start once without it)"
        say "Using the published app in $APP_DIR"
    else
        say "Publishing Kinodialog (Release) to $APP_DIR"
        (cd "$ROOT" && dotnet publish src/Kinodialog.Web -c Release -o "$APP_DIR" -nologo -v quiet -clp:ErrorsOnly) > "$STATE_DIR/publish.log" 2>&1 \
            || { tail -n 40 "$STATE_DIR/publish.log" >&2; die "dotnet publish failed (log: $STATE_DIR/publish.log)"; }
    fi
}

# The environment of every node and command: what the caller set as Section__Key, then the cluster's own.
write_node_env() {
    local name
    {
        echo "# The environment of the nodes, written by deploy/cluster.sh start."
        for name in $(compgen -e); do
            case $name in
                *__*|ASPNETCORE_*|DOTNET_*) printf 'export %s=%q\n' "$name" "${!name}" ;;
            esac
        done
        printf 'export %s=%q\n' \
            Database__Provider Postgres \
            Database__ConnectionString "$CONNECTION_STRING" \
            Cluster__Redis "127.0.0.1:$REDIS_PORT" \
            Storage__DataPath "$DATA_DIR" \
            Storage__MediaPath "$MEDIA_DIR" \
            Films__AccelRedirectLocation /internal-media/ \
            Network__KnownProxies__0 127.0.0.1
    } > "$STATE_DIR/node.env.new"
    chmod 600 "$STATE_DIR/node.env.new"
    mv "$STATE_DIR/node.env.new" "$STATE_DIR/node.env"
}

app() { # COMMAND...: a maintenance command with the nodes' environment
    (
        # shellcheck source=/dev/null
        source "$STATE_DIR/node.env"
        export Cluster__NodeName=cli
        cd "$APP_DIR" && exec dotnet Kinodialog.Web.dll "$@"
    )
}

start_node() { # K
    local k=$1 port pidfile log
    port=$(node_port "$k")
    pidfile=$NODES_DIR/node$k.pid
    log=$NODES_DIR/node$k.log
    mkdir -p "$NODES_DIR"
    if alive "$pidfile"; then
        say "node$k already runs (pid $(< "$pidfile"), http://127.0.0.1:$port)"
        return 0
    fi
    port_taken "$port" && die "port $port (node$k: NODE_BASE_PORT+$((k - 1))) is taken by another program"
    [ -f "$STATE_DIR/node.env" ] || die "no $STATE_DIR/node.env: run deploy/cluster.sh start first"
    say "Starting node$k on http://127.0.0.1:$port"
    printf '\n===== node%s starting at %s =====\n' "$k" "$(date -u +%FT%TZ)" >> "$log"
    spawn "$pidfile" "$log" bash -c '
        source "$1/node.env"
        export Cluster__NodeName=node$2
        cd "$3" && exec dotnet Kinodialog.Web.dll serve --urls "http://127.0.0.1:$4"' node "$STATE_DIR" "$k" "$APP_DIR" "$port"
    wait_http "http://127.0.0.1:$port/health" "$pidfile" "node$k" 120 "$log"
}

# --- nginx --------------------------------------------------------------------------------------------------
start_nginx() {
    local nginx conf servers="" k user_line=""
    nginx=$(nginx_bin)
    mkdir -p "$NGINX_DIR/temp" "$MEDIA_DIR/films"
    if alive "$NGINX_DIR/nginx.pid"; then
        say "nginx already runs (pid $(< "$NGINX_DIR/nginx.pid"))"
        return 0
    fi
    port_taken "$PORT" && die "port $PORT (PORT) is taken by another program"
    for ((k = 1; k <= NODES; k++)); do
        servers+="        server 127.0.0.1:$(node_port "$k") max_fails=1 fail_timeout=5s;"$'\n'
    done
    # As root, nginx's workers would otherwise run as nobody, who may not read the state directory.
    if [ "$(id -u)" = 0 ]; then user_line="user $(id -un) $(id -gn);"; fi
    conf=$(< "$DEPLOY/nginx.conf")
    conf=${conf//@USER_LINE@/$user_line}
    conf=${conf//@NGINX_DIR@/$NGINX_DIR}
    conf=${conf//@PORT@/$PORT}
    conf=${conf//@MEDIA_FILMS@/$MEDIA_DIR/films}
    conf=${conf//@UPSTREAM_SERVERS@/${servers%$'\n'}}
    printf '%s\n' "$conf" > "$NGINX_DIR/nginx.conf"
    "$nginx" -t -q -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" -e "$NGINX_DIR/error.log" > "$NGINX_DIR/check.log" 2>&1 \
        || { cat "$NGINX_DIR/check.log" >&2; die "nginx rejected $NGINX_DIR/nginx.conf"; }
    say "Starting nginx ($("$nginx" -v 2>&1 | sed 's/.*: //')) on http://127.0.0.1:$PORT in front of $NODES nodes"
    spawn "$NGINX_DIR/nginx.pid" "$NGINX_DIR/stdout.log" "$nginx" -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" -e "$NGINX_DIR/error.log"
    wait_http "http://127.0.0.1:$PORT/health" "$NGINX_DIR/nginx.pid" nginx 30 "$NGINX_DIR/error.log"

    # /health through nginx must have been answered by every node: round robin, so a few requests
    # reach each of them; nginx's access log names the node ($upstream_addr).
    local i missing
    for ((i = 0; i < 40; i++)); do
        curl -fsS -o /dev/null --max-time 5 "http://127.0.0.1:$PORT/health" || die "nginx answered /health with an error"
        if ((i % NODES == NODES - 1)); then
            kill -USR1 "$(< "$NGINX_DIR/nginx.pid")" # reopen the log: flushes its buffer
            sleep 0.3
            missing=""
            for ((k = 1; k <= NODES; k++)); do
                grep -q "\"GET /health HTTP/1.1\" 200 .*upstream=127.0.0.1:$(node_port "$k")\b" "$NGINX_DIR/access.log" 2>/dev/null || missing+=" node$k"
            done
            [ -n "$missing" ] || return 0
        fi
    done
    die "nginx never reached$missing with /health (see $NGINX_DIR/access.log and error.log)"
}

# --- Subcommands ----------------------------------------------------------------------------------------------
cmd_start() {
    NO_PUBLISH=0
    while [ $# -gt 0 ]; do
        case $1 in
            --no-publish) NO_PUBLISH=1 ;;
            *) die "unknown option '$1' for start (known: --no-publish)" ;;
        esac
        shift
    done
    local k
    for ((k = 1; k <= NODES; k++)); do
        [ "$(node_port "$k")" != "$PORT" ] || die "node$k's port $(node_port "$k") is nginx's PORT: choose NODE_BASE_PORT above PORT+0 or NODES so they do not meet"
    done
    prerequisites
    if [ "$(id -u)" = 0 ]; then chmod o+x "$STATE_DIR"; fi # the postgres user goes through it
    mkdir -p "$DATA_DIR" "$MEDIA_DIR/films" "$NODES_DIR"
    publish
    {
        echo "# Written by deploy/cluster.sh start: the cluster in this directory."
        printf '%s=%q\n' NODES "$NODES" PORT "$PORT" NODE_BASE_PORT "$NODE_BASE_PORT" PG_PORT "$PG_PORT" REDIS_PORT "$REDIS_PORT" APP_DIR "$APP_DIR"
    } > "$CONFIG"
    start_postgres
    start_redis
    write_node_env
    say "Migrating the database"
    app migrate > "$STATE_DIR/migrate.log" 2>&1 || { tail -n 40 "$STATE_DIR/migrate.log" >&2; die "migrate failed (log: $STATE_DIR/migrate.log)"; }
    if [ "${SEED_DEMO:-0}" = 1 ]; then
        say "Seeding the demo content"
        app seed-demo > "$STATE_DIR/seed-demo.log" 2>&1 || { tail -n 40 "$STATE_DIR/seed-demo.log" >&2; die "seed-demo failed (log: $STATE_DIR/seed-demo.log)"; }
    fi
    if [ -n "${ADMIN_EMAIL:-}" ] || [ -n "${ADMIN_PASSWORD:-}" ]; then
        [ -n "${ADMIN_EMAIL:-}" ] && [ -n "${ADMIN_PASSWORD:-}" ] || die "ADMIN_EMAIL and ADMIN_PASSWORD go together"
        say "Administrator $ADMIN_EMAIL"
        app create-admin --email "$ADMIN_EMAIL" --name Administrator --password "$ADMIN_PASSWORD" > "$STATE_DIR/create-admin.log" 2>&1 \
            || { cat "$STATE_DIR/create-admin.log" >&2; die "create-admin failed"; }
    fi
    for ((k = 1; k <= NODES; k++)); do start_node "$k"; done
    start_nginx
    say "Kinodialog runs on http://127.0.0.1:$PORT  ($NODES nodes, PostgreSQL 127.0.0.1:$PG_PORT, Redis 127.0.0.1:$REDIS_PORT; state and logs in $STATE_DIR; deploy/cluster.sh stop stops it)"
    echo "http://127.0.0.1:$PORT"
}

cmd_stop() {
    local k
    say "Stopping the cluster in $STATE_DIR"
    stop_pid "$NGINX_DIR/nginx.pid" nginx
    for ((k = 1; k <= NODES; k++)); do stop_pid "$NODES_DIR/node$k.pid" "node$k"; done
    # Nodes beyond NODES (a start with more nodes earlier).
    local pidfile
    for pidfile in "$NODES_DIR"/node*.pid; do
        [ -e "$pidfile" ] && stop_pid "$pidfile" "$(basename "$pidfile" .pid)"
    done
    stop_pid "$REDIS_DIR/redis.pid" Redis
    stop_postgres
}

cmd_status() {
    local k running=0 total=0
    line() { # NAME ADDRESS PIDFILE
        total=$((total + 1))
        if alive "$3"; then
            running=$((running + 1))
            printf '%-10s %-28s running (pid %s)\n' "$1" "$2" "$(head -n 1 "$3")"
        else
            printf '%-10s %-28s stopped\n' "$1" "$2"
        fi
    }
    line postgres "127.0.0.1:$PG_PORT" "$(pg_pidfile)"
    line redis "127.0.0.1:$REDIS_PORT" "$REDIS_DIR/redis.pid"
    for ((k = 1; k <= NODES; k++)); do line "node$k" "http://127.0.0.1:$(node_port "$k")" "$NODES_DIR/node$k.pid"; done
    line nginx "http://127.0.0.1:$PORT" "$NGINX_DIR/nginx.pid"
    echo "$running of $total running; state and logs in $STATE_DIR"
    [ "$running" = "$total" ]
}

node_number() { # K: checks K names a node
    [[ ${1:-} =~ ^[1-9][0-9]*$ ]] && [ "$1" -le "$NODES" ] || die "name a node from 1 to $NODES (got '${1:-}')"
}

cmd_kill_node() {
    node_number "${1:-}"
    local pidfile=$NODES_DIR/node$1.pid pid i
    alive "$pidfile" || die "node$1 is not running"
    pid=$(< "$pidfile")
    kill -KILL "$pid"
    for ((i = 0; i < 100; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.05
    done
    rm -f "$pidfile"
    say "node$1 (pid $pid) killed with kill -9"
}

cmd_start_node() {
    node_number "${1:-}"
    [ -f "$CONFIG" ] || die "no cluster in $STATE_DIR: run deploy/cluster.sh start first"
    start_node "$1"
}

case ${1:-} in
    start) shift; cmd_start "$@" ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    kill-node) cmd_kill_node "${2:-}" ;;
    start-node) cmd_start_node "${2:-}" ;;
    *) echo "usage: deploy/cluster.sh start [--no-publish] | stop | status | kill-node K | start-node K" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# Only the kill -9 durability test of bench/votes/run.sh: publishes, sets up, then ROUNDS (default 3)
# times loads the server, kills it with SIGKILL, restarts it on the same data directory and checks that
# every vote acknowledged with 200 is in Votes. Exit 1 on any loss.
# Usage: bash bench/votes/kill9.sh        (ROUNDS=n, CONNECTIONS=n, BATCH=n as for run.sh)
PHASES=kill9 exec bash "$(dirname "$0")/run.sh" "$@"

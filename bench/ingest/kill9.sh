#!/usr/bin/env bash
# Only the kill -9 durability test of bench/ingest/run.sh: publishes, sets up, then ROUNDS (default 3)
# times loads the server, kills it with SIGKILL, restarts it on the same data directory and checks that
# every answer set acknowledged with 200 is in SurveyResponses. Exit 1 on any loss.
# Usage: bash bench/ingest/kill9.sh        (ROUNDS=n, CONNECTIONS=n as for run.sh)
PHASES=kill9 exec bash "$(dirname "$0")/run.sh" "$@"

#!/usr/bin/env bash
# Kinodialog field laptop (macOS: double-click): keeps its data in the "data" folder next to this file, prepares the
# database, then serves the facilitator (this computer's browser opens) and the phones on the local network.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
cd "$HERE"
DATA="${KINODIALOG_FIELD_DATA:-$HERE/data}"
PORT="${KINODIALOG_PORT:-5080}"
mkdir -p "$DATA/media"
export Storage__DataPath="$DATA" Storage__MediaPath="$DATA/media" Database__Provider=Sqlite
export Field__Enabled=true Field__OpenBrowser="${Field__OpenBrowser:-true}"
# A program downloaded from the internet is quarantined by macOS; this copy was started on purpose.
xattr -dr com.apple.quarantine "$HERE" 2>/dev/null || true
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
./Kinodialog.Web migrate
echo "Kinodialog is starting on http://localhost:$PORT/ (phones: the address shown on the screening's run page). Close this window to stop it."
exec ./Kinodialog.Web serve --urls "http://*:$PORT"

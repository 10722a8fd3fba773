#!/usr/bin/env bash
# Kinodialog: install what is missing, migrate, seed the demo library and serve on http://localhost:5080
# (KINODIALOG_LISTEN=lan: on every network, for phones on the venue's Wi-Fi).
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

if ! command -v dotnet >/dev/null 2>&1; then
    echo "The .NET 10 SDK is missing. Install it (https://learn.microsoft.com/dotnet/core/install/linux-debian), then run ./run.sh again." >&2
    exit 1
fi

# Debian packages the application uses at run time.
missing=()
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
command -v ffprobe >/dev/null 2>&1 || missing+=(ffmpeg)
ldconfig -p 2>/dev/null | grep -q libicu || missing+=(libicu72)
if [ ${#missing[@]} -gt 0 ]; then
    mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "Installing ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "Please install: sudo apt-get install ${missing[*]}   (then run ./run.sh again)" >&2
        exit 1
    fi
fi

# Data (SQLite database, media) lives under ./data unless configured otherwise.
export Storage__DataPath="${Storage__DataPath:-$ROOT/data}"
export Storage__MediaPath="${Storage__MediaPath:-$ROOT/data/media}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

say "Building"
dotnet build src/Kinodialog.Web/Kinodialog.Web.csproj -c Release -v quiet -nologo -clp:ErrorsOnly

app() { dotnet run --project src/Kinodialog.Web/Kinodialog.Web.csproj -c Release --no-build --no-launch-profile -- "$@"; }

say "Migrating the database (${Database__Provider:-Sqlite})"
app migrate
say "Seeding the demo library"
app seed-demo
say "Administrator account"
app create-admin --email "${KINODIALOG_ADMIN_EMAIL:-admin@kinodialog.local}" --if-none

# KINODIALOG_LISTEN=lan listens on every network, so that phones on the venue's Wi-Fi can join.
PORT="${KINODIALOG_PORT:-5080}"
URL="http://localhost:$PORT"
case "${KINODIALOG_LISTEN:-local}" in
    local) LISTEN="$URL" ;;
    lan) LISTEN="http://*:$PORT" ;;
    *) echo "KINODIALOG_LISTEN must be 'local' (this computer only, the default) or 'lan' (phones on the network)." >&2; exit 1 ;;
esac
say "Kinodialog is starting on $LISTEN  (sign in at $URL/en/account/sign-in; Ctrl+C stops it)"
if [ "$LISTEN" = "$URL" ]; then
    echo "Phones cannot reach this computer's localhost: for phones on the venue's network, run KINODIALOG_LISTEN=lan ./run.sh"
else
    echo "Phones join at this computer's network address; run mode lists the addresses to choose from."
fi
exec dotnet run --project src/Kinodialog.Web/Kinodialog.Web.csproj -c Release --no-build --no-launch-profile -- serve --urls "$LISTEN"

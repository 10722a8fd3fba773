#!/usr/bin/env bash
# Field laptop builds: self-contained single-file Kinodialog for Windows x64, macOS arm64 and Linux x64,
# each in artifacts/field/<rid>/ with a double-click launcher. The laptop needs neither .NET nor ffmpeg
# nor the internet: data (SQLite database, films) stays in a "data" folder next to the program.
#
#   field/publish.sh            build all three
#   field/publish.sh linux-x64  build the ones named
#   field/publish.sh --check    build linux-x64, start it with a temporary data folder, wait for /health, stop it
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT="$ROOT/artifacts/field"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

check=false
rids=()
for arg in "$@"; do
    case "$arg" in
        --check) check=true ;;
        win-x64|osx-arm64|linux-x64) rids+=("$arg") ;;
        *) echo "usage: field/publish.sh [--check] [win-x64] [osx-arm64] [linux-x64]" >&2; exit 2 ;;
    esac
done
if [ ${#rids[@]} -eq 0 ]; then
    if $check; then rids=(linux-x64); else rids=(win-x64 osx-arm64 linux-x64); fi
fi

publish() {
    local rid=$1 dir="$OUT/$1" started=$SECONDS
    say "Publishing $rid into ${dir#"$ROOT"/}"
    rm -rf "$dir"
    # The runtime packs (Microsoft.NETCore.App.Runtime.<rid>, Microsoft.AspNetCore.App.Runtime.<rid>) come
    # from the NuGet feed at build time; nothing is downloaded on the laptop.
    dotnet publish src/Kinodialog.Web/Kinodialog.Web.csproj -c Release -r "$rid" --self-contained \
        -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true \
        -p:DebugType=none -p:DebugSymbols=false -p:GenerateDocumentationFile=false \
        '-p:SatelliteResourceLanguages=en%3Bhy%3Baz-Latn%3Bru' \
        -o "$dir" -v quiet -nologo -clp:ErrorsOnly
    cp "$ROOT/field/launchers/kinodialog-field.sh" "$ROOT/field/launchers/Kinodialog Field.command" "$ROOT/field/launchers/Kinodialog Field.cmd" "$dir/"
    # Windows wants CRLF in a .cmd file.
    sed -i 's/\r\{0,1\}$/\r/' "$dir/Kinodialog Field.cmd"
    case "$rid" in
        win-x64) rm "$dir/kinodialog-field.sh" "$dir/Kinodialog Field.command" ;;
        osx-arm64) rm "$dir/kinodialog-field.sh" "$dir/Kinodialog Field.cmd"; chmod +x "$dir/Kinodialog Field.command" "$dir/Kinodialog.Web" ;;
        linux-x64) rm "$dir/Kinodialog Field.command" "$dir/Kinodialog Field.cmd"; chmod +x "$dir/kinodialog-field.sh" "$dir/Kinodialog.Web" ;;
    esac
    printf '%s: %s in %ss\n' "$rid" "$(du -sh "$dir" | cut -f1)" "$((SECONDS - started))"
}

for rid in "${rids[@]}"; do
    publish "$rid"
done

if ! $check; then
    say "Done: $(for rid in "${rids[@]}"; do printf '%s ' "artifacts/field/$rid"; done)"
    exit 0
fi

say "Checking the linux-x64 build: migrate, start in field mode, wait for /health"
data=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 5099)
log="$data/launcher.log"
KINODIALOG_FIELD_DATA="$data/data" KINODIALOG_PORT="$port" Field__OpenBrowser=false \
    setsid "$OUT/linux-x64/kinodialog-field.sh" >"$log" 2>&1 &
pid=$!
stop() { kill -TERM -- "-$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
ok=false
for _ in $(seq 1 120); do
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    if body=$(curl -fsS --max-time 2 "http://127.0.0.1:$port/health" 2>/dev/null); then
        if printf '%s' "$body" | grep -q '"status":"Healthy"'; then ok=true; break; fi
    fi
    sleep 0.5
done
stop
if $ok && [ -f "$data/data/kinodialog.db" ]; then
    say "Healthy on port $port in field mode; database in the data folder ($(du -sh "$data/data" | cut -f1))"
    rm -rf "$data"
    exit 0
fi
echo "The field build did not become healthy. Its output:" >&2
cat "$log" >&2
rm -rf "$data"
exit 1

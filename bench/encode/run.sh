#!/usr/bin/env bash
# Encode benchmark: wall and CPU time to encode a 60-second 1280x720 source into every rung of
# Kinodialog's ladder (240p, 360p, 720p) plus the poster, one ffmpeg run after another, exactly as
# FilmEncoder does. The ffmpeg argument lists are the ones Kinodialog.Core.Media.FfmpegArguments
# builds, written out by Arguments.cs (a C# file-based app) and passed to ffmpeg unchanged.
# Usage: bash bench/encode/run.sh        (THREADS=n to change ffmpeg's encoder threads, default 2)
set -euo pipefail
cd "$(dirname "$0")"
export LC_ALL=C DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
THREADS=${THREADS:-2}
SECONDS_LONG=60

command -v ffmpeg >/dev/null 2>&1 || { echo "ffmpeg is missing: sudo apt-get install ffmpeg" >&2; exit 1; }
work=$(mktemp -d /tmp/kinodialog-bench-encode.XXXXXX)
trap 'rm -rf "$work"' EXIT

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

say "Generating a ${SECONDS_LONG} s 1280x720 source (testsrc2 + sine, H.264 CRF 18 + AAC)"
ffmpeg -hide_banner -nostdin -loglevel error -y \
    -f lavfi -i "testsrc2=s=1280x720:r=25:d=$SECONDS_LONG" \
    -f lavfi -i "sine=f=440:r=48000:d=$SECONDS_LONG" \
    -c:v libx264 -preset ultrafast -crf 18 -pix_fmt yuv420p -c:a aac -b:a 192k -shortest \
    "$work/source.mp4"

say "Writing Kinodialog's argument lists (dotnet run Arguments.cs)"
dotnet run Arguments.cs -- "$work/source.mp4" "$work" 720 "$SECONDS_LONG" "$THREADS"

encode_all() {
    local list
    for list in "$work"/*.args; do
        local -a args
        mapfile -d '' -t args < "$list"
        ffmpeg "${args[@]}" > /dev/null
    done
}

say "Encoding every rung and the poster with $THREADS thread(s) on $(nproc) core(s), $(ffmpeg -version | head -n 1 | cut -d' ' -f1-3)"
TIMEFORMAT='%R %U %S'
if ! { time encode_all 2> "$work/ffmpeg.log"; } 2> "$work/time"; then
    cat "$work/ffmpeg.log" >&2
    exit 1
fi

read -r wall user system < "$work/time"
for output in "$work"/*.mp4 "$work"/poster.jpg; do
    name=$(basename "$output")
    [ "$name" = source.mp4 ] && continue
    size=$(stat -c %s "$output")
    dims=$(ffprobe -v error -select_streams v:0 -show_entries stream=width,height -of csv=s=x:p=0 "$output")
    if [ "${name##*.}" = mp4 ]; then
        printf '  %-10s %9s  %8d bytes  %6.0f kbit/s\n' "$name" "$dims" "$size" "$(awk -v s="$size" -v d="$SECONDS_LONG" 'BEGIN { print s * 8 / d / 1000 }')"
    else
        printf '  %-10s %9s  %8d bytes\n' "$name" "$dims" "$size"
    fi
done
printf 'encode %ds 720p source: %.1f s wall, %.1f s CPU\n' "$SECONDS_LONG" "$wall" "$(awk -v u="$user" -v s="$system" 'BEGIN { print u + s }')"

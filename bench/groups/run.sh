#!/usr/bin/env bash
# Opinion-group stability benchmark: how reproducible the groups of rooms of 8-40 people drawn from the
# Polis conversations in tests/TestData/polis are, against null rooms without groups, and what the
# stability gate costs. Decides OpinionOptions.MinimumParticipantsForGroups and GroupStabilityThreshold
# (see README.md here).
# Usage: bash bench/groups/run.sh [DRAWS] [SEED]      (defaults 40 rooms per conversation and size, seed 2026)
set -euo pipefail
cd "$(dirname "$0")"
export LC_ALL=C DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_gcServer=0

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

say "Building the benchmark (Release)"
dotnet build -c Release Stability.cs -nologo -v quiet -clp:ErrorsOnly >&2
say "Measuring"
dotnet run -c Release --no-build Stability.cs -- ../../tests/TestData/polis "${1:-40}" "${2:-2026}"

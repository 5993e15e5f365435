#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs Azurite (npm) locally, builds, tests.
# The storage tests start and stop their own Azurite from .tools/ (see tests/BetterTogether.Storage.Tests).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

if [[ ! -x .tools/node_modules/.bin/azurite ]]; then
  echo "==> installing azurite into .tools/ (npm)"
  mkdir -p .tools
  npm install --prefix .tools --no-audit --no-fund --loglevel=error azurite@3 >/dev/null
fi
export BT_AZURITE_BIN="$root/.tools/node_modules/.bin/azurite"

echo "==> building"
dotnet build BetterTogether.sln -c Release -nologo -clp:ErrorsOnly

echo "==> testing"
log=$(mktemp)
set +e
dotnet test BetterTogether.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
sum() { { grep -oE "$1: +[0-9]+" "$log" || true; } | awk '{s+=$2} END {print s+0}'; }
passed=$(sum Passed); failed=$(sum Failed); skipped=$(sum Skipped)
rm -f "$log"
echo "tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
exit "$rc"

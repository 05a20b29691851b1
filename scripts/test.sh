#!/usr/bin/env bash
# The README's test command: set up a fresh machine, build, run every test, and print the totals as
# one plain line "N passed, N failed, N skipped" (the last pass being the pack-and-install check of the `itt` tool).
# Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

results="$(mktemp -d)"
status=0
dotnet test Itt.slnx -c Release --logger "trx;LogFileName=results.trx" --results-directory "$results" \
  -- RunConfiguration.TreatNoTestsAsError=true || status=$?

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi  # build or runner failure

# The release path, counted as one more test: pack what the test run built into ./nupkg, install the `itt` tool from
# there into a temporary tool path, run `itt --version`, a 2-iteration train, an export and `itt eval --onnx`.
if [ "$status" -ne 0 ]; then
  echo "release check not run: the tests failed" >&2
elif bash scripts/pack.sh --no-build >/dev/null && bash scripts/tool-test.sh; then
  passed=$((passed + 1))
else
  echo "release check failed: scripts/pack.sh --no-build, then scripts/tool-test.sh" >&2
  failed=$((failed + 1)); status=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]

#!/usr/bin/env bash
# Whole-process timings of the README's main job (`itt train` on CartPole-v1), alternated over seeds 1..N:
#   target   --target-return 500 (stops when solved)
#   full     all 200 preset iterations, checkpoints by elapsed time (the default)
#   sparse   all 200 iterations, --checkpoint-every 200: only the first and final checkpoints (full − sparse = the cadence's cost)
#   before   (with ITT_BEFORE) an older build's default run: 200 iterations, a checkpoint after every one
# Usage: benchmarks/main-job.sh [seeds, default 5]; ITT_BEFORE=/path/to/old/itt.dll adds that build's default run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seeds="${1:-5}"
itt="$root/src/Itt.Cli/bin/Release/net10.0/itt.dll"
[[ -f "$itt" ]] || dotnet build "$root/src/Itt.Cli" -c Release -v q -nologo >/dev/null
runs="$(mktemp -d)"
trap 'rm -rf "$runs"' EXIT
declare -A times
time_it() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }
labels=(target full sparse)
[[ -n "${ITT_BEFORE:-}" ]] && labels+=(before)
for seed in $(seq 1 "$seeds"); do
  common=(train --seed "$seed" --runs-dir "$runs" --no-progress)
  times[target]+=" $(time_it dotnet "$itt" "${common[@]}" --target-return 500)"
  times[full]+=" $(time_it dotnet "$itt" "${common[@]}")"
  times[sparse]+=" $(time_it dotnet "$itt" "${common[@]}" --checkpoint-every 200)"
  [[ -n "${ITT_BEFORE:-}" ]] && times[before]+=" $(time_it dotnet "$ITT_BEFORE" "${common[@]}")"
done
stats() { printf '%s\n' $1 | sort -g | awk '{a[NR]=$1} END {printf "median %.3f s (min %.3f, max %.3f)", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2), a[1], a[NR]}'; }
for label in "${labels[@]}"; do echo "$label: $(stats "${times[$label]}") over $seeds seeds"; done
echo "iterations at the stop (target runs): $(for d in "$runs"/*; do [[ -f $d/results.json ]] && grep -q '"reachedTarget": true' $d/results.json && grep -o '"iterations": [0-9]*' $d/results.json | grep -o '[0-9]*'; done | tr '\n' ' ')"

#!/usr/bin/env bash
# Does ARS-style observation normalisation move ITT on Hopper-v4 off the ~1,000 plateau? Trains ITT with the paper's
# preset (M = D = 42, σ = 1, η = 0.01) for the given iterations and seeds, with and without --normalize-observations,
# and prints a Markdown table of the final θ's mean return over 20 evaluation episodes (mean ± std over seeds).
# Usage: experiments/obs-norm-hopper.sh [seeds] [iterations] [out-dir] [threads]
# The measurement of issue 12 is the default: 3 seeds × 300 iterations × 2 settings (hours of CPU on 2 cores).
# Finished runs are kept (a `done` marker), so an interrupted sweep continues where it stopped.
set -euo pipefail
cd "$(dirname "$0")/.."
seeds="${1:-3}"
iterations="${2:-300}"
out="${3:-experiments/out/obs-norm-hopper}"
threads="${4:-0}"
mkdir -p "$out"
dotnet build src/Itt.Cli -c Release -v q -nologo >/dev/null
itt() { dotnet src/Itt.Cli/bin/Release/net10.0/itt.dll "$@"; }

echo "| Hopper-v4, ITT, $iterations iterations | final return (20 episodes), mean ± std over $seeds seeds | per seed |"
echo "|---|---|---|"
for setting in plain normalized; do
  option=""; [ "$setting" = normalized ] && option="--normalize-observations"
  values=()
  for seed in $(seq 1 "$seeds"); do
    dir="$out/$setting/$seed"
    if [ ! -f "$dir/done" ]; then
      rm -rf "$dir"; mkdir -p "$dir"
      # shellcheck disable=SC2086
      itt train --env Hopper-v4 --seed "$seed" --iterations "$iterations" --threads "$threads" --runs-dir "$dir" \
        --final-episodes 0 --no-progress --checkpoint-every 10 $option >/dev/null
      touch "$dir/done"
    fi
    run="$(ls -d "$dir"/Hopper-v4__itt__* | head -1)"
    values+=("$(itt eval "$run" --episodes 20 --threads "$threads" | sed -E 's/.*: ([-0-9.]+) ± .*/\1/')")
  done
  stats() { printf '%s\n' "$@" | awk '{s+=$1; q+=$1*$1; n++} END {m=s/n; v=q/n-m*m; if (v<0) v=0; printf "%.1f ± %.1f", m, sqrt(v)}'; }
  echo "| $setting | $(stats "${values[@]}") | ${values[*]} |"
done

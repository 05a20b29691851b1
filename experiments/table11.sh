#!/usr/bin/env bash
# Table 11 of the paper: train ITT with brute-force search and infer with SRP, against training and inferring
# with SRP. Usage: experiments/table11.sh [seeds] [out-dir]. Prints a Markdown table (mean ± std over seeds of the
# final θ's mean return over 20 evaluation episodes).
set -euo pipefail
cd "$(dirname "$0")/.."
seeds="${1:-3}"
out="${2:-experiments/out/table11}"
mkdir -p "$out"
dotnet build src/Itt.Cli -c Release -v q -nologo >/dev/null
itt() { dotnet src/Itt.Cli/bin/Release/net10.0/itt.dll "$@"; }

# env | iterations | extra train options (budgets below the paper's are labelled in the output)
tasks=(
  "MountainCarContinuous-v0|500|"
  "InvertedPendulum-v4|100|-N 1000"
  "LunarLanderContinuous-v3|100|"
)
echo "| environment | iterations | train ITT, infer ITT | train ITT, infer ITT-SRP | train ITT-SRP, infer ITT-SRP |"
echo "|---|---|---|---|---|"
for task in "${tasks[@]}"; do
  IFS='|' read -r env iterations extra <<<"$task"
  brute_brute=(); brute_srp=(); srp_srp=()
  for seed in $(seq 1 "$seeds"); do
    for index in brute srp; do
      dir="$out/$env/$index/$seed"
      if [ ! -f "$dir/done" ]; then
        rm -rf "$dir"; mkdir -p "$dir"
        # shellcheck disable=SC2086
        itt train --env "$env" --seed "$seed" --iterations "$iterations" --index "$index" --runs-dir "$dir" \
          --final-eval-episodes 0 --no-progress $extra >/dev/null
        touch "$dir/done"
      fi
      run="$(ls -d "$dir"/*__itt__* | head -1)"
      value() { itt eval "$run" --episodes 20 --index "$1" | sed -E 's/.*: ([-0-9.]+) ± .*/\1/'; }
      if [ "$index" = brute ]; then brute_brute+=("$(value brute)"); brute_srp+=("$(value srp)"); else srp_srp+=("$(value srp)"); fi
    done
  done
  stats() { printf '%s\n' "$@" | awk '{s+=$1; q+=$1*$1; n++} END {m=s/n; v=q/n-m*m; if (v<0) v=0; printf "%.2f ± %.2f", m, sqrt(v)}'; }
  echo "| $env | $iterations | $(stats "${brute_brute[@]}") | $(stats "${brute_srp[@]}") | $(stats "${srp_srp[@]}") |"
done

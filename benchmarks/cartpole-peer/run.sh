#!/usr/bin/env bash
# `itt train --target-return 500` on CartPole-v1 against a NumPy OpenES peer on Gymnasium (openes_peer.py), both to
# their first evaluation of 500, each timed as a whole process (start to exit), alternated, seeds 1..5.
# Needs: the .NET SDK, python3 with NumPy (Debian: apt-get install python3-numpy) and Gymnasium (pip install
# gymnasium, or git clone https://github.com/Farama-Foundation/Gymnasium && pip install ./Gymnasium).
# Usage: benchmarks/cartpole-peer/run.sh [seeds, default 5]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
seeds="${1:-5}"
python="${PYTHON:-python3}"
if ! "$python" -c "import numpy, gymnasium" 2>/dev/null; then
  echo "run.sh: needs $python with NumPy and Gymnasium; install Gymnasium with 'pip install gymnasium' or from" >&2
  echo "  https://github.com/Farama-Foundation/Gymnasium (git clone, then pip install ./Gymnasium); NumPy: apt-get install python3-numpy" >&2
  exit 2
fi
dotnet build "$root/src/Itt.Cli" -c Release -v q -nologo >/dev/null
itt="$root/src/Itt.Cli/bin/Release/net10.0/itt.dll"
runs="$(mktemp -d)"
trap 'rm -rf "$runs"' EXIT
now() { date +%s.%N; }
declare -a ours peer
for seed in $(seq 1 "$seeds"); do
  t0=$(now); dotnet "$itt" train --target-return 500 --seed "$seed" --runs-dir "$runs" --no-progress >/dev/null; t1=$(now)
  "$python" "$here/openes_peer.py" --seed "$seed" >/dev/null; t2=$(now)
  ours+=("$(echo "$t1 - $t0" | bc)"); peer+=("$(echo "$t2 - $t1" | bc)")
  echo "seed $seed: itt ${ours[-1]} s, peer ${peer[-1]} s"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mo=$(median "${ours[@]}"); mp=$(median "${peer[@]}")
echo "median whole-process seconds: itt $mo, NumPy OpenES peer $mp, peer / itt $(echo "scale=2; $mp / $mo" | bc)"

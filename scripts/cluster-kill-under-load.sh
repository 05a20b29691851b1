#!/usr/bin/env bash
# Runs the cluster kill test (a worker SIGKILLed during a run, θ must equal the local run's) N times in a row while
# one busy loop per core keeps every core loaded, and prints "K of N passed". Build first (dotnet build -c Release).
# Usage: bash scripts/cluster-kill-under-load.sh [N=20]
set -uo pipefail
cd "$(dirname "$0")/.."
runs="${1:-20}"
loaders=()
for _ in $(seq "$(nproc)"); do
  bash -c 'while :; do :; done' &
  loaders+=($!)
done
stop_loaders() { for pid in "${loaders[@]}"; do kill "$pid" 2>/dev/null; done; }
trap stop_loaders EXIT
passed=0
for i in $(seq "$runs"); do
  start=$(date +%s)
  if dotnet test tests/Itt.Tests -c Release --no-build \
      --filter "FullyQualifiedName~AWorkerKilledWithSigkillDuringARunLeavesThetaUnchanged" > "/tmp/cluster-kill-$i.log" 2>&1; then
    passed=$((passed + 1)); verdict=passed
  else
    verdict="FAILED (log: /tmp/cluster-kill-$i.log)"
  fi
  echo "run $i: $verdict in $(( $(date +%s) - start )) s, load average $(cut -d' ' -f1 /proc/loadavg)"
done
echo "$passed of $runs passed with $(nproc) busy loops running"
[ "$passed" -eq "$runs" ]

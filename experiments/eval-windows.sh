#!/usr/bin/env bash
# The return of θ (metrics.csv's eval_return) of one run, window by window, and the first iteration at which it
# exceeds given values: the figures docs/results.md quotes for runs that leave a plateau.
#
# Usage: experiments/eval-windows.sh RUN_FOLDER [--width N] [--from I] [--to I] [--above V1,V2,…] [--below V]
#   --width N   iterations per window (default 200)
#   --from I    first iteration of the first window (default 1)
#   --to I      last iteration counted (default: the run's last)
#   --above …   report the first iteration in the range whose θ exceeded each value (default none)
#   --below V   count, per window, the evaluations below V (default 1000, Hopper's healthy-reward plateau)
# Example: experiments/eval-windows.sh comparisons/campaign/Hopper-v4/runs/Hopper-v4__itt__1 --from 1801 --above 1100,1500,2000
set -euo pipefail
[ $# -ge 1 ] || { sed -n '5,11p' "$0" >&2; exit 2; }
run="$1"; shift
width=200 from=1 to="" above="" below=1000
while [ $# -gt 0 ]; do
  [ $# -ge 2 ] || { echo "eval-windows: $1 needs a value" >&2; exit 2; }
  case "$1" in
    --width) width="$2" ;;
    --from) from="$2" ;;
    --to) to="$2" ;;
    --above) above="$2" ;;
    --below) below="$2" ;;
    *) echo "eval-windows: unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
metrics="$run/metrics.csv"
[ -f "$metrics" ] || { echo "eval-windows: no metrics.csv in $run" >&2; exit 2; }
for n in "$width" "$from" ${to:+"$to"}; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "eval-windows: $n is not a positive whole number" >&2; exit 2; }
done
for v in "$below" ${above//,/ }; do
  [[ $v =~ ^-?[0-9]+(\.[0-9]+)?$ ]] || { echo "eval-windows: $v is not a number" >&2; exit 2; }
done

awk -F, -v width="$width" -v from="$from" -v to="$to" -v above="$above" -v below="$below" '
  NR == 1 { for (c = 1; c <= NF; c++) col[$c] = c; next }
  {
    i = $col["iteration"]; v = $col["eval_return"] + 0
    if (i < from || (to != "" && i > to)) next
    w = int((i - from) / width)
    if (!(w in n)) lo[w] = i
    hi[w] = i; n[w]++; sum[w] += v; if (!(w in max) || v > max[w]) max[w] = v; if (v < below) low[w]++
    if (w > last) last = w
    if (!seen || v > best) { best = v; bestAt = i; seen = 1 }
    for (k = 1; k <= nAbove; k++) if (!(k in first) && v > limit[k]) first[k] = i
  }
  BEGIN { nAbove = above == "" ? 0 : split(above, limit, ","); last = -1 }
  END {
    if (!seen) { print "eval-windows: no iterations in range" > "/dev/stderr"; exit 2 }
    for (w = 0; w <= last; w++) if (n[w] > 0)
      printf "iterations %d-%d: mean %.2f, max %.2f, %d of %d below %s\n", lo[w], hi[w], sum[w] / n[w], max[w], low[w] + 0, n[w], below
    printf "best: %.2f at iteration %d\n", best, bestAt
    for (k = 1; k <= nAbove; k++)
      if (k in first) printf "first above %s: iteration %d\n", limit[k], first[k]; else printf "first above %s: never\n", limit[k]
  }' "$metrics"

#!/usr/bin/env bash
# Regenerates the mjModel/mjData field offsets from the installed MuJoCo 2.2.2 headers (package libmujoco-dev).
# Usage: generate.sh            writes src/Itt.Environments.MuJoCo/Native/MjOffsets.g.cs
#        generate.sh --stdout   prints the file instead (used by the regeneration test)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cc="${CC:-cc}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$cc" -std=c99 -O0 -I/usr/include -o "$work/offsets" "$here/offsets.c"
if [[ "${1:-}" == "--stdout" ]]; then
  "$work/offsets"
else
  "$work/offsets" > "$root/src/Itt.Environments.MuJoCo/Native/MjOffsets.g.cs"
fi

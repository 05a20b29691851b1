#!/usr/bin/env bash
# Installs the `itt` tool from ./nupkg (scripts/pack.sh) into a temporary tool path, as a user would, and runs
# `itt --version`, a 2-iteration `itt train`, and an ONNX export of that run evaluated through ONNX Runtime (whose
# native library is the tool's largest file). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -1)"
# A private package cache, so that a stale extracted copy of the same version is never the one tested.
NUGET_PACKAGES="$tmp/packages" dotnet tool install itt --version "$version" --tool-path "$tmp/tools" --add-source nupkg >/dev/null
"$tmp/tools/itt" --version
"$tmp/tools/itt" train --iterations 2 --runs-dir "$tmp/runs" --no-progress --final-eval-episodes 1 --threads 1 >"$tmp/train.log"
run="$(dirname "$(ls "$tmp"/runs/*/checkpoint.itt)")"
"$tmp/tools/itt" export "$run" --out "$tmp/policy.onnx" >/dev/null
"$tmp/tools/itt" eval "$run" --onnx "$tmp/policy.onnx" --episodes 2 | grep -q "2 of 2 episode returns identical"
echo "tool-test: installed itt $version from ./nupkg ($(du -sh "$tmp/tools" | cut -f1) on disk); --version, a 2-iteration train, export and eval --onnx ran"

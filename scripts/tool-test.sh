#!/usr/bin/env bash
# Installs the `itt` tool from ./nupkg (scripts/pack.sh) into a temporary tool path, as a user would, and runs
# `itt --version` and a 2-iteration `itt train`. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -1)"
# A private package cache, so that a stale extracted copy of the same version is never the one tested.
NUGET_PACKAGES="$tmp/packages" dotnet tool install itt --version "$version" --tool-path "$tmp/tools" --add-source nupkg >/dev/null
"$tmp/tools/itt" --version
"$tmp/tools/itt" train --iterations 2 --runs-dir "$tmp/runs" --no-progress --final-episodes 1 --threads 1 >"$tmp/train.log"
ls "$tmp"/runs/*/checkpoint.itt >/dev/null
echo "tool-test: installed itt $version from ./nupkg ($(du -sh "$tmp/tools" | cut -f1) on disk), --version and a 2-iteration train ran"

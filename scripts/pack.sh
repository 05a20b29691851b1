#!/usr/bin/env bash
# Packs every library and the `itt` .NET tool into ./nupkg (Release, no debug symbols).
# The Box2D package carries the linux-x64 shim, so the shim is built first (scripts/setup.sh installs its compiler
# and headers). Pass --no-build to pack what an earlier Release build (e.g. scripts/test.sh) left.
set -euo pipefail
cd "$(dirname "$0")/.."
bash native/box2d-shim/build.sh
rm -rf nupkg
dotnet pack Itt.slnx -c Release -o nupkg --nologo -v quiet "$@"
for package in nupkg/*.nupkg; do
  printf '%8s KiB  %s\n' "$(( $(stat -c %s "$package") / 1024 ))" "$(basename "$package")"
done

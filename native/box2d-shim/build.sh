#!/usr/bin/env bash
# Builds libittbox2d.so (the LunarLander shim) against the system Box2D 2.4 (Debian: libbox2d-dev) into build/.
# Rebuilds only when the source is newer than the library.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p build
if [ ! -f build/libittbox2d.so ] || [ lunar_shim.cpp -nt build/libittbox2d.so ] || [ build.sh -nt build/libittbox2d.so ]; then
  g++ -std=c++17 -O2 -fPIC -shared -Wall -Wextra -Werror -fvisibility=hidden \
    -Wl,--no-undefined -o build/libittbox2d.so.tmp lunar_shim.cpp -lbox2d
  mv build/libittbox2d.so.tmp build/libittbox2d.so
  echo "box2d-shim: built native/box2d-shim/build/libittbox2d.so"
fi

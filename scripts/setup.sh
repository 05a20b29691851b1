#!/usr/bin/env bash
# Installs what the tests and the native environments need on a fresh Debian machine with the .NET SDK.
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=()
need() { dpkg -s "$1" >/dev/null 2>&1 || packages+=("$1"); }
# (native environment families add their Debian packages here)
need g++; need libbox2d-dev   # LunarLander: the Box2D 2.4 shim in native/box2d-shim
need gcc             # cc: the offsets regeneration test compiles tools/mujoco-offsets
need libmujoco2.2.2   # MuJoCo locomotion and dm_control tasks
need libmujoco-dev    # headers: the offsets regeneration test compiles tools/mujoco-offsets against them
need redis-server   # the Redis-clustered test starts its own server on a free loopback port
need procps         # pkill: experiments/campaign.sh --stop (and its test) signal the campaign's children

if ((${#packages[@]})); then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  echo "setup: installing ${packages[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${packages[@]}" >/dev/null
fi

# Native shims (built after the packages they link against are in place).
bash native/box2d-shim/build.sh

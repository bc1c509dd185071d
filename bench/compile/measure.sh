#!/usr/bin/env bash
# Compile time and peak memory of a typical translation unit (10 models, 30 queries) at -O2,
# with g++ and clang++. Run from anywhere: bash bench/compile/measure.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
include="$here/../../include"
for cxx in g++ clang++; do
  command -v "$cxx" > /dev/null || { echo "$cxx: not installed"; continue; }
  out=$(mktemp)
  /usr/bin/time -f "%e %M" -o "$out" "$cxx" -std=c++20 -O2 -I"$include" -c "$here/typical_tu.cpp" -o /dev/null
  read -r seconds kib < "$out"
  rm -f "$out"
  printf '%-8s %6.2f s  %6.0f MiB peak\n' "$cxx" "$seconds" "$((kib / 1024))"
done

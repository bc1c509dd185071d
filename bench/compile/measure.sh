#!/usr/bin/env bash
# Compile time and peak memory of a typical translation unit (10 models, 30 queries) at -O2,
# with g++ and clang++. Run from anywhere: bash bench/compile/measure.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
include="$here/../../include"
# Each compiler three times: the TU as it is (it includes <quarry/sqlite.hpp>), without the backend
# header (a program needs that header in one file only: the one that opens its Database), and with
# its models in the short form (conventions plus the options that differ).
for cxx in g++ clang++; do
  command -v "$cxx" > /dev/null || { echo "$cxx: not installed"; continue; }
  for variant in "with the backend header" "core header only" "short-form models"; do
    defines=()
    if [ "$variant" = "core header only" ]; then defines=(-DQUARRY_TU_CORE_ONLY); fi
    if [ "$variant" = "short-form models" ]; then defines=(-DQUARRY_TU_CONVENTIONS); fi
    out=$(mktemp)
    /usr/bin/time -f "%e %M" -o "$out" "$cxx" -std=c++20 -O2 "${defines[@]}" -I"$include" -c "$here/typical_tu.cpp" \
      -o /dev/null
    read -r seconds kib < "$out"
    rm -f "$out"
    printf '%-8s %-24s %6.2f s  %6.0f MiB peak\n' "$cxx" "$variant" "$seconds" "$((kib / 1024))"
  done
done

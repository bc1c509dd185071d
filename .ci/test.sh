#!/usr/bin/env bash
# Builds and runs the whole test suite through ctest, installing what is missing first:
# g++ with warnings as errors under AddressSanitizer+UndefinedBehaviorSanitizer, the backends
# compiled once (everything the dev preset builds and runs: tests, examples, compile_fail, the
# installed package), clang++ with warnings as errors (header-only), g++ at -O2 (Release, the
# backends compiled once), then the integration suites (threads and the pool)
# under ThreadSanitizer, then the fuzz targets (clang, libFuzzer) for a short while each.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/deps.sh cmake g++ clang libclang-rt-14-dev make pkg-config libsqlite3-dev libpq-dev libmariadb-dev \
  libfmt-dev nlohmann-json3-dev libcpp-httplib-dev catch2 postgresql mariadb-server mariadb-client
for preset in asan clang release tsan fuzz; do
  echo "=== $preset"
  start=$SECONDS
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j2
  built=$SECONDS
  ctest --preset "$preset"
  echo "=== $preset: built in $((built - start)) s, tested in $((SECONDS - built)) s ($SECONDS s in all)"
done

#!/usr/bin/env bash
# Builds and runs the bookstore example on an SQLite file, installing what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/deps.sh cmake g++ make libsqlite3-dev libfmt-dev
cmake --preset bookstore >/dev/null
cmake --build --preset bookstore -j2
./build/bookstore/examples/01-bookstore "sqlite:build/bookstore/bookstore.db"

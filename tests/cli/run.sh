#!/usr/bin/env bash
# A generated migration end to end, on every database: the hand-written users migration applied
# (by two processes at once, which apply it once),
# migration:check passes for its model and fails for a later one (a column and an index more),
# migration:generate writes the same file on each database, the file compiles into the
# program, applying it makes migration:check pass, and undoing it brings the schema back.
#
#   run.sh BUILD_DIR PROGRAM SLOT URL...     (a URL may be @FILE: the server script's url file)
set -euo pipefail
build=$1 program=$2 slot=$3
shift 3
work=$(mktemp -d)
placeholder='// no generated migration: tests/cli/run.sh writes one here while it runs'
# the slot gets its placeholder back however the run ends: a generated file that does not
# compile must not break the next build of the tree (this log shows the file)
trap 'echo "$placeholder" >"$slot"; rm -rf "$work"' EXIT

fail() { echo "FAILED: $*" >&2; exit 1; }
# expect CODE COMMAND...: runs it, shows what it printed, fails unless it exits with CODE
expect() {
  local want=$1 code=0
  shift
  "$@" >"$work/out" 2>&1 || code=$?
  sed 's/^/    /' "$work/out"
  [[ $code == "$want" ]] || fail "$* exited with $code, not $want"
}
rebuild() { cmake --build "$build" --target "$(basename "$program")" >"$work/build.log" 2>&1 || { cat "$work/build.log"; fail "build"; }; }

# the program without a generated migration (a run before left its file in the slot)
[[ "$(cat "$slot")" == "$placeholder" ]] || echo "$placeholder" >"$slot"
rebuild

urls=()
for u in "$@"; do
  if [[ $u == @* ]]; then urls+=("$(head -n1 "${u#@}")"); else urls+=("$u"); fi
done

n=0
for url in "${urls[@]}"; do
  export DATABASE_URL=$url
  echo "== ${url%%:*}: the users migration, then a migration generated from the later model"
  expect 0 "$program" reset
  # two processes migrate at once: the migration is applied once, by one of them
  "$program" migrate >"$work/a" 2>&1 & a=$!
  "$program" migrate >"$work/b" 2>&1 & b=$!
  wait $a || { cat "$work/a"; fail "the first of two migrate processes"; }
  wait $b || { cat "$work/b"; fail "the second of two migrate processes"; }
  sed 's/^/    /' "$work/a" "$work/b"
  [[ $(cat "$work/a" "$work/b" | grep -c '^applied 20261203120000-create-users$') == 1 ]] ||
    fail "two processes migrating at once did not apply the migration exactly once"
  expect 0 "$program" migrate:status
  grep -q '^up   20261203120000-create-users$' "$work/out" || fail "status after migrate"
  expect 0 "$program" migration:check
  expect 0 "$program" schema
  cp "$work/out" "$work/schema$n"
  QUARRY_CLI_MODELS=aged expect 1 "$program" migration:check
  mkdir -p "$work/gen$n"
  QUARRY_CLI_MODELS=aged expect 0 "$program" migration:generate add-age --dir "$work/gen$n"
  n=$((n + 1))
done

# one file, whichever database it was generated on (but for its name and the database's)
first=$(ls "$work"/gen0/*.cpp)
normalize() { sed -e '1,2d' -e 's/[0-9]\{14\}-add-age/NAME/' "$1"; }
for ((i = 1; i < n; i++)); do
  diff <(normalize "$first") <(normalize "$(ls "$work"/gen$i/*.cpp)") || fail "the generated files differ"
done
echo "== the generated migration:"
cat "$first"
name=$(basename "$first" .cpp)
cp "$first" "$slot"
rebuild

n=0
for url in "${urls[@]}"; do
  export DATABASE_URL=$url
  echo "== ${url%%:*}: the generated migration applied, checked, and undone"
  QUARRY_CLI_MODELS=aged expect 1 "$program" migration:check  # pending: migrate first
  QUARRY_CLI_MODELS=aged expect 0 "$program" migrate
  grep -q "^applied $name$" "$work/out" || fail "migrate did not apply $name"
  QUARRY_CLI_MODELS=aged expect 0 "$program" migration:check
  expect 1 "$program" migration:check  # the earlier model no longer
  expect 0 "$program" migrate:undo
  grep -q "^reverted $name$" "$work/out" || fail "undo did not revert $name"
  expect 0 "$program" schema
  diff "$work/schema$n" "$work/out" || fail "undo did not bring the table back as it was"
  n=$((n + 1))
  expect 0 "$program" migrate:undo:all
  expect 0 "$program" migrate:status
  grep -q "^down 20261203120000-create-users$" "$work/out" || fail "status after undo:all"
  grep -q "^down $name$" "$work/out" || fail "status after undo:all"
done
echo "passed on ${#urls[@]} databases"

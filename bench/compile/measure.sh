#!/usr/bin/env bash
# Compile time and peak memory of quarry against a baseline commit, side by side in one run.
#
#   bash bench/compile/measure.sh [BASELINE] [ROUNDS]     (defaults: a46e21f, 3)
#
# The same files are compiled at -O2 with g++ and clang++ against a worktree of BASELINE and against
# the current tree, alternating (the order rotates every round, so a drift in the machine's load
# falls on each), and the medians and their ratios (current / baseline) are printed, of wall time
# and of the compiler's user CPU time. Absolute seconds differ between machines; the ratio is the
# figure. The files:
#   typical_tu.cpp    10 models and 30 queries, opening a Database (includes <quarry/sqlite.hpp>)
#   include_only.cpp  only <quarry/quarry.hpp> and <quarry/sqlite.hpp>: the fixed cost
#   models_only.cpp   only the 10 models: what a program's model headers cost the files that
#                     include them (<quarry/model.hpp>, or <quarry/quarry.hpp> where it did not exist)
# and, for scale, a file of only the standard headers that include_only.cpp reaches.
# When the current tree has the compiled-library option (QUARRY_COMPILED), typical_tu.cpp and
# include_only.cpp are compiled once more with it, as a program that links quarry's compiled
# libraries compiles them (the ratio is again to the baseline); the libraries' own one-off
# compiles are printed after.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
baseline=${1:-a46e21f}
rounds=${2:-3}

work=$(mktemp -d)
cleanup() {
  git -C "$root" worktree remove --force "$work/base" > /dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
git -C "$root" worktree add --detach "$work/base" "$baseline" > /dev/null 2>&1
base_include="$work/base/include"
cur_include="$root/include"

# compile CXX INCLUDE FILE [DEFINES...] -> prints "seconds kib user-seconds"; FILE is in bench/compile or
# absolute
compile() {
  local cxx=$1 include=$2 file=$3
  shift 3
  [[ $file == /* ]] || file="$here/$file"
  /usr/bin/time -f "%e %M %U" -o "$work/time" "$cxx" -std=c++20 -O2 "$@" -I"$include" -I"$here" -c "$file" \
    -o "$work/out.o"
  cat "$work/time"
}

median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

compiled_option=no
if grep -rq QUARRY_COMPILED "$cur_include/quarry/sqlite.hpp"; then compiled_option=yes; fi

files=(typical_tu.cpp include_only.cpp models_only.cpp)
compilers=()
for cxx in g++ clang++; do
  if command -v "$cxx" > /dev/null; then compilers+=("$cxx"); else echo "$cxx: not installed"; fi
done

echo "baseline $(git -C "$root" rev-parse --short "$baseline"), current $(git -C "$root" rev-parse --short HEAD)$(
  git -C "$root" diff --quiet HEAD -- include bench/compile || echo ' with uncommitted changes'), $rounds rounds"
for ((r = 1; r <= rounds; r++)); do
  for cxx in "${compilers[@]}"; do
    for file in "${files[@]}"; do
      trees=(base cur)
      if [ "$compiled_option" = yes ] && [ "$file" != models_only.cpp ]; then trees+=(compiled); fi
      n=${#trees[@]}
      for ((t = 0; t < n; t++)); do  # the order rotates each round
        tree=${trees[$(((t + r) % n))]}
        case $tree in
          base) read -r s k u < <(compile "$cxx" "$base_include" "$file") ;;
          cur) read -r s k u < <(compile "$cxx" "$cur_include" "$file") ;;
          compiled) read -r s k u < <(compile "$cxx" "$cur_include" "$file" -DQUARRY_COMPILED) ;;
        esac
        echo "$cxx $file $tree $s $k $u" >> "$work/results"
      done
    done
  done
done

# For scale: a file that includes only the standard headers that include_only.cpp reaches in the
# current tree, the floor under any file that includes quarry (compiled once per round and compiler).
g++ -std=c++20 -M -I"$cur_include" "$here/include_only.cpp" | tr ' \\' '\n\n' | grep -E '/c\+\+/[0-9]+/[a-z_]+$' |
  sed -E 's|.*/c\+\+/[0-9]+/||' | sort -u | sed 's/.*/#include <&>/' > "$work/std_only.cpp"
echo 'int main() { return 0; }' >> "$work/std_only.cpp"
for ((r = 1; r <= rounds; r++)); do
  for cxx in "${compilers[@]}"; do
    read -r s k u < <(compile "$cxx" "$cur_include" "$work/std_only.cpp")
    echo "$cxx std_only cur $s $k $u" >> "$work/results"
  done
done

stat() {  # stat CXX FILE TREE COLUMN
  awk -v c="$1" -v f="$2" -v t="$3" -v col="$4" '$1 == c && $2 == f && $3 == t {print $col}' "$work/results" | median
}
printf '\n%-8s %-17s %22s %22s %14s' compiler file "baseline (s, MiB)" "current (s, MiB)" "time ratio"
if [ "$compiled_option" = yes ]; then printf ' %22s %14s' "QUARRY_COMPILED (s, MiB)" "time ratio"; fi
printf '\n'
for cxx in "${compilers[@]}"; do
  for file in "${files[@]}"; do
    bs=$(stat "$cxx" "$file" base 4) bk=$(stat "$cxx" "$file" base 5)
    cs=$(stat "$cxx" "$file" cur 4) ck=$(stat "$cxx" "$file" cur 5)
    printf '%-8s %-17s %12.2f %8.0f %12.2f %8.0f %14.2f' "$cxx" "$file" "$bs" "$((${bk%.*} / 1024))" "$cs" \
      "$((${ck%.*} / 1024))" "$(awk -v a="$cs" -v b="$bs" 'BEGIN {print a / b}')"
    if [ "$compiled_option" = yes ] && [ "$file" != models_only.cpp ]; then
      xs=$(stat "$cxx" "$file" compiled 4) xk=$(stat "$cxx" "$file" compiled 5)
      printf ' %13.2f %8.0f %14.2f' "$xs" "$((${xk%.*} / 1024))" "$(awk -v a="$xs" -v b="$bs" 'BEGIN {print a / b}')"
    fi
    printf '\n'
  done
done
# The same ratios of the compiler's user CPU time (medians): on a machine whose load or memory
# reclaim inflates wall time (system time from page faults), these are the steadier figure.
echo
echo "User CPU time (s), medians and ratios to the baseline:"
for cxx in "${compilers[@]}"; do
  for file in "${files[@]}"; do
    bu=$(stat "$cxx" "$file" base 6) cu=$(stat "$cxx" "$file" cur 6)
    printf '%-8s %-17s %12.2f %21.2f %23.2f' "$cxx" "$file" "$bu" "$cu" "$(awk -v a="$cu" -v b="$bu" 'BEGIN {print a / b}')"
    if [ "$compiled_option" = yes ] && [ "$file" != models_only.cpp ]; then
      xu=$(stat "$cxx" "$file" compiled 6)
      printf ' %13.2f %23.2f' "$xu" "$(awk -v a="$xu" -v b="$bu" 'BEGIN {print a / b}')"
    fi
    printf '\n'
  done
done
echo
echo "Only the standard headers quarry includes, for scale:"
for cxx in "${compilers[@]}"; do
  ss=$(stat "$cxx" std_only cur 4) sk=$(stat "$cxx" std_only cur 5)
  bi=$(stat "$cxx" include_only.cpp base 4)
  su=$(stat "$cxx" std_only cur 6) bu=$(stat "$cxx" include_only.cpp base 6)
  printf '%-8s %-17s %12.2f s %8.0f MiB  (%.2f of the baseline include_only.cpp; user CPU %.2f s, %.2f)\n' "$cxx" \
    std_only "$ss" "$((${sk%.*} / 1024))" "$(awk -v a="$ss" -v b="$bi" 'BEGIN {print a / b}')" "$su" \
    "$(awk -v a="$su" -v b="$bu" 'BEGIN {print a / b}')"
done
if [ "$compiled_option" = yes ]; then
  echo
  echo "The compiled libraries themselves, once per program (not in the ratios above):"
  printf '#define QUARRY_IMPLEMENTATION\n#include <quarry/quarry.hpp>\n' > "$work/core.cpp"
  printf '#include <quarry/sqlite/backend.hpp>\n' > "$work/sqlite.cpp"
  for cxx in "${compilers[@]}"; do
    for library in core sqlite; do
      /usr/bin/time -f "%e %M" -o "$work/time" "$cxx" -std=c++20 -O2 -DQUARRY_COMPILED -I"$cur_include" -c \
        "$work/$library.cpp" -o "$work/out.o"
      read -r s k < "$work/time"
      printf '%-8s %-17s %12.2f s %8.0f MiB\n' "$cxx" "quarry_$library" "$s" "$((k / 1024))"
    done
  done
fi

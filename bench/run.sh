#!/usr/bin/env bash
# The whole runtime benchmark in one command, as root on Debian 12 (installs what is missing):
#   bash bench/run.sh [rows] [rounds]          (defaults: 100000 rows, 5 rounds)
# Builds quarry_bench (Release), starts throwaway PostgreSQL and MariaDB servers, runs quarry
# against the raw C APIs on SQLite, PostgreSQL and MariaDB, then the Sequelize peer, and writes
# bench/results/<date>.md with its chart bench/results/<date>.svg.
#
# CPU placement, the same for every contender: the client (quarry_bench, node) and the database
# servers all run on CPU 0, so a round trip is a switch on one core (2-3 us) rather than a wake-up
# across cores (40-50 us), which would hide every client's own cost. SQLite runs inside the
# client, on a file in /dev/shm.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-100000}
rounds=${2:-5}
seq_rounds=${SEQUELIZE_ROUNDS:-3}

packages=(cmake g++ make pkg-config libsqlite3-dev libpq-dev libmariadb-dev libfmt-dev postgresql mariadb-server
  mariadb-client util-linux)
command -v node > /dev/null || packages+=(nodejs)  # a Node.js from elsewhere is used as it is
command -v npm > /dev/null || packages+=(npm)
bash .ci/deps.sh "${packages[@]}"

cmake -S . -B build/bench -DCMAKE_BUILD_TYPE=Release -DQUARRY_BUILD_BENCH=ON -DQUARRY_BUILD_TESTS=OFF \
  -DQUARRY_BUILD_EXAMPLES=OFF > /dev/null
cmake --build build/bench -j2

cpus=$(nproc)
client=(taskset -c 0)
export QUARRY_SERVER_CPUS=0
placement="client (quarry_bench, node), PostgreSQL and MariaDB all on CPU 0 (taskset); SQLite in the client"

# glibc's malloc, in the client and in the servers, with the most its dynamic rule can reach (after
# a freed block of 32 MB: 32 MB before a block is mmapped of its own, 64 MB of free memory kept),
# fixed from the start: otherwise how fast a workload runs depends on what ran before it in the
# same process (a PostgreSQL backend that had made large allocations ran f's query of books in
# 2.8 ms, a new one in 6.3 ms; the client's c ran at 0.9M rows/s alone and 2.3M after b). The
# peak-memory probes unset it again.
export GLIBC_TUNABLES=glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=67108864

work=$(mktemp -d /tmp/quarry-bench.XXXXXX)
chmod 755 "$work"  # the servers run as their own users
stop() {
  bash tests/servers/postgres.sh stop "$work/pg" > /dev/null 2>&1 || true
  bash tests/servers/mariadb.sh stop "$work/my" > /dev/null 2>&1 || true
  rm -rf "$work" /dev/shm/quarry-bench-*.db*
}
trap stop EXIT
bash tests/servers/postgres.sh start "$work/pg"
bash tests/servers/mariadb.sh start "$work/my"
pg_url=$(cat "$work/pg/url")
my_url=$(cat "$work/my/url")
sqlite_file=/dev/shm/quarry-bench-$$.db
sqlite_url="sqlite:$sqlite_file"

date=$(date -u +%Y-%m-%d)
tsv=$work/figures.tsv
{
  printf 'meta\tdate\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
  printf 'meta\tcommit\t%s\n' "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  printf 'meta\tmachine\t%s CPUs, %s\n' "$cpus" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  printf 'meta\tCPU placement\t%s\n' "$placement"
  printf 'meta\tsizes\t%s rows for a, b, c, d; %s updates for e; 1k authors with 10 books for f; a 10k-row world for g\n' \
    "$rows" "$((rows / 10))"
  printf 'meta\trounds\tquarry and raw: %s each, alternating in one process; Sequelize: %s\n' "$rounds" "$seq_rounds"
  printf 'meta\tversions\tg++ %s; SQLite %s; PostgreSQL %s; MariaDB %s; node %s\n' "$(g++ -dumpfullversion)" \
    "$(pkg-config --modversion sqlite3)" "$(ls /usr/lib/postgresql | sort -V | tail -n1)" \
    "$(mariadbd --version | grep -o '[0-9.]*-MariaDB' | head -n1)" "$(node --version 2>/dev/null || echo none)"
  printf 'meta\tservers\tthrowaway, on loopback TCP, fsync off (tests/servers/*.sh)\n'
  printf 'meta\tmalloc\tGLIBC_TUNABLES=%s in the client and the servers (not in the peak-memory probes); quarry and raw on new connections for each workload\n' \
    "$GLIBC_TUNABLES"
} > "$tsv"

for url in "$sqlite_url" "$pg_url" "$my_url"; do
  "${client[@]}" build/bench/bench/quarry_bench "$url" "$rows" "$rounds" --tsv "$tsv"
done

# the peer users would pick instead
if (cd bench/sequelize && npm ci --no-audit --no-fund --loglevel=error > "$work/npm.log" 2>&1); then
  rm -f "$sqlite_file"
  for url in "$sqlite_url" "$pg_url" "$my_url"; do
    (cd bench/sequelize && "${client[@]}" node bench.js "$url" "$rows" "$seq_rounds") >> "$tsv" || \
      echo "Sequelize on ${url%%:*} failed; the report shows it as not run" >&2
  done
else
  echo "npm could not install Sequelize (see below); the report has no Sequelize column" >&2
  cat "$work/npm.log" >&2
fi

mkdir -p bench/results
cp "$tsv" "bench/results/$date.tsv"
build/bench/bench/quarry_bench_report "bench/results/$date.md" "bench/results/$date.svg" "$tsv"
echo "wrote bench/results/$date.md and bench/results/$date.svg"

#!/usr/bin/env bash
# A throwaway PostgreSQL for the test suite: temporary data directory, loopback, a free port.
# Its time zone is not UTC on purpose: quarry must store and read UTC whatever the server's zone.
#   postgres.sh start DIR     writes DIR/url: a password-protected user over TCP, database quarry_test
#                             (and an empty quarry_examples, for the examples that need one of their own)
#   postgres.sh restart DIR   starts it again on the same port and data (after a crash, say)
#   postgres.sh pid DIR       prints the postmaster's process id
#   postgres.sh stop DIR
# With QUARRY_SERVER_TLS=1, start also makes a self-signed certificate for 127.0.0.1 and localhost
# (DIR/ca.pem, to trust it) and the server offers TLS.
# DIR keeps the URL and the port; the server's data, socket and log are in a directory of its own
# under /tmp (named in DIR/run), which the server's user can reach wherever DIR is (a checkout
# under /root, say).
set -euo pipefail
. "$(dirname "$0")/common.sh"
command=$1 dir=$2
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "no PostgreSQL server here: install the Debian package postgresql (apt-get install -y postgresql)" >&2
  exit 1
fi
# launch: starts the server on DIR/port with its data, socket and log in DIR/run's directory
launch() {
  local port run tls=""
  port=$(cat "$dir/port") run=$(cat "$dir/run")
  [ -f "$run/tls/server.pem" ] && tls="-c ssl=on -c ssl_cert_file=$run/tls/server.pem -c ssl_key_file=$run/tls/server.key"
  as postgres "${pin[@]}" "$bin/pg_ctl" -D "$run/data" -l "$run/server.log" -w -t 120 -o "-c listen_addresses=127.0.0.1 \
    -p $port -k $run -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=100 \
    -c timezone=Asia/Kolkata $tls" start > /dev/null || {
    echo "PostgreSQL did not start in two minutes; the end of its log:" >&2
    tail -n 20 "$run/server.log" >&2 || true  # the log goes with the directory at stop
    exit 1
  }
}
run=$(cat "$dir/run" 2> /dev/null || true)
case $command in
  start)
    [ -n "$run" ] && [ -f "$run/data/postmaster.pid" ] && "$0" stop "$dir"
    rm -rf "$dir"
    mkdir -p "$dir"
    run=$(mktemp -d /tmp/quarry-pg.XXXXXX)  # short: a socket path has a length limit
    echo "$run" > "$dir/run"
    echo secret > "$run/password"
    if [ "${QUARRY_SERVER_TLS:-}" = 1 ]; then tls_certificate "$run/tls"; cp "$run/tls/server.pem" "$dir/ca.pem"; fi
    [ "$(id -u)" -eq 0 ] && chown -R postgres "$run"
    as postgres "$bin/initdb" -D "$run/data" -U quarry --pwfile="$run/password" --auth-host=scram-sha-256 \
      --auth-local=trust --no-sync -E UTF8 --locale=C.UTF-8 > "$dir/initdb.log"
    port=$(free_port)
    echo "$port" > "$dir/port"
    launch
    as postgres "$bin/psql" -h "$run" -p "$port" -U quarry -d postgres -q -c "CREATE DATABASE quarry_test" \
      -c "CREATE DATABASE quarry_examples"
    echo "postgres://quarry:secret@127.0.0.1:$port/quarry_test" > "$dir/url"
    echo "PostgreSQL on 127.0.0.1:$port"
    ;;
  restart)
    if pid=$(head -n 1 "$run/data/postmaster.pid" 2> /dev/null) && kill -0 "$pid" 2> /dev/null; then
      as postgres "$bin/pg_ctl" -D "$run/data" -m fast -w stop > /dev/null 2>&1 || true
    fi
    launch
    ;;
  pid)
    head -n 1 "$run/data/postmaster.pid"
    ;;
  stop)
    [ -n "$run" ] || exit 0
    # a server a killed fault test left stopped (SIGSTOP) would never answer the stop request
    if [ -f "$run/data/postmaster.pid" ]; then kill -CONT "$(head -n 1 "$run/data/postmaster.pid")" 2> /dev/null || true; fi
    if [ -d "$run/data" ]; then as postgres "$bin/pg_ctl" -D "$run/data" -m fast -w -t 30 stop > /dev/null || \
      { [ -f "$run/data/postmaster.pid" ] && kill -KILL "$(head -n 1 "$run/data/postmaster.pid")" 2> /dev/null; } || true; fi
    rm -rf "$run" "$dir/run"
    ;;
  *) echo "usage: $0 start|restart|pid|stop DIR" >&2; exit 2 ;;
esac

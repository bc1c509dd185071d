#!/usr/bin/env bash
# A throwaway MariaDB for the test suite: temporary data directory, loopback, a free port.
# Its time zone is not UTC on purpose: quarry must store and read UTC whatever the server's zone.
#   mariadb.sh start DIR     writes DIR/url: a password-protected user over TCP, database quarry_test
#                            (and an empty quarry_examples, for the examples that need one of their own)
#   mariadb.sh restart DIR   starts it again on the same port and data (after a crash, say)
#   mariadb.sh pid DIR       prints the server's process id
#   mariadb.sh stop DIR
# With QUARRY_SERVER_TLS=1, start also makes a self-signed certificate for 127.0.0.1 and localhost
# (DIR/ca.pem, to trust it) and the server offers TLS.
# DIR keeps the URL and the port; the server's data, socket, pid file and log are in a directory
# of its own under /tmp (named in DIR/run), which the server's user can reach wherever DIR is.
set -euo pipefail
. "$(dirname "$0")/common.sh"
command=$1 dir=$2
server=$(command -v mariadbd || ls /usr/sbin/mariadbd 2>/dev/null || true)
if [ -z "$server" ] || ! command -v mariadb-install-db > /dev/null || ! command -v mariadb-admin > /dev/null; then
  echo "no MariaDB server here: install the Debian packages mariadb-server and mariadb-client" >&2
  exit 1
fi
user=$([ "$(id -u)" -eq 0 ] && echo mysql || id -un)
# launch: starts the server on DIR/port with its files in DIR/run's directory, and waits until it answers
launch() {
  local port tls=()
  port=$(cat "$dir/port")
  [ -f "$run/tls/server.pem" ] && tls=(--ssl-cert="$run/tls/server.pem" --ssl-key="$run/tls/server.key")
  rm -f "$run/mariadb.pid"
  mkdir -p "$run/tmp"
  if [ "$(id -u)" -eq 0 ]; then chown mysql "$run/tmp"; fi
  # a tmpdir of its own: a server that starts deletes every #sql* file of its tmpdir, and with
  # /tmp shared that was another running server's internal temporary table (seen as "Error on
  # delete of '/tmp/#sql-temptable-...'" in a test while the fault tests restarted theirs)
  "${pin[@]}" setsid "$server" --no-defaults --user="$user" --datadir="$run/data" --tmpdir="$run/tmp" \
    --socket="$run/mariadb.sock" --port="$port" --bind-address=127.0.0.1 --pid-file="$run/mariadb.pid" \
    --log-error="$run/server.log" --skip-name-resolve \
    --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 --skip-log-bin --default-time-zone=+05:30 "${tls[@]}" \
    < /dev/null > /dev/null 2>&1 &
  # up to two minutes: a loaded machine has taken more than 30 s to start it
  for _ in $(seq 1 1200); do
    mariadb-admin --no-defaults -h127.0.0.1 -P"$port" -uroot ping > /dev/null 2>&1 && [ -s "$run/mariadb.pid" ] && return
    sleep 0.1
  done
  echo "MariaDB did not start on 127.0.0.1:$port in two minutes; the end of its log:" >&2
  tail -n 20 "$run/server.log" >&2 || true  # the log goes with the directory at stop
  exit 1
}
run=$(cat "$dir/run" 2> /dev/null || true)
case $command in
  start)
    [ -f "$dir/port" ] && "$0" stop "$dir"
    rm -rf "$dir"
    mkdir -p "$dir"
    run=$(mktemp -d /tmp/quarry-my.XXXXXX)  # short: a socket path has a length limit
    echo "$run" > "$dir/run"
    mkdir -p "$run/data" "$run/tmp"
    [ "${QUARRY_SERVER_TLS:-}" = 1 ] && { tls_certificate "$run/tls"; cp "$run/tls/server.pem" "$dir/ca.pem"; }
    [ "$(id -u)" -eq 0 ] && chown -R mysql "$run"
    # install-db has failed once in a while here ("Unknown table 'mysql.tmp_user_sys'") and then
    # passed on a second try (its bootstrap server then used the shared /tmp, which a server that
    # starts cleans, as above): one retry on a clean data directory, then its log
    install() {
      mariadb-install-db --no-defaults --user="$user" --datadir="$run/data" --tmpdir="$run/tmp" \
        --auth-root-authentication-method=normal --skip-test-db >> "$dir/install.log" 2>&1
    }
    if ! install; then
      echo "mariadb-install-db failed; trying once more" >> "$dir/install.log"
      rm -rf "$run/data" && mkdir -p "$run/data"
      [ "$(id -u)" -eq 0 ] && chown -R mysql "$run/data"
      install || { cat "$dir/install.log" >&2; exit 1; }
    fi
    free_port > "$dir/port"
    launch
    port=$(cat "$dir/port")
    mariadb --no-defaults -h127.0.0.1 -P"$port" -uroot -e "CREATE DATABASE quarry_test; CREATE DATABASE quarry_examples; \
      CREATE USER 'quarry'@'%' IDENTIFIED BY 'secret'; GRANT ALL ON *.* TO 'quarry'@'%' WITH GRANT OPTION;"
    echo "mysql://quarry:secret@127.0.0.1:$port/quarry_test" > "$dir/url"
    echo "MariaDB on 127.0.0.1:$port"
    ;;
  restart)
    if [ -s "$run/mariadb.pid" ] && kill -0 "$(cat "$run/mariadb.pid")" 2> /dev/null; then
      mariadb-admin --no-defaults -h127.0.0.1 -P"$(cat "$dir/port")" -uroot shutdown > /dev/null 2>&1 || true
      for _ in $(seq 1 300); do kill -0 "$(cat "$run/mariadb.pid" 2> /dev/null)" 2> /dev/null || break; sleep 0.1; done
    fi
    launch
    ;;
  pid)
    cat "$run/mariadb.pid"
    ;;
  stop)
    # a server a killed fault test left stopped (SIGSTOP) would never answer the shutdown
    if [ -n "$run" ] && [ -f "$run/mariadb.pid" ]; then kill -CONT "$(cat "$run/mariadb.pid")" 2> /dev/null || true; fi
    if [ -f "$dir/port" ]; then
      mariadb-admin --no-defaults --connect-timeout=10 -h127.0.0.1 -P"$(cat "$dir/port")" -uroot shutdown > /dev/null 2>&1 ||
        { [ -n "$run" ] && [ -f "$run/mariadb.pid" ] && kill "$(cat "$run/mariadb.pid")" 2> /dev/null; } || true
      rm -f "$dir/port"
    fi
    # its files go once the server has exited
    if [ -n "$run" ]; then
      pid=$(cat "$run/mariadb.pid" 2> /dev/null || true)
      for _ in $(seq 1 300); do { [ -n "$pid" ] && kill -0 "$pid" 2> /dev/null; } || break; sleep 0.1; done
      rm -rf "$run" "$dir/run"
    fi
    ;;
  *) echo "usage: $0 start|restart|pid|stop DIR" >&2; exit 2 ;;
esac

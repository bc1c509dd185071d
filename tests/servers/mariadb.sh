#!/usr/bin/env bash
# A throwaway MariaDB for the test suite: temporary data directory, loopback, a free port.
# Its time zone is not UTC on purpose: quarry must store and read UTC whatever the server's zone.
#   mariadb.sh start DIR   writes DIR/url: a password-protected user over TCP, database quarry_test
#   mariadb.sh stop DIR
set -euo pipefail
. "$(dirname "$0")/common.sh"
command=$1 dir=$2
server=$(command -v mariadbd || ls /usr/sbin/mariadbd 2>/dev/null || true)
if [ -z "$server" ] || ! command -v mariadb-install-db > /dev/null || ! command -v mariadb-admin > /dev/null; then
  echo "no MariaDB server here: install the Debian packages mariadb-server and mariadb-client" >&2
  exit 1
fi
user=$([ "$(id -u)" -eq 0 ] && echo mysql || id -un)
case $command in
  start)
    [ -f "$dir/port" ] && "$0" stop "$dir"
    rm -rf "$dir"
    mkdir -p "$dir/data"
    [ "$(id -u)" -eq 0 ] && chown -R mysql "$dir"
    mariadb-install-db --no-defaults --user="$user" --datadir="$dir/data" --auth-root-authentication-method=normal \
      --skip-test-db > "$dir/install.log" 2>&1
    port=$(free_port)
    echo "$port" > "$dir/port"
    "${pin[@]}" setsid "$server" --no-defaults --user="$user" --datadir="$dir/data" --socket="$dir/mariadb.sock" --port="$port" \
      --bind-address=127.0.0.1 --pid-file="$dir/mariadb.pid" --log-error="$dir/server.log" --skip-name-resolve \
      --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 --skip-log-bin --default-time-zone=+05:30 < /dev/null > /dev/null 2>&1 &
    for _ in $(seq 1 300); do
      mariadb-admin --no-defaults -h127.0.0.1 -P"$port" -uroot ping > /dev/null 2>&1 && break
      sleep 0.1
    done
    mariadb --no-defaults -h127.0.0.1 -P"$port" -uroot -e "CREATE DATABASE quarry_test; \
      CREATE USER 'quarry'@'%' IDENTIFIED BY 'secret'; GRANT ALL ON *.* TO 'quarry'@'%' WITH GRANT OPTION;"
    echo "mysql://quarry:secret@127.0.0.1:$port/quarry_test" > "$dir/url"
    echo "MariaDB on 127.0.0.1:$port"
    ;;
  stop)
    if [ -f "$dir/port" ]; then
      mariadb-admin --no-defaults -h127.0.0.1 -P"$(cat "$dir/port")" -uroot shutdown > /dev/null 2>&1 ||
        { [ -f "$dir/mariadb.pid" ] && kill "$(cat "$dir/mariadb.pid")" 2> /dev/null; } || true
      rm -f "$dir/port"
    fi
    rm -rf "$dir/data"
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac

# Shared by the server scripts: a free loopback port, and running as a service user when root.
# free_port: a loopback port nothing listens on, outside the kernel's ephemeral range. A fault test
# restarts a server on the port it had; inside that range, a client of another test could be given
# the port as its own end of a connection while the server is down, and the restart would fail
# with "Address already in use" (CI, fault.postgres, once).
free_port() {
  local port low=32768 high=60999 from=20000 count=40000
  { read -r low high < /proc/sys/net/ipv4/ip_local_port_range; } 2> /dev/null || true
  case "$low$high" in '' | *[!0-9]*) low=32768 high=60999 ;; esac  # Linux's default
  if [ "$low" -ge 12000 ]; then from=10000 count=$((low - 10000))        # below the range: 10000..low-1
  elif [ "$high" -le 63000 ]; then from=$((high + 1)) count=$((65535 - high))  # above it
  fi                                                                   # else anywhere from 20000
  while :; do
    port=$((from + (RANDOM * 32768 + RANDOM) % count))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}
# as USER CMD...: runs CMD as USER when we are root (servers refuse to run as root), else as ourselves
as() {
  local user=$1; shift
  if [ "$(id -u)" -eq 0 ]; then runuser -u "$user" -- "$@"; else "$@"; fi
}
# "${pin[@]}" before a server command runs it on the CPUs in QUARRY_SERVER_CPUS (a taskset list,
# such as 0) when that is set, so that a benchmark can place the server beside its client
pin=()
if [ -n "${QUARRY_SERVER_CPUS:-}" ]; then pin=(taskset -c "$QUARRY_SERVER_CPUS"); fi
# tls_certificate DIR: a self-signed certificate for 127.0.0.1 and localhost, DIR/server.pem and
# DIR/server.key, that a client trusts by naming server.pem as its root certificate
tls_certificate() {
  mkdir -p "$1"
  openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj /CN=localhost \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" -addext "basicConstraints=critical,CA:TRUE" \
    -keyout "$1/server.key" -out "$1/server.pem" > /dev/null 2>&1
  chmod 600 "$1/server.key"
}

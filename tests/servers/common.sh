# Shared by the server scripts: a free loopback port, and running as a service user when root.
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
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

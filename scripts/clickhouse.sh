#!/usr/bin/env bash
# A local ClickHouse for development and tests: Debian's clickhouse-server on 127.0.0.1, its
# configuration from deploy/clickhouse/, its data in a directory you name, its ports picked at run
# time (free ones, asked of the kernel).
#
#   scripts/clickhouse.sh start DIR [N]   start N servers (default 1) with their data in DIR/node1…
#                                         and print one HTTP URL per line once each answers
#                                         (also written to DIR/urls). Any servers and data an
#                                         earlier start left in DIR are stopped and removed first.
#                                         With N > 1 every server knows a cluster "ashyq_shards"
#                                         of N one-replica shards, one per server, in order.
#   scripts/clickhouse.sh stop DIR        stop the servers started in DIR (DIR is left in place)
#
# The collector then takes e.g. --store 'clickhouse:http://127.0.0.1:PORT/?spool=…'.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
server="${CLICKHOUSE_SERVER:-/usr/sbin/clickhouse-server}"

usage() {
  sed -n "2,14p" "$0" >&2
  exit 2
}

free_ports() {  # N free TCP ports on 127.0.0.1, one per line
  python3 - "$1" <<'PY'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
for s in socks:
    print(s.getsockname()[1])
PY
}

stop() {
  local dir="$1" pid
  for pidfile in "$dir"/node*/server.pid; do
    [ -f "$pidfile" ] || continue
    pid="$(cat "$pidfile")"
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
  done
}

start() {
  local dir="$1" n="$2"
  [[ "$n" =~ ^[1-9]$ ]] || { echo "clickhouse.sh: N must be 1 to 9, not '$n'" >&2; exit 2; }
  [ -x "$server" ] || { echo "clickhouse.sh: $server is missing (scripts/setup-deps.sh installs clickhouse-server)" >&2; exit 1; }
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  stop "$dir"  # what an earlier start left running, then its data
  rm -rf "$dir"/node* "$dir/urls"
  mapfile -t ports < <(free_ports $((2 * n)))
  local shards="" i
  if ((n > 1)); then
    shards="        <ashyq_shards>"$'\n'
    for ((i = 0; i < n; i++)); do
      shards+="            <shard><replica><host>127.0.0.1</host><port>${ports[2 * i + 1]}</port></replica></shard>"$'\n'
    done
    shards+="        </ashyq_shards>"
  fi
  for ((i = 0; i < n; i++)); do
    local node="$dir/node$((i + 1))"
    mkdir -p "$node"/{log,data,tmp,user_files,format_schemas}
    python3 - "$here/deploy/clickhouse/config.xml.in" "$node/config.xml" <<PY
import sys
text = open(sys.argv[1]).read()
for k, v in {"@DIR@": "$node", "@HTTP_PORT@": "${ports[2 * i]}", "@TCP_PORT@": "${ports[2 * i + 1]}",
             "@USERS@": "$here/deploy/clickhouse/users.xml", "@REMOTE_SERVERS@": """$shards"""}.items():
    text = text.replace(k, v)
open(sys.argv[2], "w").write(text)
PY
    # exec: the pid recorded is the server's own, and no shell is left holding this script's
    # stdout (a caller reading it, ctest, would wait for it to close).
    (cd "$node" && exec setsid "$server" --config-file="$node/config.xml" \
      </dev/null >"$node/log/stdout.log" 2>&1) &
    echo $! >"$node/server.pid"
  done
  for ((i = 0; i < n; i++)); do
    local node="$dir/node$((i + 1))" url="http://127.0.0.1:${ports[2 * i]}/" ok=""
    for _ in $(seq 1 300); do
      if [ "$(curl -s --max-time 1 "${url}ping" 2>/dev/null)" = "Ok." ]; then ok=1; break; fi
      if ! kill -0 "$(cat "$node/server.pid")" 2>/dev/null; then break; fi
      sleep 0.1
    done
    if [ -z "$ok" ]; then
      echo "clickhouse.sh: the server in $node did not start; its logs:" >&2
      tail -n 20 "$node/log/stdout.log" "$node/log/error.log" >&2 2>/dev/null || true
      stop "$dir"
      exit 1
    fi
    echo "$url"
    echo "$url" >>"$dir/urls"
  done
}

case "${1:-}" in
  start) [ $# -ge 2 ] || usage; start "$2" "${3:-1}" ;;
  stop) [ $# -eq 2 ] || usage; stop "$2" ;;
  *) usage ;;
esac

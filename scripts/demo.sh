#!/usr/bin/env bash
# The demo, as far as ashyq goes today: it starts a small local web world on 127.0.0.1 (nginx
# with a throw-away CA) and measures it with `ashyq get`, one site per kind of outcome. The full
# demo — the censored lab world, `ashyq run` over the Kazakhstan list and a report — replaces
# this script when the lab and the main job land (issues 4 and 5).
set -euo pipefail
cd "$(dirname "$0")/.."
ashyq="build/release/ashyq"
[ -x "$ashyq" ] || { echo "demo: $ashyq is missing; run scripts/build.sh first" >&2; exit 3; }

work="$(mktemp -d /tmp/ashyq-demo-XXXXXX)"
chmod 755 "$work"  # nginx workers run as www-data
out="out/demo"
mkdir -p "$out"
nginx_pid=""
cleanup() {
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
http_port=$(free_port); https_port=$(free_port); drop_port=$(free_port)

# A throw-away CA and two certificates: one for the site, one for another name.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
  -subj "/CN=ashyq demo root" -keyout "$work/ca.key" -out "$work/ca.pem" 2>/dev/null
for name in site.demo other.demo; do
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$name" \
    -keyout "$work/$name.key" -out "$work/$name.csr" 2>/dev/null
  printf 'subjectAltName=DNS:%s\n' "$name" > "$work/$name.ext"
  openssl x509 -req -in "$work/$name.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" \
    -CAcreateserial -days 2 -extfile "$work/$name.ext" -out "$work/$name.pem" 2>/dev/null
done
mkdir -p "$work/www"
echo "<html><head><title>ashyq demo site</title></head><body>Hello from the demo.</body></html>" \
  > "$work/www/index.html"
chmod 644 "$work/www/index.html"

cat > "$work/nginx.conf" <<CONF
daemon off;
pid $work/nginx.pid;
error_log $work/error.log;
events {}
http {
  access_log off;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  server { listen 127.0.0.1:$http_port; root $work/www; }
  server { listen 127.0.0.1:$https_port ssl; server_name site.demo;
           ssl_certificate $work/site.demo.pem; ssl_certificate_key $work/site.demo.key;
           root $work/www; }
  server { listen 127.0.0.1:$https_port ssl default_server; server_name other.demo;
           ssl_certificate $work/other.demo.pem; ssl_certificate_key $work/other.demo.key;
           root $work/www; }
  server { listen 127.0.0.1:$drop_port; return 444; }
}
CONF
mkdir -p "$work/tmp"
nginx -c "$work/nginx.conf" -e "$work/error.log" &
nginx_pid=$!
for _ in $(seq 50); do
  (exec 3<>/dev/tcp/127.0.0.1/$https_port) 2>/dev/null && break
  sleep 0.1
done

measure() {
  local name="$1"; shift
  "$ashyq" get "$@" > "$out/$name.json"
  python3 - "$out/$name.json" "$name" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
tk = m["test_keys"]
code = (tk["requests"][0]["response"]["code"] if tk["requests"] else 0) or "-"
print(f"  {sys.argv[2]:<22} {m['input']:<34} failure={tk['failure'] or 'none':<24} "
      f"step={tk['failed_operation'] or '-':<15} http={code}")
PY
}

echo "ashyq demo: measuring a local world (nginx on 127.0.0.1)"
measure plain-http "http://127.0.0.1:$http_port/"
measure https-ok "https://site.demo/" --address "127.0.0.1:$https_port" --ca-file "$work/ca.pem"
measure https-wrong-name "https://elsewhere.demo/" --address "127.0.0.1:$https_port" \
  --ca-file "$work/ca.pem"
measure https-untrusted "https://site.demo/" --address "127.0.0.1:$https_port"
measure closed-by-server "http://127.0.0.1:$drop_port/"
echo "ashyq demo: measurements (OONI JSON) are in $out/"

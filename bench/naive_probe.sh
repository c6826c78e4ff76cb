#!/usr/bin/env bash
# The naive baseline of bench/run: what a user would script by hand for one URL — dig, then curl
# with the same deadlines as ashyq — printing "URL DNS-STATUS HTTP-CODE".
#   naive_probe.sh CA_FILE URL
ca="$1"
url="$2"
host="${url#*://}"
host="${host%%/*}"
answer="$(dig +short +time=3 +tries=1 "$host" A 2>/dev/null | head -1)"
code="$(curl -s -o /dev/null --cacert "$ca" --connect-timeout 3 --max-time 18 -w '%{http_code}' "$url")"
echo "$url ${answer:-none} $code"

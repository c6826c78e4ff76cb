#!/usr/bin/env bash
# Checks the Debian package (default: the newest build/release/ashyq_*.deb from scripts/package.sh):
# lintian reports no error, it installs, systemd-analyze accepts its units, the installed ashyq
# runs and finds its data in /usr/share/ashyq, and purging it leaves nothing behind. Needs root;
# installs the package for the duration of the check and removes it again, on failure too.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

deb=${1:-$(ls -t build/release/ashyq_*.deb 2>/dev/null | head -n 1)}
if [[ -z $deb || ! -f $deb ]]; then
  echo "check-package: no .deb (run scripts/package.sh, or give its path)" >&2
  exit 2
fi
deb=$(realpath "$deb")
if [[ $(id -u) -ne 0 ]]; then
  echo "check-package: needs root (dpkg -i)" >&2
  exit 3
fi
if [[ $(dpkg-query -W -f='${Status}' ashyq 2>/dev/null || true) == 'install ok installed' ]]; then
  echo "check-package: ashyq is installed already; this check would remove it" >&2
  exit 3
fi

work=$(mktemp -d)
collector_pid=""
cleanup() {
  [[ -n $collector_pid ]] && kill "$collector_pid" 2>/dev/null && wait "$collector_pid" 2>/dev/null
  if dpkg-query -W ashyq >/dev/null 2>&1; then
    dpkg -P ashyq >/dev/null 2>&1 || echo "check-package: could not remove ashyq: dpkg -P ashyq" >&2
  fi
  rm -rf "$work"
}
trap cleanup EXIT
ok() { echo "ok: $*"; }
fail() {
  echo "FAIL: $*" >&2
  exit 1
}

version=$(dpkg-deb -f "$deb" Version)
echo "check-package: $deb (ashyq $version)"

# lintian: errors fail the check; warnings and information tags are listed.
lintian --info --display-info "$deb" >"$work/lintian" 2>&1 || true
grep -E '^[EWIX]: ' "$work/lintian" || true
if grep -q '^E: ' "$work/lintian"; then
  fail "lintian reports errors"
fi
ok "lintian: no errors ($(grep -c '^W: ' "$work/lintian" || true) warnings)"

dpkg -i "$deb" >"$work/dpkg" 2>&1 || {
  cat "$work/dpkg" >&2
  fail "dpkg -i"
}
ok "dpkg -i installs it"
[[ $(dpkg-query -W -f='${Conffiles}' ashyq) == *' /etc/ashyq/ashyq.conf '* ]] ||
  fail "/etc/ashyq/ashyq.conf is not a conffile"
ok "/etc/ashyq/ashyq.conf is a conffile"

# Offline: the units' syntax, that ExecStart's binary exists, their man: pages. An unknown key or
# a bad value is only a message (exit status 0), so any message fails the check.
units=(/lib/systemd/system/ashyq-*.service /lib/systemd/system/ashyq-*.timer)
if ! systemd-analyze verify "${units[@]}" >"$work/verify" 2>&1 || [[ -s $work/verify ]]; then
  cat "$work/verify" >&2
  fail "systemd-analyze verify ${units[*]}"
fi
ok "systemd-analyze verify: ${units[*]##*/}"

[[ $(/usr/bin/ashyq --version) == "ashyq $version" ]] || fail "ashyq --version is not 'ashyq $version'"
ok "/usr/bin/ashyq --version: ashyq $version"
/usr/bin/ashyq run --help >/dev/null || fail "ashyq run --help"
ok "/usr/bin/ashyq run --help"
# Every key of the conffile, set or commented, is a long flag of its section's command (CLI11
# ignores unknown keys, so a renamed flag would otherwise go unnoticed).
section=""
while IFS= read -r line; do
  if [[ $line =~ ^\[([a-z]+)\]$ ]]; then
    section=${BASH_REMATCH[1]}
    /usr/bin/ashyq "$section" --help >"$work/help-$section" || fail "ashyq $section --help"
  elif [[ $line =~ ^(# )?([a-z-]+)\ =\  ]]; then
    grep -qE -- "--${BASH_REMATCH[2]}( |,|$)" "$work/help-$section" ||
      fail "/etc/ashyq/ashyq.conf: [$section] ${BASH_REMATCH[2]} is no flag of ashyq $section"
  fi
done </etc/ashyq/ashyq.conf
ok "/etc/ashyq/ashyq.conf: every key is a flag of its command"
for page in ashyq ashyq-run ashyq-helper ashyq-collector; do
  [[ -f /usr/share/man/man1/$page.1.gz ]] || fail "no manual page $page(1)"
done
ok "manual pages: $(ls /usr/share/man/man1/ashyq*.1.gz | wc -l)"

# The bash completion completes subcommands from the installed binary.
completion=$(bash -c 'source /usr/share/bash-completion/bash_completion
  source /usr/share/bash-completion/completions/ashyq
  COMP_WORDS=(ashyq col); COMP_CWORD=1; COMP_LINE="ashyq col"; COMP_POINT=9
  _ashyq; echo "${COMPREPLY[*]}"')
[[ $completion == collector ]] || fail "bash completion of 'ashyq col' gave '$completion'"
ok "bash completion: ashyq col → collector"

# The installed data, found from /usr/bin/ashyq's own path: a collector with the shipped conffile
# (its store and address overridden) gives a Kazakh probe URLs from test-lists/kz.csv at check-in
# and draws the explorer in Russian from po/ru.po. It runs in a mount namespace where this
# checkout's data/ (compiled in as the build tree's fallback) is hidden by an empty tmpfs, and
# without $ASHYQ_DATA_DIR, so only /usr/share/ashyq can answer.
env -u ASHYQ_DATA_DIR unshare --mount --propagation private sh -c '
  if [ -d "$0" ]; then mount -t tmpfs -o ro tmpfs "$0"; fi
  exec "$@"' "$repo/data" \
  /usr/bin/ashyq --config /etc/ashyq/ashyq.conf collector --listen 127.0.0.1:0 \
  --store "sqlite:$work/observatory.sqlite" 2>"$work/collector.log" &
collector_pid=$!
port=""
for _ in $(seq 50); do
  port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$work/collector.log")
  [[ -n $port ]] && break
  sleep 0.1
done
[[ -n $port ]] || {
  cat "$work/collector.log" >&2
  fail "the installed collector did not start"
}
curl -sf -X POST -H 'Content-Type: application/json' \
  -d '{"probe_cc":"KZ","probe_asn":"AS9198","platform":"linux","software_name":"check-package","software_version":"1","run_type":"manual","web_connectivity":{"category_codes":[]}}' \
  "http://127.0.0.1:$port/api/v1/check-in" >"$work/check-in.json" || fail "check-in"
grep -q '"url":"http://www.akorda.kz/"' "$work/check-in.json" ||
  fail "check-in gave no URL of /usr/share/ashyq/test-lists/kz.csv: $(head -c 300 "$work/check-in.json")"
ok "data: check-in lists kz.csv's URLs from /usr/share/ashyq/test-lists"
curl -sf "http://127.0.0.1:$port/?lang=ru" >"$work/home-ru.html" || fail "the explorer's home page"
grep -q '<title>Интернет-цензура' "$work/home-ru.html" ||
  fail "the explorer is not in Russian: /usr/share/ashyq/po not read"
ok "data: the explorer speaks Russian from /usr/share/ashyq/po"
kill "$collector_pid"
wait "$collector_pid" 2>/dev/null || true
collector_pid=""

dpkg -P ashyq >"$work/dpkg" 2>&1 || {
  cat "$work/dpkg" >&2
  fail "dpkg -P ashyq"
}
left=$(ls -d /usr/bin/ashyq /usr/share/ashyq /etc/ashyq /usr/share/doc/ashyq \
  /lib/systemd/system/ashyq-* /usr/share/man/man1/ashyq*.1.gz \
  /usr/share/bash-completion/completions/ashyq 2>/dev/null || true)
[[ -z $left ]] || fail "dpkg -P left: $left"
ok "dpkg -P ashyq removes every file"
echo "check-package: all checks passed"

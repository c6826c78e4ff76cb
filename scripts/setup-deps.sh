#!/usr/bin/env bash
# Installs every Debian package that ashyq's build, tests, lab and demo need.
# Idempotent: packages already present are left alone. Needs root (or sudo).
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config clang-format git ca-certificates ccache
  # translations: xgettext, msgmerge, msgfmt (scripts/update-translations.sh, check-translations.sh)
  gettext
  # libraries (Boost 1.81 family: Asio 1.26 with C++20 coroutines, Beast, JSON, URL)
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libboost-system1.81-dev
  libssl-dev libldns-dev libcli11-dev libfmt-dev zlib1g-dev libsqlite3-dev libmaxminddb-dev
  libgtest-dev libgmock-dev
  # internationalised host names (IDNA 2008 / UTS #46)
  libidn2-dev
  # evidence bundles are tar archives (libarchive)
  libarchive-dev
  # tools the tests and the lab use
  libnetfilter-queue-dev libtomlplusplus-dev
  openssl iproute2 nftables iptables nginx-light unbound dnsutils curl python3
  # the observatory's ClickHouse store is tested against real servers (scripts/clickhouse.sh)
  clickhouse-server
  # bench/run: /usr/bin/time for CPU time and peak memory
  time
  # the demo's report check renders the report headless (scripts/check-report.sh); the browser
  # tier drives the same Chromium from node (tests/browser, playwright-core from npm)
  chromium nodejs
  # the Debian package (scripts/package.sh, check-package.sh): manual pages from --help,
  # dpkg-shlibdeps for its Depends, lintian, systemd-analyze for its units (and man, which it
  # asks for their Documentation= pages), bash-completion to try its completion
  help2man dpkg-dev lintian systemd man-db bash-completion
)
# Debian's nodejs comes without npm (a separate package); a nodejs from elsewhere may bundle it,
# and Debian's npm would then conflict with it.
if ! command -v npm >/dev/null 2>&1; then
  packages+=(npm)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "setup-deps: all ${#packages[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "setup-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"

#!/usr/bin/env bash
# Builds the Debian package: the ashyq target of build/release, then `cpack -G DEB` there (its
# install rules are cmake/Packaging.cmake). Prints the .deb's path, alone on stdout (the build's
# output goes to stderr). Needs help2man and dpkg-dev (scripts/setup-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
# The package ships the probe's location database (data/ip-location-db, not in git): without it a
# volunteer's probe could not tell its country and network, so a package without it is refused.
if [[ ! -f data/ip-location-db/VERSION ]]; then
  echo "package.sh: data/ip-location-db is missing: run scripts/setup-ip-location-db.sh" >&2
  exit 1
fi
scripts/build.sh release --target ashyq >&2
cd build/release
# cpack says which file it wrote: "CPack: - package: /path/ashyq_0.1.0_amd64.deb generated."
log=$(cpack -G DEB) || {
  echo "$log" >&2
  exit 1
}
deb=$(sed -n 's/^CPack: - package: \(.*\.deb\) generated\.$/\1/p' <<<"$log")
if [[ -z $deb || ! -f $deb ]]; then
  echo "$log" >&2
  echo "package.sh: cpack wrote no .deb" >&2
  exit 1
fi
echo "$deb"

#!/usr/bin/env bash
# Builds the Debian package: the ashyq target of build/release, then `cpack -G DEB` there (its
# install rules are cmake/Packaging.cmake). Prints the .deb's path. Needs help2man and dpkg-dev
# (scripts/setup-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh release --target ashyq
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

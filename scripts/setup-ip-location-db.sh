#!/usr/bin/env bash
# Installs the probe's location database into data/ip-location-db/ (or DIR): openly licensed
# IP-to-ASN and IP-to-country tables from the npm registry's @ip-location-db packages, pinned
# below, in the layout ashyq reads (src/geo/ip_location_db.hpp):
#   asn-ipv4.csv asn-ipv6.csv          @ip-location-db/asn (CC BY 4.0: RouteViews, DB-IP, NRO)
#   country-ipv4.csv country-ipv6.csv  @ip-location-db/geo-whois-asn-country (CC0 1.0)
# with their licence files and a SOURCE.md. ashyq searches the files in place (binary search
# over sorted lines), so the script checks that every file is sorted.
# Idempotent: a directory that already holds this version is left alone.
#   scripts/setup-ip-location-db.sh [DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
dest="${1:-data/ip-location-db}"
version="2.3.2026061719"
asn_pkg="@ip-location-db/asn@$version"
country_pkg="@ip-location-db/geo-whois-asn-country@$version"

if [ -f "$dest/VERSION" ] && [ "$(cat "$dest/VERSION")" = "$version" ]; then
  echo "setup-ip-location-db: $dest holds version $version"
  exit 0
fi
command -v npm >/dev/null || { echo "setup-ip-location-db: npm is missing (scripts/setup-deps.sh installs it)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "setup-ip-location-db: fetching $asn_pkg and $country_pkg from the npm registry"
(cd "$work" && npm pack --silent "$asn_pkg" "$country_pkg" >/dev/null)
mkdir -p "$work/asn" "$work/country"
tar -xzf "$work"/ip-location-db-asn-"$version".tgz -C "$work/asn"
tar -xzf "$work"/ip-location-db-geo-whois-asn-country-"$version".tgz -C "$work/country"

staged="$work/out"
mkdir -p "$staged"
cp "$work/asn/package/asn-ipv4.csv" "$work/asn/package/asn-ipv6.csv" "$staged/"
cp "$work/country/package/geo-whois-asn-country-ipv4.csv" "$staged/country-ipv4.csv"
cp "$work/country/package/geo-whois-asn-country-ipv6.csv" "$staged/country-ipv6.csv"
mkdir -p "$staged/licences"
for f in "$work"/asn/package/*LICENSE "$work"/asn/package/MODIFICATIONS; do
  cp "$f" "$staged/licences/asn-$(basename "$f")"
done
cp "$work/country/package/NRO_LICENSE" "$staged/licences/country-NRO_LICENSE"

# The binary search needs the lines sorted by their first address: refuse a database that is
# not. Overlapping ranges are allowed (ashyq takes the last range starting at or before an
# address that holds it, looking back a few lines); their number is printed.
python3 - "$staged" <<'PY'
import ipaddress, sys, csv, os
for name in ("asn-ipv4.csv", "asn-ipv6.csv", "country-ipv4.csv", "country-ipv6.csv"):
    path = os.path.join(sys.argv[1], name)
    previous, reach, overlaps = None, None, 0
    with open(path, newline="", encoding="utf-8") as f:
        for number, row in enumerate(csv.reader(f), 1):
            first, end = int(ipaddress.ip_address(row[0])), int(ipaddress.ip_address(row[1]))
            if end < first or (previous is not None and first < previous):
                sys.exit(f"{path}:{number}: not sorted by first address")
            if reach is not None and first <= reach:
                overlaps += 1
            previous, reach = first, max(end, reach or 0)
    print(f"setup-ip-location-db: {name}: {number} ranges, {overlaps} overlapping the one before")
PY

cat >"$staged/SOURCE.md" <<MD
# The probe's location database

Installed by \`scripts/setup-ip-location-db.sh\` from the npm registry; not part of the
repository. ashyq reads it to turn the probe's public address (learnt with STUN, never stored)
into its country and network (probe_cc, probe_asn, probe_network_name), and to give DNS answers
their AS numbers.

| files | npm package | version | licence | credit |
|---|---|---|---|---|
| asn-ipv4.csv, asn-ipv6.csv | @ip-location-db/asn | $version | CC BY 4.0 | RouteViews (routeviews.org), DB-IP (db-ip.com: "IP Geolocation by DB-IP"), the NRO (nro.net); merged by the ip-location-db project (github.com/sapics/ip-location-db); see licences/ |
| country-ipv4.csv, country-ipv6.csv | @ip-location-db/geo-whois-asn-country | $version | CC0 1.0 (its sources: the RIRs' data under CC BY 4.0 by the NRO) | the ip-location-db project; the NRO |

The files are the packages' own, renamed (geo-whois-asn-country-ipv4.csv → country-ipv4.csv);
nothing else is changed. The ip-location-db project has announced that its npm releases stop and
that they carry known data errors; ashyq still installs from npm, the only registry this project
may download from. A probe's country and network can be given by hand (--probe-cc, --probe-asn)
where the database is wrong.
MD
echo "$version" >"$staged/VERSION"

rm -rf "$dest.new"
mkdir -p "$(dirname "$dest")"
mv "$staged" "$dest.new"
rm -rf "$dest"
mv "$dest.new" "$dest"
echo "setup-ip-location-db: installed version $version in $dest ($(du -sh "$dest" | cut -f1))"

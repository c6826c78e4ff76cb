#!/bin/sh
# Writes ashyq's manual pages, gzipped, from its --help: ashyq.1 and one ashyq-COMMAND.1 per
# subcommand that `ashyq --help` lists. Usage: man-pages.sh ASHYQ VERSION OUTDIR
# Run at install time (cmake/Packaging.cmake), so the pages always match the binary.
set -eu
command -v help2man >/dev/null || {
  echo "man-pages.sh: help2man is missing (scripts/setup-deps.sh installs it)" >&2
  exit 1
}
ashyq=$1
version=$2
out=$3
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The --config default in the help names the caller's home; the pages say ~ instead.
export HOME='~'
unset XDG_CONFIG_HOME

commands=$("$ashyq" --help | awk '$0 == "Subcommands:" { on = 1; next } on && /^  [a-z]/ { print $1 }')

see_also=""
for command in $commands; do
  see_also="$see_also${see_also:+,
}.BR ashyq-$command (1)"
done
{
  printf '[DESCRIPTION]\nashyq measures, from a volunteer'"'"'s connection, whether and how websites and\n'
  printf 'services are blocked, and records the evidence in OONI'"'"'s data format. Each command\n'
  printf 'has its own page, ashyq-COMMAND(1).\n\n'
  printf '[FILES]\n.TP\n.I /etc/ashyq/ashyq.conf\nthe flags of the systemd services, a [section] per command\n'
  printf '.TP\n.I /usr/share/ashyq\nthe shipped data: test lists, fingerprints, suites, translations\n'
  printf '(\\fBASHYQ_DATA_DIR\\fR overrides it)\n\n'
  printf '[SEE ALSO]\n%s\n' "$see_also"
} >"$work/ashyq.h2m"
help2man --no-info --version-string="$version" --section=1 --source="ashyq $version" \
  --manual="ashyq manual" --name="measure internet censorship (OONI-compatible)" \
  --include="$work/ashyq.h2m" --output="$work/ashyq.1" "$ashyq"

for command in $commands; do
  # help2man names the page after the program it runs: a one-line wrapper per command.
  name="ashyq-$command"
  printf '#!/bin/sh\nexec "%s" %s "$@"\n' "$ashyq" "$command" >"$work/$name"
  chmod +x "$work/$name"
  summary=$("$ashyq" --help | awk -v c="$command" '$1 == c { $1 = ""; sub(/^ +/, ""); print; exit }')
  printf '[SEE ALSO]\n.BR ashyq (1)\n' >"$work/$name.h2m"
  help2man --no-info --version-string="$version" --section=1 --source="ashyq $version" \
    --manual="ashyq manual" --name="$summary" --include="$work/$name.h2m" \
    --output="$work/$name.1" "$work/$name"
done

for page in "$work"/*.1; do
  gzip -9n -c "$page" >"$out/$(basename "$page").gz"
done

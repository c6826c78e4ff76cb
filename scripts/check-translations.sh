#!/usr/bin/env bash
# Fails when the translations are not complete and current: data/po/ashyq.pot must be what
# scripts/update-translations.sh would write now (the POT-Creation-Date line aside), every msgid
# of data/po/ru.po and data/po/kk.po must be translated and not fuzzy, and msgfmt --check must
# accept each. Lists every problem before failing. Run as the ctest `translations`.
set -euo pipefail
cd "$(dirname "$0")/.."
po=data/po
status=0
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

scripts/update-translations.sh --extract-to "$tmp/ashyq.pot"
if ! diff -u <(grep -v '^"POT-Creation-Date:' "$po/ashyq.pot") \
  <(grep -v '^"POT-Creation-Date:' "$tmp/ashyq.pot") >"$tmp/pot.diff"; then
  echo "check-translations: $po/ashyq.pot is out of date; run scripts/update-translations.sh" >&2
  cat "$tmp/pot.diff" >&2
  status=1
fi

for lang in ru kk; do
  file="$po/$lang.po"
  if [[ ! -f "$file" ]]; then
    echo "check-translations: $file is missing; run scripts/update-translations.sh" >&2
    status=1
    continue
  fi
  if ! msgfmt --check -o /dev/null "$file"; then
    echo "check-translations: msgfmt --check refuses $file" >&2
    status=1
  fi
  # Every msgid of the .pot must be in the .po (msgmerge has been run).
  missing="$(msgcomm --no-wrap --less-than=2 --unique "$tmp/ashyq.pot" "$file" --no-location \
    | msgattrib --no-obsolete --no-wrap | grep '^msgid ' | grep -v '^msgid ""$' || true)"
  untranslated="$(msgattrib --untranslated --no-obsolete --no-wrap "$file" \
    | grep '^msgid ' | grep -v '^msgid ""$' || true)"
  fuzzy="$(msgattrib --only-fuzzy --no-obsolete --no-wrap "$file" \
    | grep '^msgid ' | grep -v '^msgid ""$' || true)"
  if [[ -n "$missing" ]]; then
    echo "check-translations: $file lacks these msgids of the .pot (run scripts/update-translations.sh):" >&2
    echo "$missing" >&2
    status=1
  fi
  if [[ -n "$untranslated" ]]; then
    echo "check-translations: $file: untranslated:" >&2
    echo "$untranslated" >&2
    status=1
  fi
  if [[ -n "$fuzzy" ]]; then
    echo "check-translations: $file: fuzzy (check the translation, then remove the fuzzy flag):" >&2
    echo "$fuzzy" >&2
    status=1
  fi
done
if [[ $status -eq 0 ]]; then
  echo "check-translations: $(grep -c '^msgid ' "$po/ashyq.pot") msgids (with the header), ru and kk complete"
fi
exit $status

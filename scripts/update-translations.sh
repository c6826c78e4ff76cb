#!/usr/bin/env bash
# Extracts the translatable strings of src/ (tr, trf, trn, N_) into data/po/ashyq.pot, then
# merges it into every language's data/po/<code>.po, creating a missing one with its header.
# Re-runnable: translations already made are kept; new strings arrive untranslated, strings
# no longer in the code become obsolete (#~) entries. Output is sorted and has no line numbers,
# so a change to the code that moves a string does not touch the catalogues.
# Then: translate the empty msgstr, and run scripts/check-translations.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
po=data/po
mkdir -p "$po"

# The .pot, written to stdout of this function (used by check-translations.sh too).
extract() {
  local out="$1"
  find src -name '*.cpp' -o -name '*.hpp' | LC_ALL=C sort >"$out.files"
  xgettext --files-from="$out.files" --output="$out" --language=C++ --from-code=UTF-8 \
    --keyword=tr --keyword=trf --keyword=trn:1,2 --keyword=N_ \
    --add-location=file --sort-output --package-name=ashyq \
    --msgid-bugs-address="https://github.com/ashyq/ashyq/issues" \
    --copyright-holder="the ashyq authors" --no-wrap
  rm -f "$out.files"
  # xgettext leaves the charset as CHARSET; the sources are UTF-8.
  sed -i 's/charset=CHARSET/charset=UTF-8/' "$out"
}

if [[ "${1:-}" == "--extract-to" ]]; then
  extract "$2"
  exit 0
fi

extract "$po/ashyq.pot"

declare -A plural_forms=(
  [ru]='nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);'
  [kk]='nplurals=2; plural=(n != 1);'
)
declare -A names=([ru]=Russian [kk]=Kazakh)

for lang in ru kk; do
  file="$po/$lang.po"
  if [[ ! -f "$file" ]]; then
    {
      echo "# ${names[$lang]} translations of ashyq."
      echo "# This file is distributed under the same license as the ashyq package."
      echo 'msgid ""'
      echo 'msgstr ""'
      echo '"Project-Id-Version: ashyq\n"'
      echo '"Report-Msgid-Bugs-To: https://github.com/ashyq/ashyq/issues\n"'
      echo "\"PO-Revision-Date: $(date -u '+%Y-%m-%d %H:%M+0000')\\n\""
      echo '"Last-Translator: ashyq translators\n"'
      echo '"Language-Team: ashyq translators\n"'
      echo "\"Language: $lang\\n\""
      echo '"MIME-Version: 1.0\n"'
      echo '"Content-Type: text/plain; charset=UTF-8\n"'
      echo '"Content-Transfer-Encoding: 8bit\n"'
      echo "\"Plural-Forms: ${plural_forms[$lang]}\\n\""
    } >"$file"
  fi
  msgmerge --quiet --update --backup=none --no-fuzzy-matching --add-location=file \
    --sort-output --no-wrap "$file" "$po/ashyq.pot"
done
echo "update-translations: $(grep -c '^msgid ' "$po/ashyq.pot") messages in $po/ashyq.pot (the header included)"

// Numbers as the explorer writes them for a reader, back to numbers. English groups thousands
// with ',' and has a decimal point ("1,234.5"); Russian and Kazakh group with a no-break space
// (U+00A0, or the narrow U+202F newer CLDR data uses; a plain space is accepted too) and have a
// decimal comma ("1 234,5"). A percentage is the same number followed by "%", with or without
// a (no-break) space before it. Anything else is NaN, so a cell that is not a number in the
// reader's locale fails loudly instead of being read as something else.

const SPACES = '[ \\u00a0\\u202f\\u2009]';
const MINUS = '[-\\u2212]';

const FORMATS = {
  en: new RegExp(`^(${MINUS})?(\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.(\\d+))?$`),
  comma: new RegExp(`^(${MINUS})?(\\d{1,3}(?:${SPACES}\\d{3})+|\\d+)(?:,(\\d+))?$`),
};

function format(lang) {
  const base = String(lang || 'en').toLowerCase().split(/[-_]/)[0];
  if (base === 'en') return FORMATS.en;
  if (base === 'ru' || base === 'kk') return FORMATS.comma;
  throw new Error(`numbers: no number format for language '${lang}'`);
}

// "1,234" (en), "1 234" / "1 234" / "1234" (ru, kk) → 1234; "12,5" (ru) → 12.5.
export function parseLocaleNumber(text, lang) {
  const s = String(text).trim();
  const m = format(lang).exec(s);
  if (!m) return NaN;
  const digits = m[2].replace(/[^0-9]/g, '');
  const value = Number(m[3] === undefined ? digits : `${digits}.${m[3]}`);
  return m[1] ? -value : value;
}

// "12.5%" (en), "12,5 %" / "12,5%" (ru, kk) → 12.5 (percent, not a fraction).
export function parseLocalePercent(text, lang) {
  const s = String(text).trim();
  const m = new RegExp(`^(.*?)${SPACES}?%$`).exec(s);
  if (!m) return NaN;
  return parseLocaleNumber(m[1], lang);
}

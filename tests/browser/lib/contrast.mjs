// Colours as getComputedStyle reports them, and WCAG 2.x contrast between them: relative
// luminance (sRGB, linearised), the contrast ratio (L1 + 0.05) / (L2 + 0.05) from 1 to 21, and
// text over a translucent background composited first. WCAG AA asks 4.5 for body text.

// "rgb(18, 18, 18)", "rgba(0, 0, 0, 0.5)", "rgb(18 18 18 / 50%)", "#121212", "#fff",
// "transparent" → {r, g, b, a} with r, g, b in 0–255 and a in 0–1; null for anything else.
export function parseColor(text) {
  const s = String(text).trim().toLowerCase();
  if (s === 'transparent') return { r: 0, g: 0, b: 0, a: 0 };
  let m = /^#([0-9a-f]{3,8})$/.exec(s);
  if (m) {
    let hex = m[1];
    if (hex.length === 3 || hex.length === 4) hex = [...hex].map((c) => c + c).join('');
    if (hex.length !== 6 && hex.length !== 8) return null;
    const n = (i) => parseInt(hex.slice(i, i + 2), 16);
    return { r: n(0), g: n(2), b: n(4), a: hex.length === 8 ? n(6) / 255 : 1 };
  }
  m = /^rgba?\((.*)\)$/.exec(s);
  if (!m) return null;
  const parts = m[1].split(/\s*[,/]\s*|\s+/).filter(Boolean);
  if (parts.length !== 3 && parts.length !== 4) return null;
  const channel = (p) => (p.endsWith('%') ? (parseFloat(p) * 255) / 100 : parseFloat(p));
  const [r, g, b] = parts.slice(0, 3).map(channel);
  const a = parts.length === 4 ? (parts[3].endsWith('%') ? parseFloat(parts[3]) / 100 : parseFloat(parts[3])) : 1;
  if ([r, g, b, a].some((v) => Number.isNaN(v))) return null;
  return { r, g, b, a };
}

// `top` painted over the opaque `bottom`.
export function composite(top, bottom) {
  const a = top.a ?? 1;
  const mix = (t, u) => t * a + u * (1 - a);
  return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a: 1 };
}

export function relativeLuminance({ r, g, b }) {
  const lin = (v) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export function contrastRatio(a, b) {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

// A background a reader calls dark: luminance under that of mid grey #595959 (≈ 0.1).
export function isDark(color) {
  return relativeLuminance(color) < 0.1;
}

// The colour a reader sees behind an element: its own background and its ancestors', from the
// element outwards (as getComputedStyle gives them), composited over white (the canvas when
// nothing is painted).
export function effectiveBackground(layers) {
  let color = { r: 255, g: 255, b: 255, a: 1 };
  for (const text of [...layers].reverse()) {
    const c = parseColor(text);
    if (c && c.a > 0) color = composite(c, color);
  }
  return color;
}

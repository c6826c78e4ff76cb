import assert from 'node:assert/strict';
import { test } from 'node:test';

import { composite, contrastRatio, effectiveBackground, isDark, parseColor, relativeLuminance } from './contrast.mjs';

test('parses the colours getComputedStyle returns', () => {
  assert.deepEqual(parseColor('rgb(18, 18, 18)'), { r: 18, g: 18, b: 18, a: 1 });
  assert.deepEqual(parseColor('rgba(0, 0, 0, 0)'), { r: 0, g: 0, b: 0, a: 0 });
  assert.deepEqual(parseColor('rgba(10, 20, 30, 0.5)'), { r: 10, g: 20, b: 30, a: 0.5 });
  assert.deepEqual(parseColor('rgb(10 20 30 / 50%)'), { r: 10, g: 20, b: 30, a: 0.5 });
  assert.deepEqual(parseColor('#121212'), { r: 18, g: 18, b: 18, a: 1 });
  assert.deepEqual(parseColor('#FFF'), { r: 255, g: 255, b: 255, a: 1 });
  assert.deepEqual(parseColor('#00000080'), { r: 0, g: 0, b: 0, a: 128 / 255 });
  assert.deepEqual(parseColor('transparent'), { r: 0, g: 0, b: 0, a: 0 });
  assert.equal(parseColor('color(srgb 1 0 0)'), null);
  assert.equal(parseColor('#12345'), null);
  assert.equal(parseColor('rgb(1, 2)'), null);
});

test('WCAG luminance and contrast: the published end points', () => {
  const black = parseColor('#000');
  const white = parseColor('#fff');
  assert.equal(relativeLuminance(black), 0);
  assert.equal(relativeLuminance(white), 1);
  assert.equal(contrastRatio(black, white), 21);
  assert.equal(contrastRatio(white, black), 21);
  assert.equal(contrastRatio(white, white), 1);
  // #767676 on white is the classic lightest grey that passes AA (4.54:1).
  assert.ok(Math.abs(contrastRatio(parseColor('#767676'), white) - 4.54) < 0.01);
  // #777 does not (4.48:1).
  assert.ok(contrastRatio(parseColor('#777777'), white) < 4.5);
});

test('the explorer\'s dark palette reads as dark with readable text', () => {
  const bg = parseColor('#121212');
  assert.ok(isDark(bg));
  assert.ok(!isDark(parseColor('#ffffff')));
  assert.ok(contrastRatio(parseColor('#e8e8e8'), bg) > 7);
});

test('translucent layers are composited from the canvas up', () => {
  assert.deepEqual(composite({ r: 0, g: 0, b: 0, a: 0.5 }, { r: 255, g: 255, b: 255, a: 1 }), {
    r: 127.5, g: 127.5, b: 127.5, a: 1,
  });
  // Element first, then its ancestors: the first opaque layer hides what is under it.
  assert.deepEqual(effectiveBackground(['rgba(0, 0, 0, 0)', 'rgb(18, 18, 18)', 'rgb(255, 255, 255)']), {
    r: 18, g: 18, b: 18, a: 1,
  });
  // Nothing painted: the white canvas.
  assert.deepEqual(effectiveBackground(['rgba(0, 0, 0, 0)']), { r: 255, g: 255, b: 255, a: 1 });
});

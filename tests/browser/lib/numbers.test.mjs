import assert from 'node:assert/strict';
import { test } from 'node:test';

import { parseLocaleNumber, parseLocalePercent } from './numbers.mjs';

const NBSP = '\u00a0';
const NNBSP = '\u202f';

test('English: comma groups, decimal point', () => {
  assert.equal(parseLocaleNumber('0', 'en'), 0);
  assert.equal(parseLocaleNumber('999', 'en'), 999);
  assert.equal(parseLocaleNumber('1,234', 'en'), 1234);
  assert.equal(parseLocaleNumber('1234', 'en'), 1234);
  assert.equal(parseLocaleNumber('12,345,678', 'en'), 12345678);
  assert.equal(parseLocaleNumber('1,234.5', 'en'), 1234.5);
  assert.equal(parseLocaleNumber(' 42 ', 'en'), 42);
  assert.equal(parseLocaleNumber('-7', 'en'), -7);
  assert.equal(parseLocaleNumber('\u22127', 'en'), -7);
  assert.equal(parseLocaleNumber('3', 'en-GB'), 3);
});

test('English refuses what is not its format', () => {
  for (const bad of ['', 'abc', '1 234', `1${NBSP}234`, '1,23', '12,5', '1.234,5', '1,,234', '1e3']) {
    assert.ok(Number.isNaN(parseLocaleNumber(bad, 'en')), `'${bad}' should not parse`);
  }
});

test('Russian and Kazakh: no-break space groups, decimal comma', () => {
  for (const lang of ['ru', 'kk', 'ru-RU', 'kk-KZ']) {
    assert.equal(parseLocaleNumber('999', lang), 999);
    assert.equal(parseLocaleNumber(`1${NBSP}234`, lang), 1234);
    assert.equal(parseLocaleNumber(`1${NNBSP}234`, lang), 1234);
    assert.equal(parseLocaleNumber('1 234', lang), 1234);
    assert.equal(parseLocaleNumber('1234', lang), 1234);
    assert.equal(parseLocaleNumber(`12${NBSP}345${NBSP}678`, lang), 12345678);
    assert.equal(parseLocaleNumber('12,5', lang), 12.5);
    assert.equal(parseLocaleNumber(`1${NBSP}234,75`, lang), 1234.75);
    assert.equal(parseLocaleNumber('-3,5', lang), -3.5);
  }
});

test('Russian and Kazakh refuse English grouping and bad groups', () => {
  for (const bad of ['1,234.5', '1.5', `1${NBSP}23`, `12${NBSP}${NBSP}345`, '1,2,3', 'сто', '']) {
    assert.ok(Number.isNaN(parseLocaleNumber(bad, 'ru')), `'${bad}' should not parse`);
  }
  // "1,234" is one point two three four in Russian, not a thousand.
  assert.equal(parseLocaleNumber('1,234', 'ru'), 1.234);
});

test('percentages', () => {
  assert.equal(parseLocalePercent('12.5%', 'en'), 12.5);
  assert.equal(parseLocalePercent('0%', 'en'), 0);
  assert.equal(parseLocalePercent('100 %', 'en'), 100);
  assert.equal(parseLocalePercent(`12,5${NBSP}%`, 'ru'), 12.5);
  assert.equal(parseLocalePercent('12,5%', 'kk'), 12.5);
  assert.ok(Number.isNaN(parseLocalePercent('12.5', 'en')));
  assert.ok(Number.isNaN(parseLocalePercent('12.5%', 'ru')));
});

test('an unknown language is a mistake in the test, not a NaN', () => {
  assert.throws(() => parseLocaleNumber('1', 'de'), /no number format/);
});

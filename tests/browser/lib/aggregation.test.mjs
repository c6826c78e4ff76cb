import assert from 'node:assert/strict';
import { test } from 'node:test';

import { compareMatrix, compareTimeline, expectedMatrix, expectedTimeline, isoDay } from './aggregation.mjs';

const cell = (fields) => ({ measurement_count: 0, ok_count: 0, anomaly_count: 0, confirmed_count: 0, failure_count: 0, ...fields });

const byDay = {
  v: 0,
  dimension_count: 2,
  result: [
    cell({ measurement_start_day: '2026-12-05', method: 'none', measurement_count: 10, ok_count: 10 }),
    cell({ measurement_start_day: '2026-12-05', method: 'tls_sni', measurement_count: 4, anomaly_count: 4 }),
    cell({ measurement_start_day: '2026-12-05', measurement_count: 1, failure_count: 1 }),
    cell({ measurement_start_day: '2026-12-06', method: 'tcp_reset', measurement_count: 2, anomaly_count: 1, confirmed_count: 1 }),
  ],
};

test('the timeline: days summed over methods, anomalies by method', () => {
  const t = expectedTimeline(byDay);
  assert.deepEqual([...t.keys()], ['2026-12-05', '2026-12-06']);
  assert.deepEqual(t.get('2026-12-05'), {
    measurement_count: 15, ok_count: 10, anomaly_count: 4, confirmed_count: 0, failure_count: 1, methods: { tls_sni: 4 },
  });
  assert.deepEqual(t.get('2026-12-06').methods, { tcp_reset: 1 });
});

test('the timeline comparison names each difference and ignores zero method cells', () => {
  const t = expectedTimeline(byDay);
  const page = new Map([...t].map(([k, v]) => [k, { ...v, methods: { ...v.methods, tcp_reset: v.methods.tcp_reset ?? 0 } }]));
  assert.deepEqual(compareTimeline(page, t), []);
  page.get('2026-12-05').ok_count = 9;
  page.get('2026-12-06').methods.tcp_reset = 2;
  page.set('2026-11-01', { ...page.get('2026-12-06') });
  page.delete('2026-12-06');
  assert.deepEqual(compareTimeline(page, t), [
    '2026-11-01: in the table (2 measurements), not in the API',
    '2026-12-05 ok_count: table 9, API 10',
    '2026-12-06: in the API (2 measurements), not in the table',
  ]);
});

test('the matrix: networks as AS numbers, measurements by method, a missing method is unknown', () => {
  const m = expectedMatrix({
    result: [
      cell({ probe_asn: 9198, method: 'none', measurement_count: 7 }),
      cell({ probe_asn: 9198, method: 'dns', measurement_count: 2 }),
      cell({ probe_asn: 64500, measurement_count: 1 }),
      cell({ probe_asn: 'AS64501', method: 'none', measurement_count: 3 }),
    ],
  });
  assert.deepEqual(m.get('AS9198'), { methods: { none: 7, dns: 2 }, total: 9 });
  assert.deepEqual(m.get('AS64500'), { methods: { unknown: 1 }, total: 1 });
  assert.deepEqual(m.get('AS64501'), { methods: { none: 3 }, total: 3 });
  const page = new Map([
    ['AS9198', { methods: { none: 7, dns: 2, unknown: 0 }, total: 9 }],
    ['AS64500', { methods: { none: 0, dns: 0, unknown: 1 }, total: 1 }],
  ]);
  assert.deepEqual(compareMatrix(page, m), ['AS64501: in the API (3 measurements), not in the matrix']);
  page.get('AS9198').methods.dns = 3;
  page.set('AS64501', { methods: { none: 3 }, total: 4 });
  assert.deepEqual(compareMatrix(page, m), ['AS64501 total: matrix 4, API 3', 'AS9198 dns: matrix 3, API 2']);
});

test('an answer without a result list is an error', () => {
  assert.throws(() => expectedTimeline({ error: 'x' }), /no result list/);
});

test('UTC days', () => {
  const now = new Date('2026-12-06T23:30:00Z');
  assert.equal(isoDay(now), '2026-12-06');
  assert.equal(isoDay(now, 1), '2026-12-07');
  assert.equal(isoDay(now, -29), '2026-11-07');
  assert.equal(isoDay(new Date('2026-03-01T00:00:00Z'), -1), '2026-02-28');
});

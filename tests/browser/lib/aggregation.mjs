// What the country page's tables must say, computed from the read API's own answer for the
// same filter (GET /api/v1/aggregation, OONI's format: {"result": [cells]} with the five counts
// and one field per axis; probe_asn is a number there), and the comparison of the two. Pure: the
// browser test reads the page and the API, these say whether they agree.

const COUNTS = ['measurement_count', 'ok_count', 'anomaly_count', 'confirmed_count', 'failure_count'];

function cellsOf(answer) {
  const result = answer && answer.result;
  if (!Array.isArray(result)) throw new Error('aggregation: the answer has no result list');
  return result;
}

// axis_x=measurement_start_day, axis_y=method → day → {the five counts, methods: method →
// anomaly_count (methods with anomalies only; a cell without a method is "unknown")}.
export function expectedTimeline(answer) {
  const days = new Map();
  for (const c of cellsOf(answer)) {
    const day = c.measurement_start_day;
    if (day === undefined || day === null) continue;
    if (!days.has(day)) days.set(day, { ...Object.fromEntries(COUNTS.map((k) => [k, 0])), methods: {} });
    const d = days.get(day);
    for (const k of COUNTS) d[k] += c[k] ?? 0;
    if ((c.anomaly_count ?? 0) > 0) {
      const m = c.method ?? 'unknown';
      d.methods[m] = (d.methods[m] ?? 0) + c.anomaly_count;
    }
  }
  return days;
}

// axis_x=probe_asn, axis_y=method → "AS9198" → {methods: method → measurement_count, total}.
export function expectedMatrix(answer) {
  const networks = new Map();
  for (const c of cellsOf(answer)) {
    if (c.probe_asn === undefined || c.probe_asn === null) continue;
    const asn = typeof c.probe_asn === 'number' || /^\d+$/.test(c.probe_asn) ? `AS${c.probe_asn}` : c.probe_asn;
    if (!networks.has(asn)) networks.set(asn, { methods: {}, total: 0 });
    const n = networks.get(asn);
    const m = c.method ?? 'unknown';
    n.methods[m] = (n.methods[m] ?? 0) + (c.measurement_count ?? 0);
    n.total += c.measurement_count ?? 0;
  }
  return networks;
}

// The page's timeline table (day → {counts from data-col cells, methods from data-method cells})
// against expectedTimeline: a list of differences, empty when they agree. A method column the
// page shows with 0 for a day is the same as no anomaly of that method that day.
export function compareTimeline(page, expected) {
  const problems = [];
  const days = new Set([...page.keys(), ...expected.keys()]);
  for (const day of [...days].sort()) {
    const p = page.get(day);
    const e = expected.get(day);
    if (!p) { problems.push(`${day}: in the API (${e.measurement_count} measurements), not in the table`); continue; }
    if (!e) { problems.push(`${day}: in the table (${p.measurement_count} measurements), not in the API`); continue; }
    for (const k of COUNTS) {
      if (p[k] !== e[k]) problems.push(`${day} ${k}: table ${p[k]}, API ${e[k]}`);
    }
    const methods = new Set([...Object.keys(p.methods), ...Object.keys(e.methods)]);
    for (const m of methods) {
      const pv = p.methods[m] ?? 0;
      const ev = e.methods[m] ?? 0;
      if (pv !== ev) problems.push(`${day} anomaly ${m}: table ${pv}, API ${ev}`);
    }
  }
  return problems;
}

// The page's matrix (asn → {methods, total}) against expectedMatrix, the same way; a method
// column with 0 for a network is the same as no cell.
export function compareMatrix(page, expected) {
  const problems = [];
  const asns = new Set([...page.keys(), ...expected.keys()]);
  for (const asn of [...asns].sort()) {
    const p = page.get(asn);
    const e = expected.get(asn);
    if (!p) { problems.push(`${asn}: in the API (${e.total} measurements), not in the matrix`); continue; }
    if (!e) { problems.push(`${asn}: in the matrix (${p.total} measurements), not in the API`); continue; }
    if (p.total !== e.total) problems.push(`${asn} total: matrix ${p.total}, API ${e.total}`);
    const methods = new Set([...Object.keys(p.methods), ...Object.keys(e.methods)]);
    for (const m of methods) {
      const pv = p.methods[m] ?? 0;
      const ev = e.methods[m] ?? 0;
      if (pv !== ev) problems.push(`${asn} ${m}: matrix ${pv}, API ${ev}`);
    }
  }
  return problems;
}

// "YYYY-MM-DD" of `date` (UTC) moved by `days`.
export function isoDay(date, days = 0) {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + days));
  return d.toISOString().slice(0, 10);
}

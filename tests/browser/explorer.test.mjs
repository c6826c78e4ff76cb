// The explorer as a reader's browser shows it: Debian's Chromium, driven by playwright-core,
// against an `ashyq collector` serving a copy of the lab demo's store (docs/browser-tests.md).
//
//   ASHYQ_BINARY           the ashyq executable (required)
//   ASHYQ_BROWSER_STORE    the observatory's SQLite store to serve (required; copied first, as
//                          the collector writes to its store)
//   ASHYQ_BROWSER_OUT      where screenshots, the store's copy and the collector's log go
//   ASHYQ_BROWSER_MODULES  the node_modules holding playwright-core (default: beside this file)
//   ASHYQ_BROWSER_NETWORKS the networks the country's matrix must list, "AS1,AS2" (optional)
//   ASHYQ_BROWSER_CC       the country (default KZ)
//   ASHYQ_CHROMIUM         the browser (default /usr/bin/chromium)

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { compareMatrix, compareTimeline, expectedMatrix, expectedTimeline, isoDay } from './lib/aggregation.mjs';
import { startCollector } from './lib/collector.mjs';
import { composite, contrastRatio, effectiveBackground, isDark, parseColor } from './lib/contrast.mjs';
import { parseLocaleNumber } from './lib/numbers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const env = process.env;
const CC = env.ASHYQ_BROWSER_CC || 'KZ';
const OUT = path.resolve(env.ASHYQ_BROWSER_OUT || path.join(os.tmpdir(), 'ashyq-browser-output'));
const MODULES = path.resolve(env.ASHYQ_BROWSER_MODULES || path.join(here, 'node_modules'));
const CHROMIUM = env.ASHYQ_CHROMIUM || '/usr/bin/chromium';
const MAX_PAGE_BYTES = 300 * 1024;
const MIN_CONTRAST = 4.5; // WCAG AA, body text
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 740 };
const NONSENSE = 'zzqx-no-such-site-7f3a9';

let collector; // {url, stop}
let browser;
let origin;

// ---------------------------------------------------------------------------------------------
// Set-up: the store's copy, the collector, the browser.

function copyStore(source, dir) {
  if (!source) throw new Error('ASHYQ_BROWSER_STORE is not set: the store to serve (the lab demo\'s demo-output/observatory.sqlite)');
  if (!fs.existsSync(source)) {
    throw new Error(`no store at ${source}: run the lab demo first (ctest -R lab_demo, as root) or point ASHYQ_BROWSER_STORE at one`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const base = path.basename(source);
  for (const name of fs.readdirSync(path.dirname(source))) {
    if (name.startsWith(base)) fs.copyFileSync(path.join(path.dirname(source), name), path.join(dir, name));
  }
  return path.join(dir, base);
}

before(async () => {
  if (!env.ASHYQ_BINARY) throw new Error('ASHYQ_BINARY is not set: the ashyq executable');
  fs.mkdirSync(OUT, { recursive: true });
  for (const name of fs.readdirSync(OUT)) {
    if (name.endsWith('.png') || name === 'collector.log') fs.rmSync(path.join(OUT, name));
  }
  const store = copyStore(env.ASHYQ_BROWSER_STORE, path.join(OUT, 'store'));
  let chromium;
  try {
    ({ chromium } = createRequire(import.meta.url)(path.join(MODULES, 'playwright-core')));
  } catch (e) {
    throw new Error(`playwright-core is not in ${MODULES} (npm ci in tests/browser, or ctest's browser_npm_ci): ${e.message}`);
  }
  collector = await startCollector({ binary: env.ASHYQ_BINARY, store, log: path.join(OUT, 'collector.log') });
  origin = collector.url;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--disable-gpu', '--no-first-run', '--disable-dev-shm-usage', '--disable-background-networking'],
  });
});

after(async () => {
  try {
    await browser?.close();
  } finally {
    await collector?.stop();
  }
});

// ---------------------------------------------------------------------------------------------
// Visiting a page: a fresh context each time, every request off 127.0.0.1 refused and recorded,
// the bodies of every response counted, console errors kept.

async function visit(urlPath, { viewport = DESKTOP, colorScheme = 'light', javaScriptEnabled = true, headers } = {}) {
  const context = await browser.newContext({
    viewport,
    colorScheme,
    javaScriptEnabled,
    locale: 'en-US',
    serviceWorkers: 'block',
  });
  const v = { context, external: [], responses: [], errors: [] };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    // Headers are set here rather than by extraHTTPHeaders: the context's locale would replace
    // an Accept-Language given that way.
    if (new URL(url).origin === origin) {
      return route.continue(headers ? { headers: { ...route.request().headers(), ...headers } } : undefined);
    }
    v.external.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  v.page = page;
  page.on('response', (r) => v.responses.push(r));
  page.on('console', (m) => { if (m.type() === 'error') v.errors.push(m.text()); });
  page.on('pageerror', (e) => v.errors.push(String(e)));
  v.response = await page.goto(origin + urlPath, { waitUntil: 'load' });
  v.close = () => context.close();
  v.bytes = async () => {
    let total = 0;
    for (const r of v.responses) {
      try { total += (await r.body()).length; } catch { /* a redirect has no body */ }
    }
    return total;
  };
  return v;
}

async function withPage(urlPath, options, fn) {
  const v = await visit(urlPath, options);
  try {
    return await fn(v.page, v);
  } finally {
    await v.close();
  }
}

const text = (page, selector) => page.locator(selector).first().innerText();
const screenshot = (page, name) => page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });

// The pages the tests visit: the domain and the measurement are found by following the
// country page's links, once.
let discovered;
function pages() {
  discovered ??= (async () => {
    const found = await withPage(`/country/${CC}`, {}, async (page) => ({
      domain: await page.locator('#blocked-domains-table tbody tr[data-domain]').first().getAttribute('data-domain'),
      domainHref: await page.locator('#blocked-domains-table tbody tr[data-domain] a').first().getAttribute('href'),
      asn: await page.locator('#network-matrix tbody tr[data-asn]').first().getAttribute('data-asn'),
    }));
    assert.ok(found.domainHref, `/country/${CC} lists no blocked domain (#blocked-domains-table tr[data-domain] a)`);
    found.measurementHref = await withPage(found.domainHref, {}, (page) =>
      page.locator('#domain-measurements a.measurement-link').first().getAttribute('href'));
    assert.ok(found.measurementHref, `${found.domainHref} lists no measurement (#domain-measurements a.measurement-link)`);
    found.uid = decodeURIComponent(found.measurementHref.split('?')[0].replace('/measurement/', ''));
    found.orderHref = await withPage('/orders', {}, (page) =>
      page.locator('#orders-table tbody tr[data-order] a').first().getAttribute('href'));
    assert.ok(found.orderHref, '/orders lists no order (#orders-table tr[data-order] a): the demo imports a fictional register');
    found.caseHref = await withPage('/cases', {}, (page) =>
      page.locator('#cases-table tbody tr[data-case] a').first().getAttribute('href'));
    assert.ok(found.caseHref, '/cases lists no case (#cases-table tr[data-case] a): the demo\'s fictional register has one');
    found.outletHref = await withPage('/outlets', {}, (page) =>
      page.locator('#outlets-table tbody tr[data-outlet] a').first().getAttribute('href'));
    assert.ok(found.outletHref, '/outlets lists no outlet (#outlets-table tr[data-outlet] a): the demo\'s fictional register has one');
    return [
      { name: 'home', path: '/' },
      { name: 'country', path: `/country/${CC}` },
      { name: 'domain', path: found.domainHref },
      { name: 'measurement', path: found.measurementHref },
      { name: 'search', path: `/search?q=${encodeURIComponent(found.domain)}` },
      { name: 'search-nothing', path: `/search?q=${NONSENSE}` },
      { name: 'orders', path: '/orders' },
      { name: 'order', path: found.orderHref },
      { name: 'cases', path: '/cases' },
      { name: 'case', path: found.caseHref },
      { name: 'outlets', path: '/outlets' },
      { name: 'outlet', path: found.outletHref },
    ].map((p) => Object.assign(p, { found }));
  })();
  return discovered;
}

// ---------------------------------------------------------------------------------------------

test('every page answers 200 in English, asks nothing of another host and weighs at most 300 KB', async (t) => {
  for (const p of await pages()) {
    await t.test(p.name, () => withPage(p.path, {}, async (page, v) => {
      assert.equal(v.response.status(), 200, `${p.path}: HTTP ${v.response.status()}`);
      assert.match(v.response.headers()['content-type'] ?? '', /^text\/html/);
      assert.ok(v.response.headers()['content-security-policy'], `${p.path}: no Content-Security-Policy`);
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
      assert.ok((await text(page, 'h1#page-title')).trim(), `${p.path}: empty h1#page-title`);
      await screenshot(page, `${p.name}-light`);
      const bytes = await v.bytes();
      t.diagnostic(`${p.name}: ${v.responses.length} responses, ${bytes} bytes`);
      assert.deepEqual(v.external, [], `${p.path} asked for other hosts`);
      assert.ok(bytes <= MAX_PAGE_BYTES, `${p.path} weighs ${bytes} bytes (> ${MAX_PAGE_BYTES})`);
      assert.deepEqual(v.errors, [], `${p.path}: console errors`);
    }));
  }
});

// The filter a country section was drawn for: its data-aggregation-query, or the query of the
// /api/v1/aggregation link it shows.
async function aggregationQuery(page, selector) {
  const el = page.locator(selector).first();
  let q = await el.getAttribute('data-aggregation-query');
  if (q === null) {
    const href = await el.locator('a[href*="/api/v1/aggregation"]').first().getAttribute('href');
    q = href ? new URL(href, origin).search.slice(1) : null;
  }
  assert.ok(q, `${selector} says neither its data-aggregation-query nor its /api/v1/aggregation link`);
  const params = new URLSearchParams(q);
  for (const axis of ['axis_x', 'axis_y']) params.delete(axis);
  return params;
}

async function api(params, axes) {
  const q = new URLSearchParams(params);
  for (const [k, v] of Object.entries(axes)) q.set(k, v);
  const res = await fetch(`${origin}/api/v1/aggregation?${q}`);
  const body = await res.text();
  assert.equal(res.status, 200, `GET /api/v1/aggregation?${q}: ${res.status} ${body.slice(0, 300)}`);
  return JSON.parse(body);
}

// Number cells: their data-value, and the text the reader sees, which must be the same number
// written in the page's language.
function readNumber(cell, lang, where, problems) {
  const value = Number(cell.value);
  const shown = parseLocaleNumber(cell.text, lang);
  if (cell.value === undefined || Number.isNaN(value)) problems.push(`${where}: no data-value`);
  else if (shown !== value) problems.push(`${where}: shows '${cell.text}' (${shown} in '${lang}'), data-value ${cell.value}`);
  return value;
}

const cellsOf = (page, rows) => page.$$eval(rows, (trs) => trs.map((tr) => ({
  key: tr.dataset.day ?? tr.dataset.asn,
  cells: [...tr.querySelectorAll('td.num')].map((td) => ({
    col: td.dataset.col, method: td.dataset.method, value: td.dataset.value, text: td.textContent,
  })),
})));

function checkWindow(params, period, filters) {
  const now = new Date();
  assert.equal(params.get('probe_cc'), CC);
  assert.equal(params.get('since'), isoDay(now, 1 - period), `since for a ${period}-day period`);
  assert.equal(params.get('until'), isoDay(now, 1), 'until: tomorrow (exclusive)');
  for (const [k, v] of Object.entries(filters)) assert.equal(params.get(k), v, `the query's ${k}`);
}

async function firstNetwork() {
  return (await pages())[0].found.asn;
}

const variants = async () => [
  { name: 'last 30 days', query: '', period: 30, filters: {} },
  { name: 'a network over 90 days', query: `?period=90&probe_asn=${await firstNetwork()}`, period: 90, filters: { probe_asn: await firstNetwork() } },
  { name: 'in Russian', query: '?lang=ru', period: 30, filters: {} },
  { name: 'in Kazakh, 365 days', query: '?lang=kk&period=365', period: 365, filters: {} },
];

test(`the ${CC} timeline's data table equals /api/v1/aggregation for the page's filter`, async (t) => {
  for (const variant of await variants()) {
    await t.test(variant.name, () => withPage(`/country/${CC}${variant.query}`, {}, async (page) => {
      const lang = await page.getAttribute('html', 'lang');
      const params = await aggregationQuery(page, '#timeline');
      checkWindow(params, variant.period, variant.filters);
      assert.equal(await page.locator('svg#chart-timeline').count(), 1, 'no svg#chart-timeline');
      const answer = await api(params, { axis_x: 'measurement_start_day', axis_y: 'method' });
      const problems = [];
      const table = new Map();
      for (const row of await cellsOf(page, '#timeline-table tbody tr[data-day]')) {
        const day = { methods: {} };
        for (const c of row.cells) {
          const n = readNumber(c, lang, `${row.key} ${c.col ?? c.method}`, problems);
          if (c.col) day[c.col] = n;
          else if (c.method) day.methods[c.method] = n;
        }
        table.set(row.key, day);
      }
      problems.push(...compareTimeline(table, expectedTimeline(answer)));
      t.diagnostic(`${table.size} days in the table, ${answer.result.length} API cells`);
      if (!variant.filters.probe_asn) assert.ok(table.size > 0, 'the timeline table has no day');
      assert.deepEqual(problems, [], `the timeline table and /api/v1/aggregation?${params} differ`);
      if (lang === 'en') {
        assert.match(await text(page, 'main > p.muted'), new RegExp(params.get('since')), 'the page states its first day');
      }
    }));
  }
});

test('the networks × methods matrix equals /api/v1/aggregation for the page\'s filter', async (t) => {
  for (const variant of await variants()) {
    await t.test(variant.name, () => withPage(`/country/${CC}${variant.query}`, {}, async (page) => {
      const lang = await page.getAttribute('html', 'lang');
      const params = await aggregationQuery(page, '#network-matrix');
      checkWindow(params, variant.period, variant.filters);
      const answer = await api(params, { axis_x: 'probe_asn', axis_y: 'method' });
      const problems = [];
      const matrix = new Map();
      for (const row of await cellsOf(page, '#network-matrix tbody tr[data-asn]')) {
        const network = { methods: {}, total: undefined };
        for (const c of row.cells) {
          const n = readNumber(c, lang, `${row.key} ${c.col ?? c.method}`, problems);
          if (c.method) network.methods[c.method] = n;
          else if (c.col === 'measurement_count') network.total = n;
        }
        const sum = Object.values(network.methods).reduce((a, b) => a + b, 0);
        if (network.total !== sum) problems.push(`${row.key}: total ${network.total}, its methods add up to ${sum}`);
        matrix.set(row.key, network);
      }
      problems.push(...compareMatrix(matrix, expectedMatrix(answer)));
      t.diagnostic(`networks: ${[...matrix.keys()].join(', ')}`);
      if (variant.filters.probe_asn) {
        assert.deepEqual([...matrix.keys()], [variant.filters.probe_asn], 'a network filter shows that network only');
      } else if (env.ASHYQ_BROWSER_NETWORKS) {
        assert.deepEqual([...matrix.keys()].sort(), env.ASHYQ_BROWSER_NETWORKS.split(',').sort(), 'the networks of the store');
      } else {
        assert.ok(matrix.size > 0, 'the matrix has no network');
      }
      assert.deepEqual(problems, [], `the matrix and /api/v1/aggregation?${params} differ`);
    }));
  }
});

test('the filters form narrows the country page to one network', () => withPage(`/country/${CC}`, {}, async (page) => {
  const asn = await firstNetwork();
  const choices = await page.$$eval('form#filters select[name="probe_asn"] option', (os) => os.map((o) => o.value));
  assert.ok(choices.includes(asn), `the form's Network choices ${JSON.stringify(choices)} miss ${asn}, a network of the matrix`);
  await page.selectOption('form#filters select[name="probe_asn"]', asn);
  await page.selectOption('form#filters select[name="period"]', '90');
  await Promise.all([page.waitForURL(/probe_asn=/), page.click('form#filters button[type="submit"]')]);
  const url = new URL(page.url());
  assert.equal(url.pathname, `/country/${CC}`);
  assert.equal(url.searchParams.get('probe_asn'), asn);
  assert.equal(url.searchParams.get('period'), '90');
  const params = await aggregationQuery(page, '#network-matrix');
  checkWindow(params, 90, { probe_asn: asn });
  const asns = await page.$$eval('#network-matrix tbody tr[data-asn]', (trs) => trs.map((tr) => tr.dataset.asn));
  assert.deepEqual(asns, [asn]);
}));

test('links lead from the country page to a domain page and on to a measurement page', () => withPage(`/country/${CC}`, {}, async (page) => {
  const domainLink = page.locator('#blocked-domains-table tbody tr[data-domain] a').first();
  const domain = await domainLink.innerText();
  await Promise.all([page.waitForURL(/\/domain\//), domainLink.click()]);
  let url = new URL(page.url());
  assert.equal(decodeURIComponent(url.pathname), `/domain/${domain}`);
  assert.equal(url.searchParams.get('probe_cc'), CC);
  assert.equal((await text(page, 'h1#page-title')).trim(), domain);
  assert.ok(await page.locator('#domain-timeline-table tbody tr[data-day]').count() > 0, 'the domain page has no day');

  const measurementLink = page.locator('#domain-measurements a.measurement-link').first();
  await Promise.all([page.waitForURL(/\/measurement\//), measurementLink.click()]);
  url = new URL(page.url());
  const uid = decodeURIComponent(url.pathname.replace('/measurement/', ''));
  assert.ok((await text(page, 'h1#page-title')).trim());
  assert.ok(await page.locator('#verdict .verdict[data-status]').count() === 1, 'no #verdict .verdict[data-status]');
  assert.match(await text(page, 'main'), new RegExp(uid.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 'the page names its measurement ID');
  const raw = await page.locator('a#raw-json').getAttribute('href');
  assert.equal(raw, `/api/v1/raw_measurement?measurement_uid=${uid}`);
  const res = await fetch(origin + raw);
  assert.equal(res.status, 200);
  const measurement = await res.json();
  assert.equal(measurement.probe_cc, CC);
  const back = page.locator(`main a[href^="/domain/${domain}"]`);
  assert.ok(await back.count() > 0, `no link back to /domain/${domain}`);
}));

// ---------------------------------------------------------------------------------------------
// Languages: ?lang= first, then Accept-Language, then English.

const CYRILLIC = /[\u0400-\u04ff]/;
const KAZAKH_LETTERS = /[әғқңөұүһіӘҒҚҢӨҰҮҺІ]/;

async function headingIn(urlPath, headers) {
  return withPage(urlPath, { headers }, async (page) => ({
    lang: await page.getAttribute('html', 'lang'),
    h1: (await text(page, 'h1#page-title')).trim(),
    current: await page.locator('nav#languages a[aria-current]').getAttribute('hreflang'),
    home: await page.locator('a#home-link').getAttribute('href'),
    firstHeader: (await page.locator('main th').count()) ? (await text(page, 'main th')).trim() : '',
  }));
}

test('?lang=ru and ?lang=kk translate the pages, and links keep the language', async (t) => {
  for (const p of await pages()) {
    await t.test(p.name, async () => {
      const sep = p.path.includes('?') ? '&' : '?';
      const en = await headingIn(p.path);
      const ru = await headingIn(`${p.path}${sep}lang=ru`);
      const kk = await headingIn(`${p.path}${sep}lang=kk`);
      assert.equal(en.lang, 'en');
      assert.equal(ru.lang, 'ru', 'html[lang] with ?lang=ru');
      assert.equal(kk.lang, 'kk', 'html[lang] with ?lang=kk');
      assert.equal(ru.current, 'ru', 'the language switcher marks Русский');
      assert.equal(kk.current, 'kk', 'the language switcher marks Қазақша');
      assert.match(ru.home, /lang=ru/, 'the home link keeps lang=ru');
      assert.match(kk.home, /lang=kk/, 'the home link keeps lang=kk');
      // Headings that are data (a domain, an outlet's name) stay as they are; the pages' own
      // words do not.
      if (p.name !== 'domain' && p.name !== 'outlet') {
        assert.match(ru.h1, CYRILLIC, `Russian h1 '${ru.h1}' (English '${en.h1}')`);
        assert.match(kk.h1, CYRILLIC, `Kazakh h1 '${kk.h1}' (English '${en.h1}')`);
      }
      if (en.firstHeader) {
        assert.match(ru.firstHeader, CYRILLIC, `Russian first table header '${ru.firstHeader}' (English '${en.firstHeader}')`);
        assert.match(kk.firstHeader, CYRILLIC, `Kazakh first table header '${kk.firstHeader}' (English '${en.firstHeader}')`);
      }
      if (p.name === 'country') {
        assert.match(ru.h1, /Казахстан/, `Russian country h1 '${ru.h1}'`);
        assert.match(kk.h1, /Қазақстан/, `Kazakh country h1 '${kk.h1}'`);
      }
      if (p.name === 'home') assert.notEqual(kk.h1, ru.h1, 'the Kazakh home heading is the Russian one');
    });
  }
  await t.test('Kazakh pages use Kazakh letters', () => withPage(`/country/${CC}?lang=kk`, {}, async (page) => {
    assert.match(await text(page, 'main'), KAZAKH_LETTERS);
  }));
  await t.test('the search for nonsense, translated', async () => {
    const en = await withPage(`/search?q=${NONSENSE}`, {}, (page) => text(page, '#no-results'));
    const ru = await withPage(`/search?q=${NONSENSE}&lang=ru`, {}, (page) => text(page, '#no-results'));
    assert.match(ru, CYRILLIC, `'${ru}' (English '${en}')`);
  });
});

test('Accept-Language chooses the language when ?lang= does not', async (t) => {
  const cases = [
    { header: 'ru-RU,ru;q=0.9,en;q=0.5', path: '/', want: 'ru' },
    { header: 'kk-KZ,kk;q=0.9,ru;q=0.8', path: `/country/${CC}`, want: 'kk' },
    { header: 'kk', path: '/', want: 'kk' },
    { header: 'de-DE,de;q=0.9', path: '/', want: 'en' },
    { header: 'ru-RU,ru;q=0.9', path: '/?lang=en', want: 'en' },
    { header: 'en-US,en;q=0.9', path: '/?lang=kk', want: 'kk' },
  ];
  for (const c of cases) {
    await t.test(`${c.header} ${c.path} → ${c.want}`, async () => {
      const got = await headingIn(c.path, { 'accept-language': c.header });
      assert.equal(got.lang, c.want);
      if (c.want !== 'en') assert.match(got.h1, CYRILLIC, `h1 '${got.h1}'`);
    });
  }
});

// ---------------------------------------------------------------------------------------------

// What sticks out past the viewport, for the failure message: the outermost elements whose box
// ends right of it and that no scrolling box of their own clips.
const overflowReport = () => {
  const width = window.innerWidth;
  const out = [];
  const clipped = (el) => {
    for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (['auto', 'scroll', 'hidden', 'clip'].includes(s.overflowX) && e.getBoundingClientRect().right <= width + 0.5) return true;
    }
    return false;
  };
  const name = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += `#${el.id}`;
    if (el.classList.length) s += `.${[...el.classList].join('.')}`;
    const parent = el.parentElement;
    return parent && parent !== document.body ? `${name(parent)} > ${s}` : s;
  };
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.right <= width + 0.5 || clipped(el)) continue;
    if (out.some((o) => o.el.contains(el))) continue;
    out.push({ el, text: `${name(el)} (right edge ${Math.round(r.right)} px, width ${Math.round(r.width)} px)` });
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: width,
    culprits: out.slice(0, 8).map((o) => o.text),
  };
};

test('the register: the fictional orders, each target as measured, and the country\'s three findings', async (t) => {
  const found = (await pages())[0].found;
  await withPage('/orders', {}, async (page) => {
    const rows = await page.locator('#orders-table tbody tr[data-order]').count();
    assert.ok(rows >= 1, '/orders: no order row');
    assert.match(await text(page, '#orders-table'), /fictional/, 'the demo\'s orders do not say they are fictional');
  });
  await withPage(found.orderHref, {}, async (page) => {
    assert.match(await text(page, 'h1#page-title'), /fictional/);
    assert.ok(await page.locator('#measured-table tbody tr[data-domain]').count() >= 1,
      `${found.orderHref}: no target measured blocked (#measured-table)`);
    const domainLink = await page.locator('#targets a').first().getAttribute('href');
    assert.match(domainLink ?? '', /^\/domain\//, 'a domain target links to its domain page');
  });
  await withPage(`/country/${CC}`, {}, async (page) => {
    for (const id of ['blocked-without-order-table', 'ordered-not-blocked-table']) {
      const n = await page.locator(`#register #${id} tbody tr[data-domain]`).count();
      t.diagnostic(`${id}: ${n} rows`);
      assert.ok(n >= 1, `/country/${CC}: #${id} has no row`);
    }
  });
  await withPage('/orders?lang=kk', {}, async (page) => {
    assert.match(await text(page, 'h1#page-title'), KAZAKH_LETTERS);
  });
});

test('the register: the fictional outlet\'s timeline puts its order, its journalist\'s case and its blocking on one axis', async (t) => {
  const found = (await pages())[0].found;
  await withPage(found.caseHref, {}, async (page) => {
    assert.match(await text(page, 'dl#case-facts'), /fictional/, 'the demo\'s case does not say it is fictional');
    assert.ok(await page.locator('#events-table tbody tr[data-event]').count() >= 1, `${found.caseHref}: no event`);
  });
  await withPage(found.outletHref, {}, async (page) => {
    assert.match(await text(page, 'h1#page-title'), /fictional/);
    for (const kind of ['order_issued', 'case_event', 'blocked']) {
      const rows = await page.locator(`#timeline-table tbody tr[data-kind="${kind}"]`).count();
      const marks = await page.locator(`svg#chart-outlet-timeline g[data-kind="${kind}"]`).count();
      t.diagnostic(`${kind}: ${rows} rows, ${marks} marks`);
      assert.ok(rows >= 1, `${found.outletHref}: no ${kind} in #timeline-table`);
      assert.equal(marks, rows, `${found.outletHref}: the axis and the table disagree on ${kind}`);
    }
  });
  await withPage(`${found.outletHref}?lang=kk`, {}, async (page) => {
    assert.match(await text(page, '#timeline h2'), KAZAKH_LETTERS);
  });
});

async function narrowPages() {
  const list = await pages();
  const extra = [];
  for (const p of list.filter((x) => ['country', 'domain', 'measurement', 'order', 'case', 'outlet'].includes(x.name))) {
    const sep = p.path.includes('?') ? '&' : '?';
    extra.push({ name: `${p.name}-ru`, path: `${p.path}${sep}lang=ru` }, { name: `${p.name}-kk`, path: `${p.path}${sep}lang=kk` });
  }
  return [...list, ...extra];
}

test('at 360 px wide no page scrolls sideways', async (t) => {
  for (const p of await narrowPages()) {
    await t.test(p.name, () => withPage(p.path, { viewport: PHONE }, async (page) => {
      await screenshot(page, `${p.name}-360`);
      const r = await page.evaluate(overflowReport);
      assert.ok(r.scrollWidth <= r.innerWidth,
        `${p.path}: document.documentElement.scrollWidth ${r.scrollWidth} > innerWidth ${r.innerWidth}; sticking out: ${r.culprits.join('; ')}`);
    }));
  }
});

// ---------------------------------------------------------------------------------------------

// Every visible element with text of its own: its colour and the background colours from it to
// the root (SVG chart labels are left out: what is behind them is drawn, not styled).
const textColours = () => {
  const seen = new Set();
  const items = [];
  const name = (el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.classList.length ? `.${[...el.classList].join('.')}` : ''}`;
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('svg')) continue;
    const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
    const field = el.matches('input, button, select');
    if (!own && !field) continue;
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    if (!r.width || !r.height || s.visibility === 'hidden' || s.display === 'none') continue;
    const layers = [];
    for (let e = el; e; e = e.parentElement) layers.push(getComputedStyle(e).backgroundColor);
    const key = `${name(el)}|${s.color}|${layers.join('|')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    items.push({ what: name(el), color: s.color, layers, sample: (el.innerText || el.value || '').trim().slice(0, 30) });
  }
  return { body: getComputedStyle(document.body).backgroundColor, items };
};

function contrastProblems(r) {
  const problems = [];
  for (const item of r.items) {
    const fg = parseColor(item.color);
    if (!fg) { problems.push(`${item.what}: colour '${item.color}' not understood`); continue; }
    const bg = effectiveBackground(item.layers);
    const ratio = contrastRatio(fg.a < 1 ? composite(fg, bg) : fg, bg);
    if (ratio < MIN_CONTRAST) {
      problems.push(`${item.what} '${item.sample}': ${item.color} on rgb(${[bg.r, bg.g, bg.b].map(Math.round).join(', ')}) is ${ratio.toFixed(2)}:1`);
    }
  }
  return problems;
}

test('dark mode: a dark background, and every text readable (WCAG AA 4.5:1)', async (t) => {
  for (const p of await pages()) {
    await t.test(p.name, () => withPage(p.path, { colorScheme: 'dark' }, async (page) => {
      await screenshot(page, `${p.name}-dark`);
      const r = await page.evaluate(textColours);
      const bg = effectiveBackground([r.body]);
      assert.ok(isDark(bg), `${p.path}: body background ${r.body} is not dark`);
      assert.deepEqual(contrastProblems(r), [], `${p.path}: text below ${MIN_CONTRAST}:1 in dark mode`);
    }));
  }
});

test('light mode: every text readable (WCAG AA 4.5:1)', async (t) => {
  for (const p of await pages()) {
    await t.test(p.name, () => withPage(p.path, { colorScheme: 'light' }, async (page) => {
      const r = await page.evaluate(textColours);
      assert.ok(!isDark(effectiveBackground([r.body])), `${p.path}: body background ${r.body} is dark in light mode`);
      assert.deepEqual(contrastProblems(r), [], `${p.path}: text below ${MIN_CONTRAST}:1 in light mode`);
    }));
  }
});

// ---------------------------------------------------------------------------------------------

test('with JavaScript disabled every page has its content', async (t) => {
  const content = {
    home: ['#countries-table tbody tr[data-cc] a'],
    country: ['#timeline-table tbody tr[data-day]', 'svg#chart-timeline', '#network-matrix tbody tr[data-asn]',
      '#blocked-domains-table tbody tr[data-domain]', 'form#filters select[name="probe_asn"]',
      '#register #blocked-without-order-table tbody tr[data-domain]'],
    domain: ['#domain-timeline-table tbody tr[data-day]', '#domain-methods tbody tr[data-asn]', '#domain-measurements a.measurement-link'],
    measurement: ['#verdict .verdict[data-status]', '#dns', '#tcp', '#tls', '#http', 'a#raw-json'],
    search: ['#search-results li[data-kind="domain"] a'],
    'search-nothing': ['#no-results'],
    orders: ['#orders-table tbody tr[data-order] a'],
    order: ['dl#order-facts', '#targets li', '#measured-table tbody tr[data-domain]'],
    cases: ['#cases-table tbody tr[data-case] a'],
    case: ['dl#case-facts', '#events-table tbody tr[data-event]'],
    outlets: ['#outlets-table tbody tr[data-outlet] a'],
    outlet: ['dl#outlet-facts', 'svg#chart-outlet-timeline', '#timeline-table tbody tr[data-kind="blocked"]',
      '#timeline-table tbody tr[data-kind="case_event"]', '#timeline-table tbody tr[data-kind="order_issued"]'],
  };
  for (const p of await pages()) {
    await t.test(p.name, () => withPage(p.path, { javaScriptEnabled: false }, async (page) => {
      assert.ok((await text(page, 'h1#page-title')).trim(), 'h1#page-title');
      for (const selector of content[p.name]) {
        assert.ok(await page.locator(selector).count() > 0, `${p.path} without JavaScript: nothing matches ${selector}`);
      }
    }));
  }
});

test('a search for nonsense says nothing was found, not an error', () => withPage(`/search?q=${NONSENSE}`, {}, async (page, v) => {
  assert.equal(v.response.status(), 200);
  const said = await text(page, '#no-results');
  assert.ok(said.includes(NONSENSE), `#no-results '${said}' does not repeat the query`);
  assert.equal(await page.locator('#search-results li').count(), 0);
  assert.equal(await page.locator('main .warn').count(), 0, 'the page shows a warning');
}));

test('search finds a domain, a network and a measurement', async (t) => {
  const { found } = (await pages())[0];
  const cases = [
    { q: found.domain, kind: 'domain', href: `/domain/${found.domain}` },
    { q: found.asn, kind: 'network', href: `/country/${CC}?probe_asn=${found.asn}` },
    { q: found.uid, kind: 'measurement', href: `/measurement/${found.uid}` },
  ];
  for (const c of cases) {
    await t.test(`${c.kind}: ${c.q}`, () => withPage(`/search?q=${encodeURIComponent(c.q)}`, {}, async (page) => {
      const hrefs = await page.$$eval(`#search-results li[data-kind="${c.kind}"] a`, (as) => as.map((a) => a.getAttribute('href')));
      assert.ok(hrefs.includes(c.href), `no ${c.kind} result linking ${c.href}: ${JSON.stringify(hrefs)}`);
      assert.equal(await page.locator('#no-results').count(), 0);
    }));
  }
});

test('an unknown measurement is a 404 page in HTML', () => withPage('/measurement/20261206T000000Z_webconnectivity_KZ_9198_n1_nosuchmeasurement', {}, async (page, v) => {
  assert.equal(v.response.status(), 404);
  assert.match(v.response.headers()['content-type'] ?? '', /^text\/html/);
  assert.ok((await text(page, 'h1#page-title')).trim());
  assert.deepEqual(v.external, []);
}));

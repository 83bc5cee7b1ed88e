#!/usr/bin/env node
// Benchmark harness for the built package (pkg/, Node build). Prints every figure as a ratio
// to a plain-JS baseline measured in the same run, with its target and PASS/MISS.
//
//   node bench/run.mjs               all figures (make bench)
//   node bench/run.mjs --only size   package size only (make size); --only a|b|bAll|d|e: one figure
//   node bench/run.mjs --json        also print the figures as JSON (for recording)
//
// Each figure is measured in its own try/catch: a missing API is reported as ERROR on its own
// line and does not hide the other figures. Times are medians of several repetitions after a
// warm-up; each repetition runs enough calls to last ~REP_MS.
import { readFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync, constants as zlib } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PKG = path.join(REPO, 'pkg');
const FIXTURES = path.resolve(REPO, process.env.ONCEHUB_SF_FIXTURES ?? '../shared/fixtures');
const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
const asJson = args.includes('--json');
const REP_MS = Number(process.env.BENCH_REP_MS ?? 120);
const REPS = Number(process.env.BENCH_REPS ?? 9);

if (!existsSync(path.join(PKG, 'package.json'))) {
  console.error('bench: pkg/ is not built; run `make pkg` (or `make bench`)');
  process.exit(1);
}

// ---- measuring ---------------------------------------------------------------------------
const now = () => performance.now();
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
let sink = 0; // keeps results alive so that nothing is optimized away
const consume = (v) => { sink = (sink + (v?.length ?? (v ? 1 : 0))) | 0; };

/** Median milliseconds per call of fn (fn's result is consumed). */
function msPerCall(fn, { reps = REPS, repMs = REP_MS } = {}) {
  // warm-up and calibration: find n so that n calls take about repMs
  let n = 1;
  for (;;) {
    const t0 = now();
    for (let i = 0; i < n; i++) consume(fn());
    const dt = now() - t0;
    if (dt >= repMs / 4 || n >= 1 << 24) {
      n = Math.max(1, Math.round((n * repMs) / Math.max(dt, 0.001)));
      break;
    }
    n *= 4;
  }
  const samples = [];
  for (let r = 0; r < reps; r++) {
    const t0 = now();
    for (let i = 0; i < n; i++) consume(fn());
    samples.push((now() - t0) / n);
  }
  return median(samples);
}

// ---- output ------------------------------------------------------------------------------
const rows = [];
const fmtTime = (ms) => (ms >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(ms * 1000 >= 10 ? 1 : 2)} µs`);
const fmtKB = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
function row(figure, measured, baseline, ratio, target, pass, note = '') {
  rows.push({ figure, measured, baseline, ratio, target, result: pass === null ? '—' : pass ? 'PASS' : 'MISS', note });
}
function failed(figure, err) {
  rows.push({ figure, measured: '', baseline: '', ratio: '', target: '', result: 'ERROR', note: String(err?.message ?? err).split('\n')[0] });
}
function printTable() {
  const cols = [['figure', 'figure'], ['measured', 'engine'], ['baseline', 'baseline (same run)'], ['ratio', 'ratio'], ['target', 'target'], ['result', 'result'], ['note', 'note']];
  const width = cols.map(([k, h]) => Math.max(h.length, ...rows.map((r) => String(r[k]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(width[i])).join('  ').trimEnd();
  console.log(line(cols.map(([, h]) => h)));
  console.log(line(width.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(cols.map(([k]) => r[k])));
}

// ---- the package -------------------------------------------------------------------------
const require = createRequire(import.meta.url);
const api = require(path.join(PKG, 'node/oncehub_sf_mapping.js'));
const { Engine } = api;
const read = (p) => readFileSync(p, 'utf8');

// (c) size ---------------------------------------------------------------------------------
function sizeFigures() {
  const gz = (buf) => gzipSync(buf, { level: 9, strategy: zlib.Z_DEFAULT_STRATEGY }).length;
  const wasm = readFileSync(path.join(PKG, 'oncehub_sf_mapping_bg.wasm'));
  const glue = readFileSync(path.join(PKG, 'oncehub_sf_mapping.js'));
  const total = gz(wasm) + gz(glue);
  row('(c) size: .wasm raw', fmtKB(wasm.length), '', '', '', null);
  row('(c) size: .wasm gzip -9', fmtKB(gz(wasm)), '', '', '', null);
  row('(c) size: glue .js gzip -9', fmtKB(gz(glue)), `${fmtKB(glue.length)} raw`, '', '', null);
  row('(c) size: total gzip -9', fmtKB(total), '', '', '≤ 100 KB', total <= 100 * 1024);
  return { wasmRaw: wasm.length, wasmGzip: gz(wasm), glueRaw: glue.length, glueGzip: gz(glue), totalGzip: total };
}

// helpers for configs --------------------------------------------------------------------------
const TAB_OBJECT = { contacts: 'Contact', leads: 'Lead', events: 'Event', cases: 'Case' };
const TAB_KIND = { contacts: 'contact', leads: 'contact', events: 'meeting', cases: 'meeting' };

function sampleOrgEngine() {
  const engine = new Engine();
  for (const o of ['Lead', 'Contact', 'Event', 'Case']) {
    engine.loadDescribe(read(path.join(REPO, 'www/sample-org', `${o}.json`)));
  }
  return engine;
}

/**
 * A config with `total` rows spread evenly over the four tabs (a tab with too few compatible
 * fields leaves its share to the others), built from the engine's own answers: the default
 * rows first, then round-robin over the source fields, non-lossy targets before lossy ones.
 */
function buildConfig(engine, total) {
  const config = engine.defaultConfig();
  const index = JSON.parse(read(path.join(REPO, 'www/sample-org/index.json')));
  config.bookingCalendars = index.bookingCalendars;
  config.meetings = { createEvents: true, caseCalendars: [index.bookingCalendars[1].id] };
  const tabs = Object.keys(TAB_OBJECT);
  const candidates = {};
  for (const tab of tabs) {
    const lists = engine.sourceFields(TAB_KIND[tab]).map((s) => {
      try {
        const fit = engine.compatibleFields(TAB_OBJECT[tab], s.id).filter((f) => f.createable);
        return [...fit.filter((f) => f.grade !== 'lossy'), ...fit.filter((f) => f.grade === 'lossy')]
          .map((f) => ({ source: s.id, target: f.name }));
      } catch {
        return [];
      }
    });
    const order = [];
    for (let i = 0; lists.some((l) => i < l.length); i++) for (const l of lists) if (i < l.length) order.push(l[i]);
    candidates[tab] = order;
    config.mappings[tab] = [];
  }
  const defaults = engine.defaultConfig().mappings;
  const used = Object.fromEntries(tabs.map((t) => [t, new Set()]));
  const add = (tab, row) => {
    if (used[tab].has(row.target)) return false;
    used[tab].add(row.target);
    config.mappings[tab].push(row);
    return true;
  };
  let n = 0;
  const share = Math.ceil(total / tabs.length);
  // Rows with a fallback (the required fields) first, so that the config stays valid.
  const withFallbackFirst = (rows) => [...rows.filter((r) => r.fallback !== undefined), ...rows.filter((r) => r.fallback === undefined)];
  for (const tab of tabs) for (const row of withFallbackFirst(defaults[tab]).slice(0, share)) if (n < total && add(tab, row)) n++;
  for (let progress = true; n < total && progress;) {
    progress = false;
    for (const tab of tabs) {
      if (n >= total) break;
      if (config.mappings[tab].length >= share && tabs.some((t) => config.mappings[t].length < share && candidates[t].length)) continue;
      while (candidates[tab].length) {
        const c = candidates[tab].shift();
        if (add(tab, { ...c, overwrite: n % 2 === 0 })) { n++; progress = true; break; }
      }
    }
  }
  return { config, total: n };
}

/** n varied booking webhooks from the sample payloads. */
function bookings(n) {
  const templates = ['booking-scheduled.json', 'booking-scheduled-support.json']
    .map((f) => JSON.parse(read(path.join(REPO, 'www/samples', f))));
  const first = ['Dana', 'Marco', 'Li', 'Ana', 'Sam', 'Noor', 'Kai', 'Eva'];
  const last = ['Whitfield', 'Ruiz', 'Chen', 'Kowalski', 'Okafor', 'Berg', 'Tanaka', 'Moreau'];
  const out = [];
  for (let i = 0; i < n; i++) {
    const b = structuredClone(templates[i % templates.length]);
    const booking = b.data ?? b;
    const name = `${first[i % first.length]} ${last[(i * 7) % last.length]}${i}`;
    booking.id = `BKNG-${String(i).padStart(12, '0')}`;
    booking.starting_time = new Date(Date.UTC(2025, 5, 1, 8) + i * 30 * 60_000).toISOString();
    if (booking.form_submission) {
      booking.form_submission.name = name;
      booking.form_submission.email = `person${i}@example.com`;
      if (i % 3 === 0) booking.form_submission.company = '';
    }
    out.push({ payload: b });
  }
  return out;
}

// (a) compatibleFields vs Array.filter --------------------------------------------------------
function figureA() {
  const text = read(path.join(FIXTURES, 'cumulusci/GET_sobjects_Account_PersonAccount_describe.body.json'));
  const fields = JSON.parse(text).fields;
  const engine = new Engine();
  engine.loadDescribe(text);
  const SRC = 'email';
  const answer = engine.compatibleFields('Account', SRC);
  // The same predicate in plain JS: the Salesforce types the engine accepted for this source,
  // on fields that can be written.
  const types = new Set(answer.map((f) => f.type));
  const predicate = (f) => types.has(f.type) && (f.createable || f.updateable) && !f.calculated;
  const same = JSON.stringify(fields.filter(predicate).map((f) => f.name).sort()) === JSON.stringify(answer.map((f) => f.name).sort());
  const eng = msPerCall(() => engine.compatibleFields('Account', SRC));
  const base = msPerCall(() => fields.filter(predicate));
  const ratio = eng / base;
  row(`(a) compatibleFields("Account", "${SRC}"), ${fields.length} fields`, fmtTime(eng), `${fmtTime(base)} Array.filter`, `${ratio.toFixed(2)}×`, '≤ 2×', ratio <= 2,
    `${answer.length} fields; repeated call (results are cached per object and source)${same ? '' : '; JS filter set differs'}`);
  // The first call for a (object, source) pair computes, converts and freezes the list.
  const sources = engine.sourceFields('contact').map((s) => s.id);
  let k = 0;
  const cold = msPerCall(() => {
    if (k % sources.length === 0) engine.loadDescribe(text); // clears the cache
    return engine.compatibleFields('Account', sources[k++ % sources.length]);
  }) - msPerCall(() => engine.loadDescribe(text)) / sources.length;
  row('(a) compatibleFields, first call per source (uncached)', fmtTime(cold), `${fmtTime(base)} Array.filter`, `${(cold / base).toFixed(1)}×`, '', null,
    `averaged over the ${sources.length} contact fields`);
  engine.free();
  return { engineMs: eng, baselineMs: base, ratio, count: answer.length, sameSet: same };
}

// (b) loadDescribe vs JSON.parse --------------------------------------------------------------
function figureB() {
  const text = read(path.join(FIXTURES, 'cumulusci/GET_sobjects_Account_PersonAccount_describe.body.json'));
  const engine = new Engine();
  const eng = msPerCall(() => engine.loadDescribe(text));
  engine.free();
  const base = msPerCall(() => JSON.parse(text));
  const ratio = eng / base;
  row(`(b) loadDescribe (${fmtKB(text.length)} describe)`, fmtTime(eng), `${fmtTime(base)} JSON.parse`, `${ratio.toFixed(2)}×`, '≤ 1×', ratio <= 1);
  return { engineMs: eng, baselineMs: base, ratio };
}

// (b) beyond the bench's describe: every fixture describe of 50 KB or more, loaded into a fresh
// engine and loaded over itself (which compares the two), each against JSON.parse of its text.
// Informational: the target is figure (b); this shows it is not one describe's luck.
function figureBAll() {
  const files = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.json') && statSync(p).size >= 50 * 1024) files.push(p);
    }
  };
  walk(FIXTURES);
  const fast = { reps: 5, repMs: 30 };
  const results = [];
  for (const file of files.sort()) {
    const text = read(file);
    const probe = new Engine();
    try {
      probe.loadDescribe(text);
    } catch {
      continue; // not a describe
    } finally {
      probe.free();
    }
    const base = msPerCall(() => JSON.parse(text), fast);
    const again = new Engine();
    const reload = msPerCall(() => again.loadDescribe(text), fast);
    again.free();
    // A new engine per load, less the cost of making and freeing an empty one.
    const fresh = msPerCall(() => {
      const e = new Engine();
      const summary = e.loadDescribe(text);
      e.free();
      return summary;
    }, fast) - msPerCall(() => new Engine().free(), fast);
    results.push({ file: path.relative(FIXTURES, file), fresh: fresh / base, reload: reload / base });
  }
  const worst = (k) => results.reduce((a, b) => (b[k] > a[k] ? b : a));
  for (const [k, words] of [['fresh', 'into a fresh engine'], ['reload', 'over itself']]) {
    const w = worst(k);
    row(`(b) loadDescribe ${words}, ${results.length} fixture describes ≥ 50 KB`, `≤ ${w[k].toFixed(2)}×`, 'JSON.parse of each', '', '', null,
      `worst: ${w.file}; median ${median(results.map((r) => r[k])).toFixed(2)}×`);
  }
  return results;
}

// (d) validate ----------------------------------------------------------------------------------
function figureD() {
  const engine = sampleOrgEngine();
  const { config, total } = buildConfig(engine, 60);
  const eng = msPerCall(() => engine.validate(config));
  const base = msPerCall(() => JSON.stringify(config));
  const report = engine.validate(config);
  const ratio = eng / base;
  row(`(d) validate(config), ${total} rows, 4 objects`, fmtTime(eng), `${fmtTime(base)} JSON.stringify`, `${ratio.toFixed(1)}×`, '≤ 200 µs', eng * 1000 <= 200,
    `${report.errorCount} errors, ${report.warningCount} warnings (${[...new Set(report.diagnostics.map((d) => d.code))].join(', ')})`);
  engine.free();
  return { engineUs: eng * 1000, baselineUs: base * 1000, ratio, rows: total };
}

// (e) previewMany -----------------------------------------------------------------------------
// Two ways of calling it: the default (JS objects in, every preview with its per-row trace out)
// and the large-batch way (the batch as JSON text, as read from a file or an API response, and
// `{ trace: false }`). Both are held to the same targets.
function figureE() {
  const engine = sampleOrgEngine();
  const { config, total } = buildConfig(engine, 20);
  const configErrors = engine.validate(config).errorCount;
  const inputs = bookings(10_000);
  const inputsText = JSON.stringify(inputs);
  const out = {};
  const variants = [
    ['default: objects in, with trace', Object.assign(() => engine.previewMany(config, inputs), { inputs })],
    ['{ trace: false }, JSON text in', () => engine.previewMany(config, inputsText, { trace: false })],
  ];
  for (const [label, once] of variants) {
    const result = once();
    const requests = result.previews.map((p) => p.requests);
    const eng = msPerCall(once, { reps: 5, repMs: 1 });
    const base = msPerCall(() => JSON.stringify(requests), { reps: 5, repMs: 1 });
    const perSec = inputs.length / (eng / 1000);
    const ratio = eng / base;
    row(`(e) previewMany ${label}, ${inputs.length} bookings, ${total} rows`, `${Math.round(perSec).toLocaleString('en-US')} /s`, '', '', '≥ 100,000 /s', perSec >= 100_000,
      `${fmtTime(eng)} per batch; ${result.summary.ok} ok, ${result.summary.failing} failing; config: ${configErrors} validation errors`);
    row(`(e) previewMany ${label} vs JSON.stringify(requests)`, fmtTime(eng), `${fmtTime(base)} JSON.stringify`, `${ratio.toFixed(2)}×`, '≤ 5×', ratio <= 5);
    // The part of the call that is JavaScript's own JSON work, which no engine change can
    // shorten: the result is handed back as JSON text for JSON.parse (the fastest way to make
    // JS objects from wasm), and objects in are JSON.stringify'd on the way in.
    const resultText = JSON.stringify(result);
    const floor = msPerCall(() => JSON.parse(resultText), { reps: 5, repMs: 1 })
      + (typeof once.inputs === 'object' ? msPerCall(() => JSON.stringify(once.inputs), { reps: 5, repMs: 1 }) : 0);
    row(`(e) previewMany ${label}: JS's own JSON work in it`, fmtTime(floor), `${fmtTime(base)} JSON.stringify`, `${(floor / base).toFixed(2)}×`, '', null,
      `${typeof once.inputs === 'object' ? 'JSON.stringify(inputs) + ' : ''}JSON.parse of the ${(resultText.length / 1e6).toFixed(1)} MB result; what is left for the engine: ${fmtTime(Math.max(0, eng - floor))}`);
    out[label] = { previewsPerSec: perSec, batchMs: eng, stringifyMs: base, ratio, jsJsonMs: floor };
  }
  engine.free();
  return { rows: total, configErrors, ...out };
}

// ---- run ---------------------------------------------------------------------------------------
const allFigures = { a: figureA, b: figureB, bAll: figureBAll, size: sizeFigures, d: figureD, e: figureE };
const figures = only ? { [only]: allFigures[only] } : allFigures;
if (only && !allFigures[only]) {
  console.error(`--only takes one of ${Object.keys(allFigures).join(', ')}`);
  process.exit(2);
}
const results = {};
for (const [name, fn] of Object.entries(figures)) {
  try {
    results[name] = fn();
  } catch (err) {
    results[name] = { error: String(err?.message ?? err) };
    failed(`(${{ size: 'c', bAll: 'b' }[name] ?? name}) ${{ a: 'compatibleFields', b: 'loadDescribe', bAll: 'loadDescribe, every fixture describe', size: 'size', d: 'validate', e: 'previewMany' }[name]}`, err);
  }
}
console.log(`oncehub-sf-mapping bench — node ${process.version}, ${REPS} reps × ~${REP_MS} ms, median\n`);
printTable();
if (asJson) console.log(JSON.stringify(results, null, 2));
if (sink === 42.5) console.log(''); // never true; keeps `sink` observable

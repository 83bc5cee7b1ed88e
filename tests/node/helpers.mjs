// Shared helpers for tests/node/*.test.mjs — tests of the BUILT package (run `make pkg` first).
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PKG = path.join(REPO, 'pkg');
export const FIXTURES = path.resolve(REPO, process.env.ONCEHUB_SF_FIXTURES ?? '../shared/fixtures');

if (!existsSync(path.join(PKG, 'node/index.mjs'))) {
  throw new Error(`${PKG}/node/index.mjs is missing: run \`make pkg\` first`);
}

/** The package as Node ESM `import` sees it, and as CJS `require` sees it. */
export const esm = await import('../../pkg/node/index.mjs');
export const cjs = createRequire(import.meta.url)('../../pkg/node/oncehub_sf_mapping.js');
export const builds = [['import', esm], ['require', cjs]];

/** Every Salesforce describe among the shared fixtures: [{ rel, text, json }]. */
export function describeFixtures() {
  const pick = (dir, re) => {
    const abs = path.join(FIXTURES, dir);
    if (!existsSync(abs)) return [];
    return readdirSync(abs).filter((f) => re.test(f)).sort().map((f) => path.join(dir, f));
  };
  const dirs = existsSync(FIXTURES) ? readdirSync(FIXTURES) : [];
  const rels = [
    ...pick('cumulusci', /\.body\.json$/),
    ...pick('grouparoo', /_describe_.*\.json$/),
    ...pick('elasticio-salesforce-component', /\.json$/),
    ...dirs.filter((d) => d.startsWith('apache-')).flatMap((d) => pick(d, /\.json$/)),
    ...pick('restforce', /^sobject_describe_success_response\.json$/),
    ...pick('lwrfileupload-soqlMetadata', /\.json$/),
  ];
  if (rels.length === 0) throw new Error(`no describe fixtures under ${FIXTURES} (set ONCEHUB_SF_FIXTURES)`);
  return rels.map((rel) => {
    const text = readFileSync(path.join(FIXTURES, rel), 'utf8');
    return { rel, text, json: JSON.parse(text) };
  });
}

/** Text of one fixture file (path relative to the fixtures dir). */
export function fixture(rel) {
  return readFileSync(path.join(FIXTURES, rel), 'utf8');
}

/** A fresh Engine of `build` with the given fixture files loaded. */
export function engineWith(build, ...rels) {
  const engine = new build.Engine();
  for (const rel of rels) engine.loadDescribe(fixture(rel));
  return engine;
}

/** Asserts `fn` throws a MappingEngineError with `code`; returns the error. */
export function assertEngineError(fn, code) {
  let thrown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  assert.ok(thrown !== undefined, `expected a ${code} error, nothing was thrown`);
  assert.ok(thrown instanceof Error, `expected an Error instance, got ${Object.prototype.toString.call(thrown)}: ${thrown}`);
  assert.equal(thrown.name, 'MappingEngineError');
  assert.equal(thrown.code, code, `code (message: ${thrown.message})`);
  assert.equal(typeof thrown.path, 'string', 'path is a string');
  assert.equal(typeof thrown.help, 'string', 'help is a string');
  assert.ok(thrown.help.length > 0, 'help is not empty');
  assert.ok(thrown.message.length > 0, 'message is not empty');
  return thrown;
}

// The browser build's own initialisation, run in Node from wasm bytes: init() and initSync()
// used together keep one instance, and the CommonJS build offers the same init/initSync.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PKG, cjs, fixture } from './helpers.mjs';

const LEAD = 'cumulusci/GET_sobjects_Lead_describe.body.json';

test('initSync while an init() is pending: one instance, engines stay apart', async () => {
  const bytes = readFileSync(path.join(PKG, 'oncehub_sf_mapping_bg.wasm'));
  const web = await import(pathToFileURL(path.join(PKG, 'oncehub_sf_mapping.js')).href);
  const pending = web.default({ module_or_path: bytes });
  const first = web.initSync({ module: bytes });
  const a = new web.Engine();
  assert.equal(await pending, first, 'the first instance to finish stays');
  const b = new web.Engine();
  b.loadDescribe(fixture(LEAD));
  assert.deepEqual(a.objects(), [], 'an engine made before init() resolved has its own state');
  a.free();
  assert.deepEqual(b.objects().map((o) => o.name), ['Lead']);
  b.free();
});

test('the CommonJS build exports init() and initSync() as the browser build does', async () => {
  assert.equal(typeof cjs.default, 'function');
  assert.equal(await cjs.default(), cjs.__wasm);
  assert.equal(cjs.initSync(), cjs.__wasm);
  // The default-import interop of TypeScript's esModuleInterop and Babel (`__importDefault`).
  const importDefault = (mod) => (mod && mod.__esModule ? mod : { default: mod });
  assert.equal(await importDefault(cjs).default(), cjs.__wasm);
});

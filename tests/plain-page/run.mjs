#!/usr/bin/env node
// Serves tests/plain-page with pkg/ mounted at /pkg (no bundler) on a free loopback port and
// checks the page's result in headless Chromium. Run by `make test-plain` (after `make pkg`).
import assert from 'node:assert/strict';
import { startServer } from '../../scripts/serve.mjs';
import { launchBrowser, openPage, readResult } from '../../scripts/browser.mjs';

let server;
let browser;
try {
  server = await startServer({ root: 'tests/plain-page', mounts: { '/pkg': 'pkg' } });
  browser = await launchBrowser();
  const page = await openPage(browser, server.url);
  const { status, text } = await readResult(page);
  assert.equal(status, 'ok', `page result: ${text}`);
  const result = JSON.parse(text);
  assert.equal(result.object, 'Lead');
  assert.equal(result.fieldCount, 4);
  for (const f of ['Company', 'LastName']) assert.ok(result.required.includes(f), `${f} required: ${text}`);
  assert.ok(result.compatible.includes('Email'), `Email compatible: ${text}`);
  const wasm = await page.evaluate(async () => (await fetch('/pkg/oncehub_sf_mapping_bg.wasm')).headers.get('content-type'));
  assert.equal(wasm, 'application/wasm', 'the .wasm is served as application/wasm (needed for streaming compile)');
  assert.deepEqual(page.problems, [], 'no console errors or failed requests');
  console.log(`plain-page: ok (${text})`);
} finally {
  await browser?.close();
  await server?.close();
}

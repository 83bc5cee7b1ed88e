#!/usr/bin/env node
// Builds tests/vite-app with Vite against the packed npm tarball of pkg/ (so the `files` list
// and the `exports` map are what is tested), serves the output on a free loopback port and
// checks the page's result in headless Chromium. Run by `make test-vite` (after `make pkg`).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { build } from 'vite';
import { startServer, REPO_ROOT } from '../../scripts/serve.mjs';
import { launchBrowser, openPage, readResult } from '../../scripts/browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const tmp = mkdtempSync(path.join(tmpdir(), 'oncehub-vite-'));
const app = path.join(tmp, 'app');
const dist = path.join(tmp, 'dist');
let server;
let browser;
try {
  // The app, with the package installed from its tarball.
  mkdirSync(app);
  for (const f of ['index.html', 'main.js']) cpSync(path.join(here, f), path.join(app, f));
  // The describe and the summary are the plain page's; both consumers use the same module.
  cpSync(path.join(here, '../plain-page/lead-describe.js'), path.join(app, 'lead-describe.js'));
  const packed = JSON.parse(execFileSync('npm', ['pack', path.join(REPO_ROOT, 'pkg'), '--pack-destination', tmp, '--json', '--silent'], { encoding: 'utf8' }));
  const installed = path.join(app, 'node_modules/oncehub-sf-mapping');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', path.join(tmp, path.basename(packed[0].filename)), '-C', installed, '--strip-components=1']);

  await build({ root: app, configFile: false, logLevel: 'warn', build: { outDir: dist, emptyOutDir: true } });
  const assets = readdirSync(path.join(dist, 'assets'));
  assert.ok(assets.some((f) => f.endsWith('.wasm')), `Vite emitted the .wasm asset (assets: ${assets.join(', ')})`);

  server = await startServer({ root: dist });
  browser = await launchBrowser();
  const page = await openPage(browser, server.url);
  const { status, text } = await readResult(page);
  assert.equal(status, 'ok', `page result: ${text}`);
  const result = JSON.parse(text);
  assert.equal(result.object, 'Lead');
  assert.equal(result.fieldCount, 4);
  for (const f of ['Company', 'LastName']) assert.ok(result.required.includes(f), `${f} required: ${text}`);
  assert.ok(result.compatible.includes('Email'), `Email compatible: ${text}`);
  assert.deepEqual(page.problems, [], 'no console errors or failed requests');
  console.log(`vite-app: ok (${assets.filter((f) => f.endsWith('.wasm')).join()}; ${text})`);
} finally {
  await browser?.close();
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
}

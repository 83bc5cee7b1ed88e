// Shared setup for the UI tests: a static server for www/ on a free loopback port and a
// headless system Chromium driven by playwright-core. No dependency on `make demo`.
import path from 'node:path';
import { mkdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ARTIFACTS = path.join(REPO, 'tests/artifacts');
export const FIXTURES = process.env.ONCEHUB_SF_FIXTURES || path.resolve(REPO, '../shared/fixtures');
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Starts the server and the browser; returns { url, browser, close() }. */
export async function setup() {
  // ONCEHUB_UI_PKG=<dir> serves another build of the package at /pkg (default: www/pkg).
  const pkgDir = process.env.ONCEHUB_UI_PKG ? path.resolve(process.env.ONCEHUB_UI_PKG) : path.join(REPO, 'www/pkg');
  if (!existsSync(path.join(pkgDir, 'oncehub_sf_mapping.js'))) {
    throw new Error(`${pkgDir} has no oncehub_sf_mapping.js: run \`make pkg\` first`);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  const server = await startServer({ root: 'www', port: 0, mounts: process.env.ONCEHUB_UI_PKG ? { '/pkg': pkgDir } : {} });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  return {
    url: server.url,
    browser,
    async close() { await browser.close(); await server.close(); },
  };
}

/**
 * Opens the screen in a fresh context (empty localStorage unless `context` is given), waits
 * until it marks itself ready and collects page errors / console errors into page.problems.
 */
export async function openApp(env, { width = 1280, height = 900, context = null, reset = false } = {}) {
  const ctx = context ?? await env.browser.newContext({ viewport: { width, height }, acceptDownloads: true });
  const page = await ctx.newPage();
  page.problems = [];
  page.on('pageerror', (err) => page.problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => { if (msg.type() === 'error') page.problems.push(`console: ${msg.text()}`); });
  await page.goto(env.url);
  if (reset) { await page.evaluate(() => localStorage.clear()); await page.reload(); }
  await page.waitForSelector('body[data-ready=true]', { timeout: 30_000 });
  return page;
}

/** Whether the engine build in www/pkg has a method (validate, preview, ...). */
export const hasFeature = (page, name) => page.evaluate((n) => typeof window.__omap.model.engine[n] === 'function', name);

/** Waits until validation ran at least once more than `before`. */
export async function settle(page) {
  // debounced validation (120 ms) and preview (150 ms): wait for both to have run
  await page.waitForTimeout(260);
}

export async function selectTab(page, tab) {
  await page.click(`#tab-${tab}`);
  await page.waitForSelector(`#tab-${tab}[aria-selected=true]`);
}

/** Index of the row on the active tab whose Salesforce field is `target`. */
export function rowIndexOf(page, target) {
  return page.evaluate((t) => {
    const app = window.__omap.app;
    return app.config.mappings[app.activeTab].findIndex((r) => r.target === t);
  }, target);
}

/** Option values (and texts) of a target select after it is opened (focus builds it). */
export async function targetOptions(page, selector) {
  await page.focus(selector);
  return page.$$eval(`${selector} option`, (os) => os.map((o) => ({ value: o.value, text: o.textContent, group: o.parentElement.tagName === 'OPTGROUP' ? o.parentElement.label : '' })));
}

export const shot = (page, name) => page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });

/** Opens (focuses) a lazily built dropdown, then picks a value, like a user would. */
export async function pick(page, selector, value) {
  await page.focus(selector);
  await page.selectOption(selector, value);
}

/** The live configuration object of the page. */
export const config = (page) => page.evaluate(() => JSON.parse(JSON.stringify(window.__omap.app.config)));

/** Text nodes that read exactly "null" / "undefined" / "[object Object]" (a rendering bug), outside JSON output. */
export const strayText = (page) => page.evaluate(() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement.closest('pre, .val, textarea')) continue;
    if (/^\s*(null|undefined|\[object Object\]|NaN)\s*$/.test(n.data)) out.push(`${n.parentElement.tagName}.${n.parentElement.className}: ${n.data}`);
  }
  return out;
});

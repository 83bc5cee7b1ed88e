// Headless Chromium for the browser tests, through playwright-core (no browser download:
// it drives the system Chromium). Usage:
//   import { launchBrowser } from '../../scripts/browser.mjs';
//   const browser = await launchBrowser();           // playwright-core Browser
//   const page = await browser.newPage(); ...; await browser.close();
// CHROMIUM overrides the executable (default /usr/bin/chromium). HEADED=1 shows the window.
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchBrowser(options = {}) {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: !process.env.HEADED,
    args: CHROMIUM_ARGS,
    ...options,
  });
}

/**
 * Opens `url` in a new page and collects console errors, page errors and failed requests
 * into `page.problems` (array of strings) so a test can assert there were none.
 */
export async function openPage(browser, url, { waitUntil = 'load' } = {}) {
  const page = await browser.newPage();
  page.problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') page.problems.push(`console: ${msg.text()}`); });
  page.on('pageerror', (err) => page.problems.push(`pageerror: ${err.message}`));
  page.on('requestfailed', (req) => page.problems.push(`requestfailed: ${req.url()} ${req.failure()?.errorText ?? ''}`));
  page.on('response', (res) => { if (res.status() >= 400) page.problems.push(`http ${res.status()}: ${res.url()}`); });
  await page.goto(url, { waitUntil });
  return page;
}

/**
 * Waits until `selector` carries a data-status attribute (the test pages set "ok" or "error")
 * and returns { status, text }.
 */
export async function readResult(page, selector = '#result', timeout = 30_000) {
  const el = await page.waitForSelector(`${selector}[data-status]`, { timeout });
  return { status: await el.getAttribute('data-status'), text: (await el.textContent()) ?? '' };
}

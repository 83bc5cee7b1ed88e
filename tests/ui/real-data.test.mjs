// The screen with real describes and the inputs admins really paste: a reduced describe with a
// byte order mark, a describe named in other letter case, a custom field defined twice, bad
// current values in the preview, and the narrow layout of the Auto-map list and the tabs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setup, openApp, settle, selectTab, targetOptions, config, FIXTURES, REPO } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const fixture = (rel) => readFileSync(path.join(FIXTURES, rel), 'utf8');

async function paste(page, text) {
  await page.click('#describe-loader summary');
  await page.waitForSelector('#describe-text', { state: 'visible' });
  await page.fill('#describe-text', text);
  await page.click('#describe-load');
  await page.waitForSelector('body[data-describe=ok]');
}

test('a reduced describe pasted with a BOM: static rows offer only what the engine can write', async () => {
  const page = await openApp(env, { reset: true });
  await paste(page, '\uFEFF' + fixture('lwrfileupload-soqlMetadata/Lead.json'));
  await selectTab(page, 'leads');
  await page.click('#add-row');
  const i = (await config(page)).mappings.leads.length - 1;
  await page.selectOption(`#r-leads-${i}-source`, '');
  await settle(page);
  const options = await targetOptions(page, `#r-leads-${i}-target`);
  const offered = options.filter((o) => o.group === 'Required' || o.group === 'Writable fields').map((o) => o.value);
  for (const system of ['CreatedDate', 'IsDeleted', 'IsConverted', 'Name', 'Id']) {
    assert.ok(!offered.includes(system), `${system} is offered: ${offered.join(', ')}`);
  }
  const required = options.filter((o) => o.group === 'Required').map((o) => o.value);
  assert.deepEqual(required.sort(), ['Company', 'LastName'], 'as requiredFields says');
  // The page read the describe too (the BOM did not hide it): rows are not "not in the describe".
  assert.equal(await page.locator('text=not in the describe').count(), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a describe named in other letter case replaces the object, listed once', async () => {
  const page = await openApp(env, { reset: true });
  const lead = JSON.parse(readFileSync(path.join(REPO, 'www/sample-org/Lead.json'), 'utf8'));
  lead.name = 'lead';
  await paste(page, JSON.stringify(lead));
  const rows = await page.$$eval('#objects-body th code', (els) => els.map((e) => e.textContent.toLowerCase()));
  assert.equal(rows.filter((n) => n === 'lead').length, 1, rows.join(', '));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a custom field id given twice is refused, and the saved list survives a reload', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  let page = await openApp(env, { context });
  await page.fill('#cf-id', 'custom.industry');
  await page.selectOption('#cf-type', 'singleChoice');
  await page.fill('#cf-options', 'Software\nRetail');
  await page.click('#custom-form button[type=submit]');
  assert.equal(await page.isHidden('#custom-error'), true);
  await page.fill('#cf-id', 'custom.industry');
  await page.selectOption('#cf-type', 'text');
  await page.click('#custom-form button[type=submit]');
  assert.match(await page.textContent('#custom-error'), /already a custom field/);
  const kinds = await page.evaluate(() => window.__omap.model.customInputs.map((c) => `${c.id}:${c.type}`));
  assert.deepEqual(kinds, ['custom.industry:singleChoice']);
  await page.reload();
  await page.waitForSelector('body[data-ready=true]');
  assert.match(await page.textContent('#custom-list'), /custom\.industry/);
  const notices = await page.locator('.notice').allTextContents();
  assert.ok(!notices.some((n) => /could not/.test(n)), notices.join(' | '));
  await context.close();
});

test('invalid current values clear the preview instead of leaving an old result', async () => {
  const page = await openApp(env, { reset: true });
  await page.check('input[name=pv-scenario][value=lead]');
  await page.waitForSelector('body[data-preview=ok]');
  assert.ok(await page.locator('#pv-requests pre').count() > 0);
  await page.fill('#pv-existing-fields', '{"FirstName": "Dana",');
  await page.waitForSelector('body[data-preview=error]');
  assert.equal(await page.locator('#pv-requests pre').count(), 0);
  assert.equal(await page.locator('#pv-trace tbody tr').count(), 0);
  assert.match(await page.textContent('#pv-existing-error'), /not valid JSON/);
  await page.context().close();
});

test('at 400 px the four tabs and the Auto-map list fit the screen', async () => {
  const page = await openApp(env, { width: 400, height: 800, reset: true });
  for (const tab of ['contacts', 'leads', 'events', 'cases']) {
    const box = await page.locator(`#tab-${tab}`).boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 400, `${tab} tab at ${JSON.stringify(box)}`);
  }
  await selectTab(page, 'leads');
  await page.click('#automap-btn');
  await page.waitForSelector('#suggestions .sugg');
  const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: document.documentElement.clientWidth }));
  assert.ok(widths.doc <= widths.view, `the page scrolls sideways: ${JSON.stringify(widths)}`);
  const button = await page.locator('#suggestions .sugg button').first().boundingBox();
  assert.ok(button.x + button.width <= 400, 'Accept is on screen');
  await page.context().close();
});

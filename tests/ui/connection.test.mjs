// Salesforce connection stand-in: replacing describes (paste / upload), their errors, hostile
// labels, and the dropdown's speed on a 250-field describe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { setup, openApp, settle, selectTab, rowIndexOf, targetOptions, pick, config, hasFeature, shot, strayText, REPO, FIXTURES } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

async function openLoader(page) {
  await page.click('#describe-loader summary');
  await page.waitForSelector('#describe-text', { state: 'visible' });
}

test('a bad pasted or uploaded describe shows the engine error (message, code, path, help)', async () => {
  const page = await openApp(env);
  await openLoader(page);
  await page.fill('#describe-text', '{"name": "Lead", "label": "Lead"}');
  await page.click('#describe-load');
  await page.waitForSelector('body[data-describe=error]');
  let err = await page.textContent('#describe-error');
  assert.match(err, /NOT_A_DESCRIBE/);
  assert.match(err, /How to fix/);
  assert.match(err, /sobject describe/);
  assert.equal(await page.getAttribute('#describe-text', 'aria-invalid'), 'true');
  assert.equal(await page.getAttribute('#describe-error', 'role'), 'alert');

  await page.fill('#describe-text', '{"name": "Lead", "fields": [ {"name": "X",, } ]}');
  await page.click('#describe-load');
  err = await page.textContent('#describe-error');
  assert.match(err, /INVALID_JSON/);

  // upload: a wrong file through the file picker
  await page.setInputFiles('#describe-file', { name: 'oops.json', mimeType: 'application/json', buffer: Buffer.from('[1, 2, 3]') });
  await page.waitForFunction(() => /oops\.json/.test(document.getElementById('describe-error').textContent));
  err = await page.textContent('#describe-error');
  assert.match(err, /[A-Z_]{6,}/, 'an error code is shown');
  await shot(page, 'describe-error-1280.png');
  assert.deepEqual(await strayText(page), []);
  // the sample org is still in use
  assert.equal(await page.textContent('#org-chip'), 'Sample org');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('an uploaded describe (sf CLI wrapper) replaces the sample object and is kept', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await openApp(env, { context });
  await openLoader(page);
  await page.setInputFiles('#describe-file', path.join(REPO, 'tests/data/sf-cli-wrapper.json'));
  await page.waitForSelector('body[data-describe=ok]');
  const result = await page.textContent('#describe-result');
  assert.match(result, /Loaded/);
  assert.match(result, /replacing/);
  assert.match(await page.textContent('#objects-body'), /Your describe/);
  await page.reload();
  await page.waitForSelector('body[data-ready=true]');
  assert.match(await page.textContent('#objects-body'), /Your describe/, 'kept across a reload');
  await page.click('#describe-loader summary');
  await page.click('#describe-reset');
  assert.doesNotMatch(await page.textContent('#objects-body'), /Your describe/);
  await context.close();
});

test('hostile labels and picklist values are rendered as text, never as HTML', async () => {
  const page = await openApp(env);
  await openLoader(page);
  await page.setInputFiles('#describe-file', path.join(REPO, 'tests/data/hostile-describe.json'));
  await page.waitForSelector('body[data-describe=ok]');
  await selectTab(page, 'leads');
  // open every Salesforce dropdown with "Show all" on, and every fallback select
  const n = (await config(page)).mappings.leads.length;
  for (let i = 0; i < n; i++) {
    await page.check(`#r-leads-${i}-all`);
    await targetOptions(page, `#r-leads-${i}-target`);
  }
  // a static row on the hostile picklist: its values become <option>s of the fallback select
  await page.click('#add-row');
  const i = n;
  await page.selectOption(`#r-leads-${i}-source`, '');
  await pick(page, `#r-leads-${i}-target`, 'LeadSource');
  const values = await page.$$eval(`#r-leads-${i}-fallback option`, (os) => os.map((o) => o.textContent));
  assert.ok(values.some((v) => v.includes('<img src=x onerror')), 'the payload is shown as text');
  await page.selectOption(`#r-leads-${i}-fallback`, { index: 1 });
  // Auto-map suggestions with hostile labels
  await page.click('#automap-btn');
  // the preview, with an existing Lead whose values are hostile too
  if (await hasFeature(page, 'preview')) {
    await page.check('input[name=pv-scenario][value=lead]');
    await page.fill('#pv-existing-fields', JSON.stringify({ LastName: '<script>window.__xss=1</script>', Company: '<img src=x onerror="window.__xss=1">' }));
    await settle(page);
  }
  await settle(page);
  const labels = await targetOptions(page, `#r-leads-0-target`);
  assert.ok(labels.some((o) => o.text.includes('<script>window.__xss=1</script>') || o.text.includes('<img')), 'labels shown literally');
  await shot(page, 'hostile-1280.png');
  const dom = await page.evaluate(() => ({
    xss: window.__xss,
    scripts: [...document.querySelectorAll('script')].map((s) => s.getAttribute('src')),
    injected: document.querySelectorAll('img, svg, iframe, object, embed, body script:not([src])').length,
    handlers: [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => /^on/i.test(a.name))).length,
    jsLinks: [...document.querySelectorAll('[href]')].filter((el) => /^\s*javascript:/i.test(el.getAttribute('href'))).length,
  }));
  assert.equal(dom.xss, undefined, 'window.__xss stayed undefined');
  assert.deepEqual(dom.scripts, ['app.js'], 'only the page\'s own script');
  assert.equal(dom.injected, 0, 'no <img>/<svg>/<script> from data');
  assert.equal(dom.handlers, 0, 'no inline event handler attributes');
  assert.equal(dom.jsLinks, 0, 'no javascript: links');
  assert.deepEqual(page.problems.filter((p) => !/Content Security Policy/.test(p)), []);
  await page.context().close();
});

test('performance: the Salesforce dropdown on a 250-field describe (reported, not asserted)', async (t) => {
  const account = path.join(FIXTURES, 'cumulusci/GET_sobjects_Account_PersonAccount_describe.body.json');
  const lead = path.join(FIXTURES, 'cumulusci/GET_sobjects_Lead_describe.body.json');
  if (!existsSync(account)) { t.skip(`fixture not found: ${account} (set ONCEHUB_SF_FIXTURES)`); return; }
  const page = await openApp(env);
  await openLoader(page);
  const t0 = Date.now();
  await page.setInputFiles('#describe-file', account);
  await page.waitForSelector('body[data-describe=ok]');
  const loadMs = Date.now() - t0;
  const fields = await page.evaluate(() => window.__omap.model.describe('Account').summary.fieldCount);
  // building the options for a source on Account (cold: cache invalidated), then warm
  const cold = await page.evaluate(() => window.__omap.timeTargetOptions('Account', 'email'));
  const warm = await page.evaluate(() => { const m = window.__omap.mapping; return m.timeTargetOptions('Account', 'email'); });
  const coldText = await page.evaluate(() => window.__omap.timeTargetOptions('Account', 'company'));
  console.log(`PERF dropdown on Account (${fields} fields): email → ${cold.options} options built in ${cold.ms.toFixed(1)} ms cold, ${warm.ms.toFixed(1)} ms cached; company → ${coldText.options} options in ${coldText.ms.toFixed(1)} ms cold (describe upload + re-render ${loadMs} ms)`);
  // the real dropdown: a real-org Lead describe on the Leads tab, focus → options built
  if (existsSync(lead)) {
    await page.setInputFiles('#describe-file', lead);
    await page.waitForFunction(() => /Lead/.test(document.getElementById('describe-result').textContent));
    await selectTab(page, 'leads');
    const i = await rowIndexOf(page, 'Company');
    const sel = `#r-leads-${i}-target`;
    const ms = await page.evaluate((s) => {
      const el = document.querySelector(s);
      const t = performance.now();
      el.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
      const spent = performance.now() - t;
      return { spent, options: el.options.length, fields: window.__omap.model.describe('Lead').summary.fieldCount };
    }, sel);
    console.log(`PERF dropdown on the real-org Lead describe (${ms.fields} fields), source company: ${ms.options} options on pointerdown in ${ms.spent.toFixed(1)} ms (cold cache)`);
  }
  assert.ok(cold.options > 0);
  await page.context().close();
});

test('screenshots at 800 px; the page works at that width', async () => {
  const page = await openApp(env, { width: 800, height: 1000 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling at 800 px (overflow ${overflow}px)`);
  await shot(page, 'main-800.png');
  await selectTab(page, 'leads');
  const i = await rowIndexOf(page, 'Company');
  await page.fill(`#r-leads-${i}-fallback`, 'y'.repeat(260));
  await settle(page);
  await page.locator('#mapping').screenshot({ path: path.join(REPO, 'tests/artifacts/leads-problem-800.png') });
  if (await hasFeature(page, 'preview')) {
    await page.check('input[name=pv-scenario][value=lead]');
    await page.waitForSelector('body[data-preview=ok]');
    await settle(page);
    await page.locator('#preview').screenshot({ path: path.join(REPO, 'tests/artifacts/preview-800.png') });
  }
  await page.context().close();
});

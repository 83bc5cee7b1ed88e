// The mapping screen: tabs, rows, compatible-only dropdowns, required fallbacks, Auto-map,
// Problems, persistence, export/import, custom source fields.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setup, openApp, settle, selectTab, rowIndexOf, targetOptions, pick, config, hasFeature, shot, strayText, ARTIFACTS } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

test('loads the sample org and marks itself ready', async () => {
  const page = await openApp(env);
  const objects = await page.$$eval('#objects-body tr th code', (els) => els.map((e) => e.textContent));
  assert.deepEqual(objects.sort(), ['Case', 'Contact', 'Event', 'Lead']);
  const counts = await page.$$eval('[role=tab] .count', (els) => els.map((e) => Number(e.textContent)));
  assert.ok(counts.every((n) => n > 0), `default rows on every tab: ${counts}`);
  const calendars = await page.$$eval('#calendar-list label', (els) => els.map((e) => e.textContent));
  assert.equal(calendars.length, 3);
  const tti = await page.evaluate(() => ({ readyAt: window.__omap.readyAt, boot: window.__omap.bootMs, nav: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd }));
  console.log(`PERF time-to-interactive: ready at ${tti.readyAt.toFixed(0)} ms after navigation start (engine + 4 describes + first render: ${tti.boot.toFixed(0)} ms; DOMContentLoaded at ${tti.nav?.toFixed(0)} ms)`);
  await shot(page, 'main-1280.png');
  assert.deepEqual(page.problems, []);
  assert.deepEqual(await strayText(page), []);
  await page.context().close();
});

test('tabs are ARIA tabs operable with the arrow keys', async () => {
  const page = await openApp(env);
  await page.focus('#tab-contacts');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getAttribute('#tab-leads', 'aria-selected'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-leads');
  assert.equal(await page.getAttribute('#panel', 'aria-labelledby'), 'tab-leads');
  await page.keyboard.press('End');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-cases');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-contacts');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-cases');
  await page.keyboard.press('Home');
  assert.equal(await page.getAttribute('#tab-contacts', 'aria-selected'), 'true');
  // roving tabindex: only the selected tab is in the tab order
  const tabIndexes = await page.$$eval('[role=tab]', (els) => els.map((e) => e.tabIndex));
  assert.deepEqual(tabIndexes, [0, -1, -1, -1]);
  await page.context().close();
});

test('maps a field on each tab', async () => {
  const page = await openApp(env);
  const plan = [
    ['contacts', 'city', 'MailingCity'],
    ['leads', 'city', 'City'],
    ['events', 'booking_id', 'OnceHub_Booking_Id__c'],
    ['cases', 'booker_company', 'SuppliedCompany'],
  ];
  for (const [tab, source, target] of plan) {
    await selectTab(page, tab);
    const before = (await config(page)).mappings[tab].length;
    await page.click('#add-row');
    const i = before;
    await page.selectOption(`#r-${tab}-${i}-source`, source);
    const options = await targetOptions(page, `#r-${tab}-${i}-target`);
    assert.ok(options.some((o) => o.value === target), `${target} offered for ${source} on ${tab}`);
    await pick(page, `#r-${tab}-${i}-target`, target);
    const row = (await config(page)).mappings[tab][i];
    assert.equal(row.source, source);
    assert.equal(row.target, target);
    assert.equal(await page.$eval(`#r-${tab}-${i}-target`, (s) => s.value), target);
  }
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the Salesforce dropdown offers only compatible fields; the rest are behind "Show all"', async () => {
  const page = await openApp(env);
  await selectTab(page, 'leads');
  const i = await rowIndexOf(page, 'Email');
  assert.ok(i >= 0);
  const sel = `#r-leads-${i}-target`;
  // before opening, only the current choice is in the DOM (options are built lazily)
  assert.ok(await page.$eval(sel, (s) => s.options.length) <= 2);
  const options = await targetOptions(page, sel);
  const values = options.map((o) => o.value);
  assert.ok(values.includes('Email'));
  assert.ok(!values.includes('NumberOfEmployees'), 'NumberOfEmployees is not offered for an email');
  assert.ok(!values.includes('Id') && !values.includes('OwnerId'), 'no id / reference fields');
  // exactly the engine's compatibleFields(), nothing more (the engine decides; it treats any
  // text field long enough as compatible with an email, e.g. LastName string(80))
  const engine = await page.evaluate(() => window.__omap.model.engine.compatibleFields('Lead', 'email').map((f) => f.name));
  assert.deepEqual(values.filter(Boolean).sort(), engine.sort());
  // type label and grade in the option text
  assert.match(options.find((o) => o.value === 'Email').text, /email\(80\)/);
  // grade badge + note for a lossy pairing
  await pick(page, sel, 'FirstName');
  assert.match(await page.textContent(`#r-leads-${i}-meta`), /lossy/i);
  // show all: incompatible fields appear in their own group, with the reason from explain()
  await page.check(`#r-leads-${i}-all`);
  const all = await targetOptions(page, sel);
  const nOe = all.find((o) => o.value === 'NumberOfEmployees');
  assert.ok(nOe, 'NumberOfEmployees reachable behind Show all');
  assert.equal(nOe.group, 'Not compatible');
  await page.selectOption(sel, 'NumberOfEmployees');
  const meta = await page.textContent(`#r-leads-${i}-meta`);
  assert.match(meta, /not compatible/);
  assert.match(meta, /cannot be stored/);
  if (await hasFeature(page, 'validate')) {
    await settle(page);
    assert.match(await page.textContent(`#r-leads-${i}-msgs`), /\S/, 'the engine flags the incompatible row');
  }
  await page.context().close();
});

test('removes and adds rows (X button and + Add mapping)', async () => {
  const page = await openApp(env);
  await selectTab(page, 'events');
  const n = (await config(page)).mappings.events.length;
  const removeButtons = await page.$$('#rows [aria-label^="Remove mapping"]');
  assert.equal(removeButtons.length, n);
  const removed = (await config(page)).mappings.events[1].target;
  await removeButtons[1].click();
  let cfg = await config(page);
  assert.equal(cfg.mappings.events.length, n - 1);
  assert.ok(!cfg.mappings.events.some((r) => r.target === removed));
  assert.match(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), /^Remove mapping /, 'focus stays on a remove button');
  assert.equal(await page.textContent('[data-count=events]'), String(n - 1));
  // keyboard: + Add mapping
  await page.focus('#add-row');
  await page.keyboard.press('Enter');
  cfg = await config(page);
  assert.equal(cfg.mappings.events.length, n);
  assert.equal(await page.evaluate(() => document.activeElement.id), `r-events-${n - 1}-source`);
  await page.context().close();
});

test('a required fallback is checked live (bad → problem shown, fixed → gone)', async () => {
  const page = await openApp(env);
  await selectTab(page, 'leads');
  const i = await rowIndexOf(page, 'Company');
  const input = `#r-leads-${i}-fallback`;
  await page.fill(input, 'x'.repeat(300));
  // instant client check (before the engine's debounced validation)
  assert.match(await page.textContent(`#r-leads-${i}`), /too long|255/);
  assert.equal(await page.getAttribute(input, 'aria-invalid'), 'true');
  await settle(page);
  const validate = await hasFeature(page, 'validate');
  if (validate) {
    const problems = await page.textContent('#problems-body');
    assert.match(problems, /Company/);
    assert.match(problems, /VALUE_TOO_LONG/);
    assert.match(await page.textContent('#status-pill'), /error/);
    // the problem is a button that moves focus to the row's fallback
    await page.click('#problems-body .problem.error .problem-link');
    assert.equal(await page.evaluate(() => document.activeElement.id), `r-leads-${i}-fallback`);
  }
  await shot(page, 'leads-problem-1280.png');
  await page.fill(input, 'Unknown company');
  await settle(page);
  assert.equal(await page.getAttribute(input, 'aria-invalid'), 'false');
  assert.doesNotMatch(await page.textContent(`#r-leads-${i}`), /too long/);
  if (validate) assert.doesNotMatch(await page.textContent('#problems-body'), /VALUE_TOO_LONG/);

  // a required field without mapping: the panel says so and offers a row with a fallback, from
  // the OnceHub field Auto-map would map to it (the fallback then stands in only when it is empty)
  await page.click(`#r-leads-${i} [aria-label^="Remove mapping"]`);
  await settle(page);
  const req = page.locator('#required-list li[data-field=Company]');
  assert.match(await req.textContent(), /Missing/);
  if (validate) {
    assert.match(await page.textContent('#problems-body'), /REQUIRED_FIELD_UNMAPPED/);
    await page.click('#problems-body .problem:has-text("REQUIRED_FIELD_UNMAPPED") .problem-link');
    assert.equal(await page.evaluate(() => document.activeElement.closest('li')?.dataset.field), 'Company');
  }
  await req.getByRole('button').click();
  const focused = await page.evaluate(() => document.activeElement.id);
  assert.match(focused, /^r-leads-\d+-fallback$/);
  await page.keyboard.type('Acme');
  await settle(page);
  assert.doesNotMatch(await req.textContent(), /Missing/);
  const cfg = await config(page);
  assert.ok(cfg.mappings.leads.some((r) => r.target === 'Company' && r.source === 'company' && r.fallback === 'Acme'), JSON.stringify(cfg.mappings.leads));
  if (validate) assert.doesNotMatch(await page.textContent('#problems-body'), /REQUIRED_FIELD_UNMAPPED/);
  await page.context().close();
});

test('typed fallback inputs: picklist select, number, date, email checks', async () => {
  const page = await openApp(env);
  await selectTab(page, 'leads');
  // a static row on a picklist gets a select of its values
  await page.click('#add-row');
  const i = (await config(page)).mappings.leads.length - 1;
  await page.selectOption(`#r-leads-${i}-source`, '');
  await pick(page, `#r-leads-${i}-target`, 'Status');
  assert.equal(await page.$eval(`#r-leads-${i}-fallback`, (e) => e.tagName), 'SELECT');
  const values = await page.$$eval(`#r-leads-${i}-fallback option`, (os) => os.map((o) => o.value).filter(Boolean));
  assert.ok(values.length > 1);
  await page.selectOption(`#r-leads-${i}-fallback`, values[0]);
  assert.equal((await config(page)).mappings.leads[i].fallback, values[0]);
  // number: not a number → instant message; a number is stored as a number
  await pick(page, `#r-leads-${i}-target`, 'NumberOfEmployees');
  await page.fill(`#r-leads-${i}-fallback`, 'many');
  assert.match(await page.textContent(`#r-leads-${i}`), /not a number/);
  await page.fill(`#r-leads-${i}-fallback`, '40');
  assert.equal((await config(page)).mappings.leads[i].fallback, 40);
  // email
  await pick(page, `#r-leads-${i}-target`, 'Email');
  await page.fill(`#r-leads-${i}-fallback`, 'not-an-email');
  assert.match(await page.textContent(`#r-leads-${i}`), /email/);
  await page.context().close();
});

test('a multi-select picklist takes several values as a fallback, sent joined with ;', async () => {
  const page = await openApp(env);
  const lead = JSON.parse(await readFile(path.join(path.dirname(ARTIFACTS), '../www/sample-org/Lead.json'), 'utf8'));
  lead.fields.push({ name: 'Interests__c', label: 'Interests', type: 'multipicklist', length: 4099, nillable: true, createable: true, updateable: true, defaultedOnCreate: false, custom: true, restrictedPicklist: true,
    picklistValues: ['Demos', 'Pricing', 'Support'].map((v) => ({ value: v, label: v === 'Demos' ? 'Product demos' : v, active: true, defaultValue: false })) });
  await page.setInputFiles('#describe-file', { name: 'Lead.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(lead)) });
  await page.waitForSelector('body[data-describe=ok]');
  await selectTab(page, 'leads');
  await page.click('#add-row');
  const i = (await config(page)).mappings.leads.length - 1;
  await page.selectOption(`#r-leads-${i}-source`, '');
  await pick(page, `#r-leads-${i}-target`, 'Interests__c');
  assert.equal(await page.$eval(`#r-leads-${i}-fallback`, (e) => e.multiple), true);
  // A value the org labels otherwise shows its label, then the value sent.
  const texts = await page.$$eval(`#r-leads-${i}-fallback option`, (os) => os.map((o) => o.textContent));
  assert.deepEqual(texts, ['Product demos (Demos)', 'Pricing', 'Support']);
  await page.selectOption(`#r-leads-${i}-fallback`, ['Demos', 'Support']);
  assert.equal((await config(page)).mappings.leads[i].fallback, 'Demos;Support');
  await page.selectOption(`#r-leads-${i}-fallback`, []);
  assert.equal((await config(page)).mappings.leads[i].fallback, undefined);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a record type is chosen by name and sent as its id', async () => {
  const page = await openApp(env);
  await selectTab(page, 'cases');
  await page.click('#add-row');
  const i = (await config(page)).mappings.cases.length - 1;
  await page.selectOption(`#r-cases-${i}-source`, '');
  await pick(page, `#r-cases-${i}-target`, 'RecordTypeId');
  assert.equal(await page.$eval(`#r-cases-${i}-fallback`, (e) => e.tagName), 'SELECT');
  const options = await page.$$eval(`#r-cases-${i}-fallback option`, (os) => os.map((o) => [o.value, o.textContent]));
  // The sample org's Case record types by name; never the master record type.
  assert.deepEqual(options.filter(([v]) => v).map(([, t]) => t), ['Support Request (0125e000000TkSuAAK)', 'Billing Question (0125e000000TkBqAAK)']);
  await page.selectOption(`#r-cases-${i}-fallback`, '0125e000000TkBqAAK');
  await settle(page);
  assert.equal((await config(page)).mappings.cases[i].fallback, '0125e000000TkBqAAK');
  assert.doesNotMatch(await page.textContent('#problems-body'), /RECORD_TYPE_NOT_AVAILABLE/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('Auto-map shows suggestions to accept one by one or all', async () => {
  const page = await openApp(env);
  await selectTab(page, 'leads');
  const n = (await config(page)).mappings.leads.length;
  await page.click('#automap-btn');
  assert.equal(await page.getAttribute('#automap-btn', 'aria-expanded'), 'true');
  const items = await page.$$('#suggestions .sugg');
  assert.ok(items.length >= 2, 'several suggestions');
  assert.match(await items[0].textContent(), /%/);
  await shot(page, 'automap-1280.png');
  await page.click('#suggestions .sugg button');
  assert.equal((await config(page)).mappings.leads.length, n + 1);
  const left = await page.$$eval('#suggestions .sugg', (els) => els.length);
  assert.equal(left, items.length - 1, 'the accepted one is gone');
  if (left > 1) {
    await page.click('#suggestions button:has-text("Accept all")');
    assert.equal((await config(page)).mappings.leads.length, n + items.length);
  }
  await page.context().close();
});

test('the configuration survives a reload; a bad stored one falls back with a notice', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  let page = await openApp(env, { context });
  await page.check('input[name=contact-target][value=lead]');
  await selectTab(page, 'leads');
  const i = await rowIndexOf(page, 'Title');
  await page.check(`#r-leads-${i}-overwrite`);
  await page.waitForTimeout(400); // debounced save
  await page.reload();
  await page.waitForSelector('body[data-ready=true]');
  let cfg = await config(page);
  assert.equal(cfg.contacts.target, 'lead');
  assert.equal(cfg.mappings.leads[i].overwrite, true);
  assert.ok(await page.isChecked('input[name=contact-target][value=lead]'));

  // a stored config the engine rejects: notice with the error, defaults, bad text downloadable
  await page.evaluate(() => localStorage.setItem('oncehub-sf-mapping:config', '{"version":1,"contacts":{"target":"lead"},"bogus":true}'));
  await page.reload();
  await page.waitForSelector('body[data-ready=true]');
  const notice = await page.textContent('#notices');
  assert.match(notice, /could not be read/);
  assert.match(notice, /INVALID_CONFIG/);
  cfg = await config(page);
  assert.equal(cfg.contacts.target, 'contactElseLead', 'defaults');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#notices button:has-text("Download the saved text")')]);
  const text = await readFile(await download.path(), 'utf8');
  assert.match(text, /bogus/);
  // Changes on the screen are not saved over the refused text until it is discarded (the
  // download does not depend on the storage, which may be full).
  await page.check('input[name=contact-target][value=lead]');
  await page.waitForTimeout(400); // debounced save
  assert.match(await page.evaluate(() => localStorage.getItem('oncehub-sf-mapping:config')), /bogus/);
  await page.click('#notices button:has-text("Discard it")');
  await page.waitForTimeout(100);
  assert.doesNotMatch(await page.evaluate(() => localStorage.getItem('oncehub-sf-mapping:config')), /bogus/);
  assert.equal(JSON.parse(await page.evaluate(() => localStorage.getItem('oncehub-sf-mapping:config'))).contacts.target, 'lead');
  await context.close();
});

test('an import undone over a refused saved configuration: the screen is saved again from then on', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await openApp(env, { context });
  await page.evaluate(() => localStorage.setItem('oncehub-sf-mapping:config', '{"this is": "not a config"'));
  await page.reload();
  await page.waitForSelector('body[data-ready=true]');
  assert.match(await page.textContent('#notices'), /could not be read/);
  const imported = { ...(await config(page)), contacts: { target: 'lead' } };
  await page.setInputFiles('#import-file', { name: 'lead.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(imported)) });
  await page.waitForSelector('#notice-import');
  await page.click('#notice-import .notice-undo');
  assert.equal((await config(page)).contacts.target, 'contactElseLead');
  await page.check('input[name=contact-target][value=contact]');
  await page.waitForTimeout(400); // debounced save
  const saved = () => page.evaluate(() => JSON.parse(localStorage.getItem('oncehub-sf-mapping:config')).contacts.target);
  assert.equal(await saved(), 'contact');
  await page.reload();
  await page.waitForSelector('body[data-ready=true]');
  assert.equal((await config(page)).contacts.target, 'contact');
  await context.close();
});

test('saved describes of the wrong shape are dropped with a notice, and the screen works', async () => {
  for (const stored of ['"ab"', '5', '[1]', '{"Lead": {"name": "Lead"}}']) {
    const context = await env.browser.newContext();
    await context.addInitScript((v) => { if (!sessionStorage.getItem('seeded')) { localStorage.setItem('oncehub-sf-mapping:describes', v); sessionStorage.setItem('seeded', '1'); } }, stored);
    const page = await openApp(env, { context });
    assert.match(await page.textContent('#notices'), /saved (describes could not be read|Lead describe could not be loaded)/, stored);
    const objects = await page.$$eval('#objects-body tr th code', (els) => els.map((e) => e.textContent));
    assert.deepEqual(objects.sort(), ['Case', 'Contact', 'Event', 'Lead'], stored);
    // Loading a describe works and is saved.
    const lead = await readFile(path.join(path.dirname(ARTIFACTS), '../www/sample-org/Lead.json'), 'utf8');
    await page.setInputFiles('#describe-file', { name: 'Lead.json', mimeType: 'application/json', buffer: Buffer.from(lead) });
    await page.waitForSelector('body[data-describe=ok]');
    assert.ok(JSON.parse(await page.evaluate(() => localStorage.getItem('oncehub-sf-mapping:describes'))).Lead, stored);
    assert.deepEqual(page.problems, [], stored);
    await context.close();
  }
});

test('export then import gives the same screen', async () => {
  const page = await openApp(env);
  await page.check('input[name=contact-target][value=contact]');
  await page.check('#create-cases');
  await page.check('#calendar-list input[value="BKC-K3PZ8R6WN1"]');
  await selectTab(page, 'cases');
  await page.click('#add-row');
  const i = (await config(page)).mappings.cases.length - 1;
  await page.selectOption(`#r-cases-${i}-source`, 'booker_company');
  await pick(page, `#r-cases-${i}-target`, 'SuppliedCompany');
  const exported = await config(page);
  const rowsHtml = async () => page.$$eval('#rows .row', (els) => els.map((e) => [...e.querySelectorAll('select,input')].map((c) => (c.type === 'checkbox' ? c.checked : c.value))));
  const screenBefore = await rowsHtml();
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-btn')]);
  const file = path.join(ARTIFACTS, 'exported-config.json');
  await download.saveAs(file);
  const text = await readFile(file, 'utf8');
  assert.match(text, /"version": 1/);

  // change things, then import the file
  await page.check('input[name=contact-target][value=lead]');
  await page.click(`#r-cases-${i} [aria-label^="Remove mapping"]`);
  const edited = await config(page);
  await page.setInputFiles('#import-file', file);
  await page.waitForSelector('body[data-import=ok]');
  const imported = await config(page);
  delete imported.fieldSnapshot;
  assert.deepEqual(imported, exported);
  // The import says so on the screen, and can be undone: the edits it replaced come back.
  assert.match(await page.textContent('#notice-import'), /Imported exported-config\.json: it replaced the configuration/);
  await page.click('#notice-import button:has-text("Undo import")');
  await settle(page);
  assert.deepEqual(await config(page), edited);
  assert.ok(await page.isChecked('input[name=contact-target][value=lead]'));
  assert.equal(await page.$('#notice-import'), null);
  await page.setInputFiles('#import-file', file);
  await page.waitForSelector('#notice-import');
  const again = await config(page);
  delete again.fieldSnapshot;
  assert.deepEqual(again, exported);
  // The first edit after an import ends the offer to undo it (undoing would lose the edit).
  await page.check('input[name=contact-target][value=lead]');
  assert.equal(await page.$('#notice-import .notice-undo'), null);
  assert.match(await page.textContent('#notice-import'), /can no longer be undone/);
  await page.check('input[name=contact-target][value=contact]');
  assert.ok(await page.isChecked('input[name=contact-target][value=contact]'));
  assert.ok(await page.isChecked('#calendar-list input[value="BKC-K3PZ8R6WN1"]'));
  await selectTab(page, 'cases');
  assert.deepEqual(await rowsHtml(), screenBefore);

  // a bad file: the error is shown with its path
  await page.setInputFiles('#import-file', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"version":1,"contacts":{"target":"nobody"}}') });
  await page.waitForSelector('body[data-import=error]');
  const err = await page.textContent('#import-error');
  assert.match(err, /INVALID_CONFIG/);
  assert.match(err, /\/contacts\/target/);

  // a file from another account: a warning (the import worked) that goes once the other
  // account's calendar is no longer selected
  const other = { ...exported, meetings: { ...exported.meetings, caseCalendars: ['BKC-OTHERACCT01'] } };
  await page.setInputFiles('#import-file', { name: 'other.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(other)) });
  await page.waitForSelector('body[data-import=ok]');
  assert.match(await page.textContent('#import-error'), /BKC-OTHERACCT01/);
  assert.ok(await page.$eval('#import-error', (e) => e.classList.contains('warn-box') && e.getAttribute('role') === 'status'));
  await page.click('#calendar-list input[value="BKC-OTHERACCT01"]'); // unselected, it leaves the list
  assert.ok(await page.$eval('#import-error', (e) => e.hidden));
  await page.context().close();
});

test('the rows of a tab can be filtered by field or to those with problems', async () => {
  const page = await openApp(env, { reset: true });
  await page.check('input[name=contact-target][value=lead]');
  await selectTab(page, 'leads');
  const n = (await config(page)).mappings.leads.length;
  const visible = () => page.$$eval('#rows > li', (els) => els.filter((e) => !e.hidden).map((e) => Number(e.dataset.row)));
  // By a field's label or API name, in any letter case.
  await page.fill('#rows-filter', 'EMAIL');
  const email = await rowIndexOf(page, 'Email');
  assert.deepEqual(await visible(), [email]);
  assert.equal(await page.textContent('#rows-summary'), `1 of ${n} mappings to Lead shown`);
  await page.fill('#rows-filter', 'last name');
  assert.deepEqual(await visible(), [await rowIndexOf(page, 'LastName')]);
  await page.fill('#rows-filter', '');
  assert.equal((await visible()).length, n);
  // Only rows with problems: a row with an error appears, the others go.
  const i = await rowIndexOf(page, 'Company');
  await page.fill(`#r-leads-${i}-fallback`, '');
  await settle(page);
  await page.check('#rows-problems');
  assert.deepEqual(await visible(), [i]);
  // A finding on a hidden row shows it: the filter goes.
  await page.fill('#rows-filter', 'email');
  assert.deepEqual(await visible(), []);
  await page.click('#problems-body .problem.error .problem-link');
  assert.equal((await visible()).length, n);
  assert.equal(await page.inputValue('#rows-filter'), '');
  // Adding a row, or another tab, starts unfiltered.
  await page.fill('#rows-filter', 'email');
  await page.click('#add-row');
  assert.equal((await visible()).length, n + 1);
  // Many problems: a group shows its first 25, errors first, until asked for all.
  await page.evaluate(() => {
    const leads = window.__omap.app.config.mappings.leads;
    for (let k = 0; k < 40; k++) leads.push({ source: 'email', target: `Nope${k}__c`, overwrite: false });
  });
  await page.click('#add-row');
  await settle(page);
  const shownProblems = () => page.$$eval('#problems-leads + .problem-list > li', (els) => els.length);
  assert.equal(await shownProblems(), 25);
  assert.match(await page.textContent('#problems-leads-more'), /^Show all \d+ problems of Leads$/);
  await page.click('#problems-leads-more');
  assert.ok(await shownProblems() > 40);
  assert.equal(await page.$('#problems-leads-more'), null);
  await page.fill('#rows-filter', 'email');
  await selectTab(page, 'events');
  assert.equal(await page.inputValue('#rows-filter'), '');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('Contacts that are only updated (the default setting) need no required fields; creating them does', async () => {
  const page = await openApp(env, { reset: true });
  assert.equal((await config(page)).contacts.target, 'contactElseLead');
  await selectTab(page, 'contacts');
  const i = await rowIndexOf(page, 'LastName');
  await page.click(`#r-contacts-${i}-remove`);
  await settle(page);
  const unmapped = () => page.evaluate(() => window.__omap.app.report.diagnostics.filter((d) => d.code === 'REQUIRED_FIELD_UNMAPPED' && d.tab === 'contacts').length);
  assert.equal(await unmapped(), 0);
  assert.match(await page.textContent('#required-list [data-field="LastName"]'), /not needed: Contacts are only updated/);
  assert.match(await page.textContent('#tab-note'), /no Contact is created/);
  await page.check('input[name=contact-target][value=contact]');
  await settle(page);
  assert.equal(await unmapped(), 1);
  assert.match(await page.textContent('#required-list [data-field="LastName"]'), /Missing/);
  assert.ok(await page.$eval('#tab-note', (e) => e.hidden));
  // Events without a row for the meeting's status: the tab says what cancellations lose.
  await selectTab(page, 'events');
  assert.match(await page.textContent('#tab-note'), /No row maps the meeting's status/);
  await page.click('#add-row');
  const k = (await config(page)).mappings.events.length - 1;
  await page.selectOption(`#r-events-${k}-source`, 'status');
  await settle(page);
  assert.ok(await page.$eval('#tab-note', (e) => e.hidden));
  await page.context().close();
});

test('the booking form checklist says which questions to require and how long answers may be', async () => {
  const page = await openApp(env, { reset: true });
  const summary = await page.textContent('#form-checklist summary');
  assert.match(summary, /^Booking form checklist \(\d+ questions?\)$/);
  await page.click('#form-checklist summary');
  const item = (question) => page.locator(`#form-checklist .form-hint[data-question="${question}"]`);
  // New people become Leads: Lead.Company needs a value, so the Company question should be required.
  const company = await item('company').textContent();
  assert.match(company, /Required/);
  assert.match(company, /At most 255 characters/);
  assert.match(company, /`?Lead\.Company`? needs a value on every new Lead/);
  // Each reason leads to its row.
  await item('company').getByRole('button', { name: /^Go to Leads row \d+$/ }).first().click();
  assert.match(await page.evaluate(() => document.activeElement.id), /^r-leads-\d+-target$/);
  await page.locator('#problems').screenshot({ path: path.join(ARTIFACTS, 'form-checklist-1280.png') });
  // Removing the Company row on the Leads tab takes its reasons with it; the list stays open.
  await selectTab(page, 'leads');
  const i = await rowIndexOf(page, 'Company');
  await page.click(`#r-leads-${i}-remove`);
  await settle(page);
  assert.ok(await page.$eval('#form-checklist', (d) => d.open));
  const left = await page.$$eval('#form-checklist .form-hint', (els) => els.map((e) => e.textContent));
  assert.ok(left.every((t) => !/Lead\.Company/.test(t)), left.join('\n'));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the booking form checklist shows data as text, direction controls as escapes, and a long list in part', async () => {
  const page = await openApp(env, { reset: true });
  // 40 registered answers, one named with a right-to-left override, each mapped on the Leads tab.
  const fields = Array.from({ length: 40 }, (_, i) => ({ id: `custom.q${i}`, label: i ? `Question ${i}` : 'evil\u202Egnp.exe<img src=x onerror=window.__xss=1>', kind: 'contact', type: 'text' }));
  await page.evaluate((fields) => {
    const config = JSON.parse(localStorage.getItem('oncehub-sf-mapping:config') ?? 'null') ?? window.__omap.app.config;
    for (const f of fields) config.mappings.leads.push({ source: f.id, target: 'Title', overwrite: false });
    localStorage.setItem('oncehub-sf-mapping:sourceFields', JSON.stringify(fields));
    localStorage.setItem('oncehub-sf-mapping:config', JSON.stringify(config));
  }, fields);
  await page.reload();
  await page.waitForSelector('body[data-ready=true]');
  await settle(page);
  await page.click('#form-checklist summary');
  const shown = () => page.$$eval('#form-checklist .form-hint', (els) => els.length);
  assert.equal(await shown(), 25);
  const first = await page.textContent('#form-checklist .form-hint[data-question="custom.q0"] strong');
  assert.equal(first, 'evil\\u202Egnp.exe<img src=x onerror=window.__xss=1>');
  assert.equal(await page.$$eval('#form-checklist img', (els) => els.length), 0);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  await page.focus('#form-checklist-more');
  await page.keyboard.press('Enter');
  assert.ok(await shown() > 40);
  // Focus moves to the first question that was not shown before, not to the page.
  assert.equal(await page.evaluate(() => [...document.querySelectorAll('#form-checklist .form-hint')].indexOf(document.activeElement.closest('.form-hint'))), 25);
  // The checklist is outside the Problems live region (it is read when opened, not after each edit).
  assert.equal(await page.$eval('#form-checklist', (d) => Boolean(d.closest('[aria-live]'))), false);
  await page.context().close();
});

test('the report downloads the whole screen as Markdown: settings, objects, rows, problems, checklist', async () => {
  const page = await openApp(env, { reset: true });
  await selectTab(page, 'leads');
  const i = await rowIndexOf(page, 'Company');
  // A problem to report, in a value with Markdown's own characters.
  await page.fill(`#r-leads-${i}-fallback`, 'x|y'.repeat(100));
  await settle(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#report-btn')]);
  assert.equal(download.suggestedFilename(), 'oncehub-salesforce-mapping-report.md');
  const text = await readFile(await download.path(), 'utf8');
  for (const heading of ['# OnceHub → Salesforce field mapping: pre-flight report', '## Settings', '## Salesforce objects', '## Field mapping', '### Leads (', '## Problems', '## Booking form checklist']) {
    assert.ok(text.includes(heading), `${heading} missing:\n${text}`);
  }
  assert.match(text, /\*\*Status:\*\* not ready \(1 error/);
  assert.match(text, /- New contacts: Update the Contact if one exists, otherwise create or update a Lead/);
  assert.match(text, /\| `Lead` \| Lead \| \d+ \| 62\.0 \| full \|/);
  assert.match(text, /- \*\*Error\*\* `VALUE_TOO_LONG` at row \d+:/);
  // The fallback's pipes are escaped, so each row of a table keeps its six columns.
  const row = text.split('\n').find((l) => l.includes('`Company`') && l.startsWith('| '));
  assert.ok(row.includes('x\\|y'), row);
  assert.equal(row.split(/(?<!\\)\|/).length - 2, 6, row);
  assert.match(text, /\| `Lead` \| Lead \| \d+ \| 62\.0 \| full \| the sample org \|/);
  assert.match(text, /## Custom OnceHub fields\n\nNone registered\./);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the API version is set on screen: an old one is found, and its finding leads to the field', async () => {
  const page = await openApp(env, { reset: true });
  await page.fill('#api-version', '6');
  await settle(page);
  assert.match(await page.textContent('#api-version-error'), /such as 62\.0; until then the default is used/);
  assert.equal((await config(page)).apiVersion, undefined);
  // A version copied from a URL keeps its number.
  await page.fill('#api-version', 'v59.0');
  await settle(page);
  assert.equal((await config(page)).apiVersion, '59.0');
  // A decimal comma reads as the point, and a release number alone as that release.
  await page.fill('#api-version', '61,0');
  await settle(page);
  assert.equal((await config(page)).apiVersion, '61.0');
  await page.fill('#api-version', '60');
  await settle(page);
  assert.equal((await config(page)).apiVersion, '60.0');
  // Salesforce has no half releases.
  await page.fill('#api-version', '61.5');
  await settle(page);
  assert.equal((await config(page)).apiVersion, '60.0');
  assert.match(await page.textContent('#api-version-error'), /until then 60\.0 is used/);
  await page.fill('#api-version', '36.0');
  await settle(page);
  assert.equal((await config(page)).apiVersion, '36.0');
  assert.equal(await page.textContent('#api-version-error'), '');
  await page.click('#problems-body .problem:has-text("API_VERSION_TOO_OLD") .problem-link');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'api-version');
  await page.fill('#api-version', '');
  await settle(page);
  assert.equal((await config(page)).apiVersion, undefined);
  assert.equal(await page.evaluate(() => window.__omap.app.report.diagnostics.filter((d) => d.code === 'API_VERSION_TOO_OLD').length), 0);
  await page.context().close();
});

test('custom OnceHub fields: engine errors shown, registered fields offered and kept', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  let page = await openApp(env, { context });
  // a clash with a built-in id: the engine's error with its code
  await page.fill('#cf-id', 'email');
  await page.click('#custom-form button[type=submit]');
  assert.match(await page.textContent('#custom-error'), /INVALID_SOURCE_FIELD|email/);
  // a choice field without options
  await page.fill('#cf-id', 'custom.industry');
  await page.fill('#cf-label', 'Industry (form)');
  await page.selectOption('#cf-type', 'singleChoice');
  await page.click('#custom-form button[type=submit]');
  assert.match(await page.textContent('#custom-error'), /option/i);
  await page.fill('#cf-options', 'Software\nRetail\nHealthcare');
  await page.click('#custom-form button[type=submit]');
  assert.equal(await page.isHidden('#custom-error'), true);
  assert.match(await page.textContent('#custom-list'), /custom\.industry/);
  // The kind and type in the form's own words.
  assert.match(await page.textContent('#custom-list'), /Contact field · Single choice · \d+ options/);
  await selectTab(page, 'leads');
  await page.click('#add-row');
  const i = (await config(page)).mappings.leads.length - 1;
  await page.selectOption(`#r-leads-${i}-source`, 'custom.industry');
  const options = await targetOptions(page, `#r-leads-${i}-target`);
  assert.ok(options.some((o) => o.value === 'Industry'));
  await page.waitForTimeout(400);
  await page.reload();
  await page.waitForSelector('body[data-ready=true]');
  assert.match(await page.textContent('#custom-list'), /custom\.industry/);
  assert.equal((await config(page)).mappings.leads[i].source, 'custom.industry');
  assert.deepEqual(page.problems, []);

  // exported, then imported in a browser that never saw the field: it is registered again
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-btn')]);
  const text = await readFile(await download.path(), 'utf8');
  assert.match(text, /"sourceFields"/);
  const fresh = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const other = await openApp(env, { context: fresh });
  await other.setInputFiles('#import-file', { name: 'with-custom.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await other.waitForSelector('body[data-import=ok]');
  assert.match(await other.textContent('#custom-list'), /custom\.industry/);
  assert.equal((await config(other)).mappings.leads[i].source, 'custom.industry');
  assert.equal(await other.isHidden('#import-error'), true);
  await other.waitForTimeout(400);
  assert.doesNotMatch(await other.textContent('#problems-body'), /custom\.industry/);
  // a file that defines the field differently and selects another account's calendar: both
  // notes in one warning; unselecting the calendar leaves the custom-field note
  const changed = JSON.parse(text);
  changed.sourceFields = changed.sourceFields.map((f) => (f.id === 'custom.industry' ? { ...f, type: 'text', options: undefined } : f));
  changed.meetings.caseCalendars = ['BKC-OTHERACCT01'];
  await other.setInputFiles('#import-file', { name: 'changed.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(changed)) });
  await other.waitForFunction(() => /BKC-OTHERACCT01/.test(document.querySelector('#import-error')?.textContent ?? ''));
  assert.match(await other.textContent('#import-error'), /custom field custom\.industry is defined differently/);
  await other.click('#calendar-list input[value="BKC-OTHERACCT01"]');
  assert.equal(await other.isHidden('#import-error'), false);
  assert.doesNotMatch(await other.textContent('#import-error'), /BKC-OTHERACCT01/);
  assert.match(await other.textContent('#import-error'), /defined differently/);
  assert.deepEqual(other.problems, []);
  // removing a field a row uses takes a second press, after saying how many rows use it
  const remove = other.locator('[aria-label="Remove custom field custom.industry"]');
  await remove.click();
  assert.match(await remove.textContent(), /1 row uses it/);
  assert.match(await other.textContent('#custom-list'), /custom\.industry/);
  await remove.click();
  assert.doesNotMatch(await other.textContent('#custom-list'), /custom\.industry/);
  // ...and leaves the imported configuration too: an export does not bring it back.
  assert.equal((await config(other)).sourceFields?.some((f) => f.id === 'custom.industry') ?? false, false);
  const [again] = await Promise.all([other.waitForEvent('download'), other.click('#export-btn')]);
  assert.doesNotMatch(await readFile(await again.path(), 'utf8'), /"id": "custom\.industry"/);
  await fresh.close();
  await context.close();
});

test('row options: truncate and the choice → picklist value map', async () => {
  const page = await openApp(env);
  await selectTab(page, 'leads');
  const f = await rowIndexOf(page, 'FirstName');
  await page.click(`#r-leads-${f} .opts-btn`);
  assert.equal(await page.getAttribute(`#r-leads-${f} .opts-btn`, 'aria-expanded'), 'true');
  await page.check(`#r-leads-${f}-truncate`);
  assert.equal((await config(page)).mappings.leads[f].truncate, true);
  // The default Location row cuts long locations, and its note says so (not that they fail).
  await selectTab(page, 'events');
  const l = await rowIndexOf(page, 'Location');
  const note = () => page.textContent(`#r-events-${l}-meta`);
  assert.match(await note(), /values longer than 255 characters are cut \(truncate\)/);
  assert.doesNotMatch(await note(), /STRING_TOO_LONG/);
  await page.click(`#r-events-${l} .opts-btn`);
  await page.uncheck(`#r-events-${l}-truncate`);
  assert.match(await note(), /STRING_TOO_LONG/);
  await selectTab(page, 'leads');
  // a choice source into a picklist gets a value map
  await page.click('#add-row');
  const i = (await config(page)).mappings.leads.length - 1;
  await page.selectOption(`#r-leads-${i}-source`, 'status');
  await pick(page, `#r-leads-${i}-target`, 'Status');
  await page.click(`#r-leads-${i} .opts-btn`);
  const selects = await page.$$(`#r-leads-${i}-opts select`);
  assert.ok(selects.length >= 2, 'one select per OnceHub option');
  const value = await page.$eval(`#r-leads-${i}-vm-0`, (s) => s.options[1].value);
  await page.selectOption(`#r-leads-${i}-vm-0`, value);
  const row = (await config(page)).mappings.leads[i];
  assert.equal(Object.values(row.valueMap ?? {})[0], value);
  assert.match(await page.textContent(`#r-leads-${i} .opts-btn`), /Options \(1\)/);
  // An entry for an option the field does not have (an import, changed options) is listed,
  // and can be removed.
  await page.evaluate((k) => {
    const r = window.__omap.app.config.mappings.leads[k];
    r.valueMap = { ...r.valueMap, 'Gone option': 'Open' };
    window.__omap.mapping.render();
  }, i);
  await settle(page);
  if (!(await page.isVisible(`#r-leads-${i}-opts`))) await page.click(`#r-leads-${i} .opts-btn`);
  assert.match(await page.textContent(`#r-leads-${i}-opts`), /Gone option \(not an option of this field\)/);
  await page.click(`#r-leads-${i}-vm-stale-0`);
  assert.deepEqual(Object.keys((await config(page)).mappings.leads[i].valueMap), Object.keys(row.valueMap));
  assert.doesNotMatch(await page.textContent(`#r-leads-${i}-opts`), /Gone option/);
  // an option that is a picklist value but for letter case is one, as the engine sends it
  await selectTab(page, 'events');
  await page.click('#add-row');
  const m = (await config(page)).mappings.events.length - 1;
  await page.selectOption(`#r-events-${m}-source`, 'status');
  await pick(page, `#r-events-${m}-target`, 'Meeting_Status__c');
  await page.click(`#r-events-${m} .opts-btn`);
  const firsts = await page.$$eval(`#r-events-${m}-opts select`, (ss) => ss.map((s) => [s.getAttribute('aria-label'), s.options[0].textContent]));
  assert.deepEqual(firsts.find(([l]) => l.endsWith(' scheduled')), ['Picklist value for scheduled', '(same value: Scheduled)']);
  assert.deepEqual(firsts.find(([l]) => l.endsWith(' no_show')), ['Picklist value for no_show', '(as typed — not a value)']);
  // an option that is a value but for separators is mapped to it when the field is chosen
  assert.equal((await config(page)).mappings.events[m].valueMap?.no_show, 'No-show');
  assert.equal(await page.$eval(`#r-events-${m}-opts select[aria-label="Picklist value for no_show"]`, (s) => s.value), 'No-show');
  // unmapped, it is named as an option without a picklist value; mapped again, no longer
  await page.selectOption(`#r-events-${m}-opts select[aria-label="Picklist value for no_show"]`, '');
  assert.match(await page.textContent(`#r-events-${m}-meta`), /no_show/);
  await page.selectOption(`#r-events-${m}-opts select[aria-label="Picklist value for no_show"]`, 'No-show');
  assert.doesNotMatch(await page.textContent(`#r-events-${m}-meta`), /no_show/);
  await page.click(`#r-events-${m}-remove`);
  await selectTab(page, 'leads');
  // a text source into a picklist: entries are added and removed by hand
  await selectTab(page, 'events');
  await page.click('#add-row');
  const j = (await config(page)).mappings.events.length - 1;
  await page.selectOption(`#r-events-${j}-source`, 'event_type');
  await pick(page, `#r-events-${j}-target`, 'Meeting_Status__c');
  await page.click(`#r-events-${j} .opts-btn`);
  await page.fill(`#r-events-${j}-vm-key`, 'Product demo');
  const to = await page.$eval(`#r-events-${j}-vm-to`, (s) => s.options[0].value);
  await page.click(`#r-events-${j}-vm-add`);
  assert.deepEqual((await config(page)).mappings.events[j].valueMap, { 'Product demo': to });
  await page.click(`#r-events-${j}-opts [aria-label="Remove the mapping of Product demo"]`);
  assert.equal((await config(page)).mappings.events[j].valueMap, undefined);
  // Keys named like Object's own properties are keys like any other (saved, and shown).
  for (const key of ['__proto__', 'toString']) {
    await page.fill(`#r-events-${j}-vm-key`, key);
    await page.click(`#r-events-${j}-vm-add`);
  }
  const saved = await page.evaluate((k) => Object.keys(window.__omap.app.config.mappings.events[k].valueMap ?? {}), j);
  assert.deepEqual(saved.sort(), ['__proto__', 'toString']);
  assert.match(await page.textContent(`#r-events-${j} .opts-btn`), /Options \(2\)/);
  assert.deepEqual(await strayText(page), []);
  await page.context().close();
});

test('keyboard and labels: every control is labelled, switches toggle with Space, focus is visible', async () => {
  const page = await openApp(env);
  await selectTab(page, 'events');
  await page.click('#automap-btn');
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea, button')]
    .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || (el.tagName === 'BUTTON' && el.textContent.trim())))
    .map((el) => el.id || el.outerHTML.slice(0, 80)));
  assert.deepEqual(unlabelled, []);
  const sw = '#r-events-0-overwrite';
  assert.equal(await page.getAttribute(sw, 'role'), 'switch');
  const before = await page.isChecked(sw);
  await page.focus(sw);
  await page.keyboard.press('Space');
  assert.equal(await page.isChecked(sw), !before);
  assert.equal((await config(page)).mappings.events[0].overwrite, !before);
  // focus ring: Tab onto the switch's neighbour and read its computed outline
  await page.keyboard.press('Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'visible focus');
  // a booking calendar ticked from the keyboard keeps the focus
  await page.focus('#create-cases');
  if (!(await page.isChecked('#create-cases'))) await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => document.activeElement.value);
  await page.keyboard.press('Space');
  assert.equal(await page.evaluate(() => document.activeElement.value), first, 'focus stays on the calendar');
  assert.deepEqual((await config(page)).meetings.caseCalendars, [first]);
  await page.context().close();
});

test('row controls are named at every width, type-ahead picks a field, a static value drops the value map', async () => {
  const page = await openApp(env, { reset: true });
  await selectTab(page, 'leads');
  const rows = (await config(page)).mappings.leads.length;
  // Wide screens hide the per-cell labels visually; the controls keep their names, which say
  // which row they are in (with many rows, "Overwrite" alone would not).
  assert.equal(await page.getByRole('combobox', { name: /^OnceHub field, row \d+$/ }).count(), rows);
  assert.equal(await page.getByRole('combobox', { name: /^Salesforce field, row \d+$/ }).count(), rows);
  assert.equal(await page.getByRole('combobox', { name: 'OnceHub field, row 2', exact: true }).count(), 1);
  const last = (await config(page)).mappings.leads.findIndex((r) => r.target === 'LastName');
  assert.equal(await page.getAttribute(`#r-leads-${last}-overwrite`, 'aria-label'), 'Overwrite Last Name');
  assert.match(await page.getAttribute(`#r-leads-${last}-opts-btn`, 'aria-label'), /^Options( \(\d+\))? for Last Name$/);
  // Remove buttons say which row they remove.
  assert.match(await page.getAttribute('#r-leads-0 .remove', 'aria-label'), /^Remove mapping 1 \(\w+\)$/);
  // Labels from a describe with right-to-left text or bidi controls are isolated, so an override
  // cannot reorder the option text around them; plain labels stay as they are (type-ahead).
  const isolated = await page.evaluate(async () => {
    const { iso } = await import('./dom.js');
    return [iso('\u202Eeman tsriF'), iso('שם פרטי'), iso('First name')];
  });
  assert.deepEqual(isolated, ['\u2068\u202Eeman tsriF\u2069', '\u2068שם פרטי\u2069', 'First name']);

  // Keyboard type-ahead on a closed select: the letters typed so far stay in effect.
  await page.click('#add-row');
  const i = rows;
  await page.focus(`#r-leads-${i}-source`);
  await page.keyboard.type('post', { delay: 40 });
  await page.waitForTimeout(1100);
  assert.equal((await config(page)).mappings.leads[i].source, 'post_code');
  assert.equal(await page.evaluate(() => document.activeElement.id), `r-leads-${i}-source`);
  // A click right after typing (before the row settles) is delivered, and focus stays on it.
  const before = (await config(page)).mappings.leads[i].overwrite;
  await page.keyboard.type('cit', { delay: 30 });
  // A slow click: the pointer stays down for a moment, as a person's does.
  const box = await page.locator(`#r-leads-${i}-overwrite`).boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.waitForTimeout(120);
  await page.mouse.up();
  await page.waitForTimeout(300);
  const after = (await config(page)).mappings.leads[i];
  assert.equal(after.source, 'city');
  assert.equal(after.overwrite, !before);
  assert.equal(await page.evaluate(() => document.activeElement.id), `r-leads-${i}-overwrite`);

  // A value map belongs to the OnceHub field's options: a static value has none. It is put
  // aside, not lost: the row gets it back when it takes that OnceHub field again.
  await page.evaluate((n) => {
    const row = window.__omap.app.config.mappings.leads[n];
    row.valueMap = { Hot: 'Cold' };
  }, i);
  await pick(page, `#r-leads-${i}-source`, '');
  await settle(page);
  const row = (await config(page)).mappings.leads[i];
  assert.equal(row.source, undefined);
  assert.equal(row.valueMap, undefined);
  await pick(page, `#r-leads-${i}-source`, 'email');
  await settle(page);
  assert.equal((await config(page)).mappings.leads[i].valueMap, undefined);
  await pick(page, `#r-leads-${i}-source`, 'city');
  await settle(page);
  assert.deepEqual((await config(page)).mappings.leads[i].valueMap, { Hot: 'Cold' });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('text into a restricted picklist: a fallback that is one of its values makes the row work, and the row redraws', async () => {
  const page = await openApp(env);
  await selectTab(page, 'events');
  await page.click('#add-row');
  const i = (await config(page)).mappings.events.length - 1;
  await page.selectOption(`#r-events-${i}-source`, 'event_type');
  await page.check(`#r-events-${i}-all`);
  await targetOptions(page, `#r-events-${i}-target`);
  await page.selectOption(`#r-events-${i}-target`, 'ShowAs');
  assert.match(await page.textContent(`#r-events-${i}-meta`), /not compatible/);
  // a picklist value as the fallback: the row is lossy, and its note names the fallback
  await page.selectOption(`#r-events-${i}-fallback`, 'Busy');
  await page.waitForFunction((id) => /lossy/i.test(document.querySelector(id)?.textContent ?? ''), `#r-events-${i}-meta`);
  assert.match(await page.textContent(`#r-events-${i}-meta`), /fallback `?Busy/);
  assert.doesNotMatch(await page.textContent(`#r-events-${i}-meta`), /not compatible/);
  await page.context().close();
});

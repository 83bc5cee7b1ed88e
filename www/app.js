// OnceHub → Salesforce field-mapping screen. Plain ES modules, no framework, no build step.
// The page marks itself ready with <body data-ready="true"> (and window.__omap.readyAt).

import { buildReport, FORMAT_WORDS, namedOtherwise } from './report.js';
import { h, add, fill, richText, showError, showWarning, clearBox, debounce, download, readFile, visibleControls } from './dom.js';
import { KEYS, read, write, readJson } from './store.js';

const $ = (id) => document.getElementById(id);
const TAB_ORDER = [null, 'contacts', 'leads', 'events', 'cases'];
const GROUP_LABEL = { null: 'Settings', contacts: 'Contacts', leads: 'Leads', events: 'Events', cases: 'Cases' };

/** A JSON object (not an array, text, number or null). */
const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

async function fetchJson(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not load ${url} (HTTP ${res.status})`);
  return res.json();
}
async function fetchText(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not load ${url} (HTTP ${res.status})`);
  return res.text();
}

function fatal(err) {
  const box = $('loading');
  box.classList.add('error-box');
  fill(box,
    h('strong', { text: 'The mapping engine could not start. ' }),
    h('span', { text: String(err?.message ?? err) }),
    h('p', { class: 'small' }, 'If www/pkg/ is missing, build it with ', h('code', { text: 'make pkg' }), '.'),
  );
  $('app').setAttribute('aria-busy', 'false');
  document.body.dataset.ready = 'error';
  console.error(err);
}

async function main() {
  const t0 = performance.now();
  const orgIndexP = fetchJson('sample-org/index.json');
  // start the describe downloads at once, in parallel with the engine's compilation
  const sampleTextsP = orgIndexP.then((idx) => Promise.all(idx.objects.map(async (o) => [o, await fetchText(`sample-org/${encodeURIComponent(o)}.json`)])));
  sampleTextsP.catch(() => {});
  const samplesP = fetchJson('samples/index.json').catch(() => []);
  const marks = {};
  const mark = (name) => { marks[name] = Math.round(performance.now() - t0); };
  const modulesP = Promise.all([import('./model.js'), import('./mapping.js'), import('./preview.js'), import('./fallback.js')]);
  modulesP.catch(() => {});
  const pkg = await import('./pkg/oncehub_sf_mapping.js');
  mark('glue');
  await pkg.default();
  mark('wasm');
  const [{ Model }, { createMapping }, { createPreview }, { checkFallback }] = await modulesP;

  const orgIndex = await orgIndexP;
  const sampleTexts = new Map(await sampleTextsP);
  const model = new Model();
  const notices = [];

  mark('fetched');
  for (const [, text] of sampleTexts) model.loadDescribe(text, 'sample');
  mark('describes');
  // Describes the user loaded earlier (replacing the sample's or adding objects).
  let storedDescribes = readJson(KEYS.describes, {});
  if (!isPlainObject(storedDescribes)) {
    notices.push({ title: "Your saved describes could not be read (the saved value is not a set of describes by object), so the sample org's are used." });
    write(KEYS.describes, null);
    storedDescribes = {};
  }
  for (const [name, text] of Object.entries(storedDescribes)) {
    try {
      if (typeof text !== 'string') throw Object.assign(new Error('the saved describe is not text'), { code: 'NOT_A_DESCRIBE', path: '' });
      model.loadDescribe(text, 'uploaded');
    } catch (err) {
      notices.push({ title: `Your saved ${name} describe could not be loaded again, so the sample org's is used.`, err });
      delete storedDescribes[name];
      write(KEYS.describes, JSON.stringify(storedDescribes));
    }
  }

  // Custom source fields.
  const storedFields = read(KEYS.sourceFields);
  if (storedFields) {
    try {
      const inputs = JSON.parse(storedFields);
      if (!Array.isArray(inputs)) throw Object.assign(new Error('the saved custom fields are not a list'), { code: 'INVALID_SOURCE_FIELD', path: '' });
      if (inputs.length) model.addSourceFields(inputs);
    } catch (err) {
      write(KEYS.rejectedSourceFields, storedFields);
      write(KEYS.sourceFields, null);
      notices.push({ title: 'Your saved custom OnceHub fields could not be registered again; they are kept for download.', err, download: { key: KEYS.rejectedSourceFields, name: 'oncehub-custom-fields.rejected.json' } });
    }
  }

  // Configuration.
  let config = null;
  // A saved configuration the engine refuses stays saved, untouched, until the user imports
  // one or discards it: the screen's own changes are not saved over it meanwhile.
  let keepRejectedConfig = false;
  /** Ends the last import's "Undo import" offer (set while it stands). */
  let disarmUndo = null;
  const storedConfig = read(KEYS.config);
  if (storedConfig != null) {
    try { config = structuredClone(model.engine.parseConfig(storedConfig)); } catch (err) {
      keepRejectedConfig = true;
      write(KEYS.rejectedConfig, storedConfig);
      notices.push({
        title: 'Your saved configuration could not be read, so the screen started from the default configuration. The saved text is kept (changes here are not saved until you import a configuration or discard it): download it to fix it and import it again.',
        err,
        download: {
          text: storedConfig, key: KEYS.rejectedConfig, name: 'oncehub-salesforce-mapping.rejected.json',
          onDiscard: () => { keepRejectedConfig = false; saveConfig(); saveConfig.flush(); },
        },
      });
    }
  }
  if (!config) config = structuredClone(model.engine.defaultConfig()); // owned, mutable copies
  const calendars = Array.isArray(orgIndex.bookingCalendars) ? orgIndex.bookingCalendars : [];
  if (calendars.length) config.bookingCalendars = calendars.map((c) => ({ id: c.id, name: c.name }));

  /** Is the "create Cases" switch on? The config's `createCases`, else: some calendar selected. */
  function casesOn(cfg) {
    return cfg.meetings.createCases ?? cfg.meetings.caseCalendars.length > 0;
  }

  // ------------------------------------------------------------------ app object
  const listeners = new Map();
  const announcer = h('div', { class: 'vh', 'aria-live': 'polite', id: 'announcer' });
  document.body.append(announcer);
  const app = {
    model, config, calendars,
    activeTab: 'contacts',
    report: null,
    casesIntent: casesOn(config),
    on(event, fn) { (listeners.get(event) ?? listeners.set(event, []).get(event)).push(fn); },
    emit(event) { for (const fn of listeners.get(event) ?? []) fn(); },
    announce(text) { announcer.textContent = ''; requestAnimationFrame(() => { announcer.textContent = text; }); },
    reportError(err) { console.warn(err); },
    focusRow(tab, row) { mapping.focusDiagnostic({ tab, row, path: '' }); },
    changed({ typing = false } = {}) {
      if (disarmUndo) { disarmUndo(); disarmUndo = null; }
      saveConfig();
      if (typing) { validateSoon(); } else { validateNow(); }
      preview?.schedule();
    },
  };

  const saveConfig = debounce(() => {
    if (keepRejectedConfig) return;
    const problem = write(KEYS.config, JSON.stringify(app.config));
    if (problem) addNotice({ id: 'notice-save-config', title: `The configuration could not be saved in this browser (${problem}). Export it to keep it.` });
    else $('notice-save-config')?.remove();
  }, 250);
  window.addEventListener('pagehide', () => saveConfig.flush());

  // ------------------------------------------------------------------ notices
  function addNotice({ id, title, err, download: dl, undo, kind = 'warn' }) {
    // A notice with an id is shown once: a repeat replaces it.
    if (id) $(id)?.remove();
    const box = h('div', { class: `notice ${kind}`, role: 'status', ...(id ? { id } : {}) });
    const detail = h('div', {});
    if (err) showError(detail, err);
    const actions = h('div', { class: 'row-actions' });
    if (dl) {
      actions.append(h('button', { type: 'button', class: 'btn small', text: 'Download the saved text', onclick: () => download(dl.name, dl.text ?? read(dl.key) ?? '') }));
      actions.append(h('button', {
        type: 'button', class: 'btn small subtle', text: 'Discard it',
        onclick: () => { write(dl.key, null); dl.onDiscard?.(); box.remove(); },
      }));
    }
    if (undo) {
      actions.append(h('button', { type: 'button', class: 'btn small notice-undo', text: undo.label, onclick: () => { box.remove(); undo.run(); } }));
    }
    actions.append(h('button', { type: 'button', class: 'btn small subtle', text: 'Dismiss', onclick: () => box.remove() }));
    add(box, h('p', { class: 'notice-title', text: title }), err ? detail : null, actions);
    $('notices').append(box);
    return box;
  }

  // ------------------------------------------------------------------ validation + problems
  const hasValidate = model.has('validate');
  function clientReport() {
    // Without validate(): the screen's own checks (required fields and typed fallbacks).
    const diagnostics = [];
    for (const tab of ['contacts', 'leads', 'events', 'cases']) {
      const object = model.objectFor(tab);
      if (!model.describe(object)) continue;
      app.config.mappings[tab].forEach((row, i) => {
        const info = model.field(object, row.target);
        const problem = checkFallback(row.fallback, info);
        if (problem) diagnostics.push({ code: 'FALLBACK_CHECK', severity: 'error', path: `/mappings/${tab}/${i}/fallback`, message: `${row.target}: ${problem}`, help: 'fix the fallback value', prevents: null, tab, row: i });
      });
      try {
        for (const r of model.engine.requiredFields(object, app.config)) {
          if (!r.satisfiedBy) diagnostics.push({ code: 'REQUIRED_FIELD_UNMAPPED', severity: 'error', path: `/mappings/${tab}`, message: `required field \`${r.name}\` of ${object} has neither a mapping nor a fallback`, help: 'map it or give it a fallback value', prevents: 'REQUIRED_FIELD_MISSING', tab, row: null });
        }
      } catch { /* object not loaded */ }
    }
    const errorCount = diagnostics.filter((d) => d.severity === 'error').length;
    return { valid: errorCount === 0, errorCount, warningCount: diagnostics.length - errorCount, diagnostics, client: true };
  }

  function validateNow() {
    validateSoon.cancel();
    try {
      app.report = hasValidate ? model.engine.validate(app.config) : clientReport();
    } catch (err) {
      app.report = { valid: false, errorCount: 1, warningCount: 0, diagnostics: [{ code: err.code ?? 'ERROR', severity: 'error', path: err.path ?? '', message: err.message, help: err.help ?? '', prevents: null, tab: null, row: null }] };
    }
    mapping.applyReport();
    mapping.renderRequired();
    renderProblems();
    document.body.dataset.validations = String(Number(document.body.dataset.validations ?? 0) + 1);
  }
  const validateSoon = debounce(validateNow, 120);

  /** Problem groups shown whole (a long group shows its first PROBLEMS_SHOWN until asked). */
  const expandedGroups = new Set();
  const PROBLEMS_SHOWN = 25;

  function renderProblems() {
    const r = app.report;
    const pill = $('status-pill');
    const count = $('problems-count');
    const body = $('problems-body');
    const summary = r.errorCount || r.warningCount
      ? [r.errorCount ? `${r.errorCount} error${r.errorCount === 1 ? '' : 's'}` : '', r.warningCount ? `${r.warningCount} warning${r.warningCount === 1 ? '' : 's'}` : ''].filter(Boolean).join(' · ')
      : 'No problems';
    pill.textContent = summary;
    pill.dataset.kind = r.errorCount ? 'error' : r.warningCount ? 'warning' : 'ok';
    count.textContent = summary;
    count.dataset.kind = pill.dataset.kind;
    const parts = [];
    if (r.client) parts.push(h('p', { class: 'notice small', text: 'This engine build has no validate() yet: showing the screen\'s own checks (required fields and fallback values) only.' }));
    if (!r.diagnostics.length) {
      parts.push(h('p', { class: 'ok-text', text: 'The configuration is ready: every required field is covered and every mapping fits.' }));
    }
    for (const tab of TAB_ORDER) {
      // Errors before warnings (a long group shows its first ones only).
      const rank = (d) => (d.severity === 'error' ? 0 : 1);
      const list = r.diagnostics.filter((d) => (d.tab ?? null) === tab).sort((a, b) => rank(a) - rank(b));
      if (!list.length) continue;
      const id = `problems-${tab ?? 'settings'}`;
      const whole = expandedGroups.has(id) || list.length <= PROBLEMS_SHOWN;
      const more = whole ? null : h('button', {
        type: 'button', class: 'btn small subtle', id: `${id}-more`,
        text: `Show all ${list.length} problems of ${GROUP_LABEL[tab]}`,
        onclick: () => {
          expandedGroups.add(id);
          renderProblems();
          // Focus the first problem that was not shown before.
          $(id)?.parentElement?.querySelectorAll('.problem-link')[PROBLEMS_SHOWN]?.focus();
        },
      });
      parts.push(h('section', { class: 'problem-group', 'aria-labelledby': id },
        h('h3', { id, text: `${GROUP_LABEL[tab]} (${list.length})` }),
        h('ul', { class: 'problem-list' }, ...(whole ? list : list.slice(0, PROBLEMS_SHOWN)).map((d) => h('li', { class: `problem ${d.severity}` },
          h('button', { type: 'button', class: 'problem-link', onclick: () => focusDiagnostic(d) },
            h('span', { class: 'sev', text: d.severity === 'error' ? 'Error' : 'Warning' }),
            richText(d.message, 'span', { class: 'problem-msg' }),
            h('span', { class: 'where small', text: whereLabel(d, tab) })),
          h('div', { class: 'problem-meta small' },
            h('span', { class: 'code-chip', text: d.code }),
            d.help ? richText(d.help, 'span', { class: 'help' }) : null,
            d.prevents ? h('span', { class: 'muted' }, ' Prevents ', h('code', { text: d.prevents })) : null)))),
        more,
      ));
    }
    body.replaceChildren(...parts);
    // Outside the live region: the checklist is read when opened, not after every edit.
    const checklist = formChecklist();
    $('form-checklist-box').replaceChildren(...(checklist ? [checklist] : []));
  }

  const capitalized = (text) => text.charAt(0).toUpperCase() + text.slice(1);

  /** Open while the user reads it, and shown whole once asked, across re-renders. */
  let checklistOpen = false;
  let checklistWhole = false;
  const HINTS_SHOWN = 25;

  /**
   * What the booking forms (routing forms, chatbots) should ask so answers reach Salesforce as
   * they are: the engine's formHints, one entry per question. Null when there is nothing to say.
   */
  function formChecklist() {
    if (!model.has('formHints')) return null;
    let hints;
    try {
      hints = model.engine.formHints(app.config);
    } catch {
      return null; // a malformed configuration: validate's findings already say why
    }
    if (!hints.length) return null;
    const OPTIONS_SHOWN = 8;
    const chips = (hint) => [
      hint.required ? h('span', { class: 'chip hint-chip', text: 'Required' }) : null,
      hint.maxLength !== null ? h('span', { class: 'chip hint-chip', text: `At most ${hint.maxLength} characters` }) : null,
      hint.format ? h('span', { class: 'chip hint-chip', text: capitalized(FORMAT_WORDS[hint.format] ?? hint.format) }) : null,
      hint.options?.length ? h('span', { class: 'chip hint-chip' }, `A choice of ${hint.options.length}: `,
        h('bdi', { text: visibleControls(hint.options.slice(0, OPTIONS_SHOWN).join(', ')) }),
        hint.options.length > OPTIONS_SHOWN ? ', …' : '') : null,
    ];
    const whole = checklistWhole || hints.length <= HINTS_SHOWN;
    const shown = whole ? hints : hints.slice(0, HINTS_SHOWN);
    const more = whole ? null : h('button', {
      type: 'button', class: 'btn small subtle', id: 'form-checklist-more', text: `Show all ${hints.length} questions`,
      onclick: () => {
        checklistWhole = true;
        renderProblems();
        // Focus moves to the first question that was not shown before.
        const next = document.querySelectorAll('#form-checklist .form-hint')[HINTS_SHOWN]?.querySelector('button');
        next?.focus();
        next?.scrollIntoView({ block: 'center', behavior: 'instant' });
      },
    });
    return h('details', { class: 'form-checklist', id: 'form-checklist', open: checklistOpen || undefined,
      ontoggle: (e) => { checklistOpen = e.target.open; } },
    h('summary', { text: `Booking form checklist (${hints.length} question${hints.length === 1 ? '' : 's'})` }),
    h('p', { class: 'muted small', text: 'Set these on the questions of your booking forms, routing forms and chatbots, so answers reach Salesforce as they are, without fallbacks or refusals. Rows of the Cases tab apply to the booking calendars selected for Cases.' }),
    h('ul', { class: 'hint-list' }, ...shown.map((hint) => h('li', { class: 'form-hint', dataset: { question: hint.question } },
      h('div', {},
        h('bdi', {}, h('strong', { text: visibleControls(hint.label) })),
        h('span', { class: 'muted small' }, ' ', ...hint.sources.flatMap((s, i) => [i ? ', ' : '', h('code', { text: visibleControls(s) })]),
          namedOtherwise(hint) ? [' · named ', h('bdi', {}, h('code', { text: visibleControls(hint.payloadName) })), ' in OnceHub'] : null)),
      h('div', { class: 'hint-chips' }, ...chips(hint)),
      ...hint.conflicts.map((c) => richText(c, 'p', { class: 'small warn-text' })),
      h('ul', { class: 'hint-reasons small' }, ...hint.reasons.map((r) => h('li', {},
        richText(r.message),
        ' ',
        h('button', {
          type: 'button', class: 'linkish', text: `${GROUP_LABEL[r.tab]} row ${r.row + 1}`,
          'aria-label': `Go to ${GROUP_LABEL[r.tab]} row ${r.row + 1}`,
          onclick: () => mapping.focusDiagnostic({ tab: r.tab, row: r.row, path: `/mappings/${r.tab}/${r.row}/target` }),
        }))))))),
    more);
  }

  /** Where a finding is, in the screen's words (the JSON path only when nothing says it better). */
  function whereLabel(d, tab) {
    if (d.row != null) return `${GROUP_LABEL[tab]} row ${d.row + 1}`;
    const path = d.path ?? '';
    const setting = [
      [/^\/contacts/, 'Contact setting'],
      [/^\/meetings\/createEvents/, 'Events setting'],
      [/^\/meetings/, 'Cases setting'],
      [/^\/bookingCalendars/, 'Booking calendars'],
      [/^\/timeZone/, 'Time zone'],
      [/^\/apiVersion/, 'API version'],
      [/^\/fieldSnapshot/, 'Imported field snapshot'],
    ].find(([re]) => re.test(path));
    if (setting) return setting[1];
    if (tab) return `${GROUP_LABEL[tab]} tab`;
    return path;
  }

  function focusDiagnostic(d) {
    const path = d.path ?? '';
    if (d.tab && !/^\/(meetings|contacts|bookingCalendars|timeZone|apiVersion)(\/|$)/.test(path)) { mapping.focusDiagnostic(d); return; }
    const el = path.startsWith('/contacts') ? document.querySelector('input[name=contact-target]:checked')
      : path.startsWith('/meetings/createEvents') ? $('create-events')
        : path.startsWith('/timeZone') ? $('time-zone')
        : path.startsWith('/apiVersion') ? $('api-version')
        // The calendar checkboxes are disabled while Cases are off: then the Cases switch.
        : path.startsWith('/meetings') || path.startsWith('/bookingCalendars') ? ($('calendar-list').querySelector('input:not(:disabled)') ?? $('create-cases'))
          : $('mapping-title');
    el?.focus();
    el?.scrollIntoView({ block: 'center', behavior: 'instant' });
  }

  // ------------------------------------------------------------------ settings
  function renderSettings() {
    const c = app.config;
    for (const r of document.querySelectorAll('input[name=contact-target]')) r.checked = r.value === c.contacts.target;
    $('create-events').checked = c.meetings.createEvents;
    $('create-cases').checked = app.casesIntent;
    const list = $('calendar-list');
    const known = new Set(app.calendars.map((cal) => cal.id));
    const items = [...app.calendars, ...c.meetings.caseCalendars.filter((id) => !known.has(id)).map((id) => ({ id, name: `Unknown calendar ${id}`, unknown: true }))];
    const casesChecked = $('create-cases').checked;
    // Rebuilding the list would drop the focus of a calendar just ticked from the keyboard.
    const focused = list.contains(document.activeElement) ? document.activeElement.value : null;
    list.replaceChildren(...items.map((cal) => {
      const input = h('input', { type: 'checkbox', value: cal.id, checked: c.meetings.caseCalendars.includes(cal.id), disabled: !casesChecked });
      return h('label', { class: `check${cal.unknown ? ' bad-text' : ''}` }, input, ' ', cal.name, ' ', h('span', { class: 'small muted', text: cal.id }));
    }));
    if (focused != null) [...list.querySelectorAll('input')].find((i) => i.value === focused)?.focus();
    if (document.activeElement !== $('time-zone')) $('time-zone').value = c.timeZone ?? '';
    if (document.activeElement !== $('api-version')) {
      $('api-version').value = c.apiVersion ?? '';
      $('api-version-error').textContent = '';
      $('api-version').removeAttribute('aria-invalid');
    }
    $('calendar-picker').disabled = !casesChecked;
    $('calendar-hint').textContent = !app.calendars.length ? 'No booking calendars are known for this account.'
      : casesChecked && !c.meetings.caseCalendars.length ? 'Select at least one Booking Calendar.' : '';
  }

  $('contact-target').addEventListener('change', (e) => {
    if (e.target.name !== 'contact-target') return;
    app.config.contacts.target = e.target.value;
    app.changed();
    mapping.render();
  });
  // The zone for bookings without one (`timeZone`); the engine judges the name (UNKNOWN_TIME_ZONE).
  if (typeof Intl.supportedValuesOf === 'function') {
    $('time-zones').replaceChildren(...Intl.supportedValuesOf('timeZone').map((z) => h('option', { value: z })));
  }
  $('time-zone').addEventListener('input', (e) => {
    const zone = e.target.value.trim();
    if (zone) app.config.timeZone = zone; else delete app.config.timeZone;
    app.changed({ typing: true });
  });
  // The API version of the request URLs (`apiVersion`): the engine refuses text that is not a
  // version, so only a version is passed on; validate judges an old one (API_VERSION_TOO_OLD).
  $('api-version').placeholder = 'default (as in the preview URLs)';
  $('api-version').addEventListener('input', (e) => {
    // A decimal comma (as some keyboards give) reads as the point.
    // Salesforce's versions are whole releases (62.0): `62` reads as 62.0.
    // (A version copied from a URL's `v59.0` keeps its number.)
    const typed = e.target.value.trim().replace(',', '.').replace(/^v/i, '');
    const m = /^([1-9]\d{1,2})(\.0)?$/.exec(typed);
    const v = m ? `${m[1]}.0` : typed;
    const ok = typed === '' || (m && Number(m[1]) >= 20);
    $('api-version-error').textContent = ok ? ''
      : `Write a Salesforce API version such as 62.0; until then ${app.config.apiVersion ? `${app.config.apiVersion} is` : 'the default is'} used.`;
    if (ok) e.target.removeAttribute('aria-invalid'); else e.target.setAttribute('aria-invalid', 'true');
    if (!ok) return;
    if (v) app.config.apiVersion = v; else delete app.config.apiVersion;
    app.changed({ typing: true });
  });
  $('meeting-settings').addEventListener('change', (e) => {
    const c = app.config;
    if (e.target.id === 'time-zone') return;
    if (e.target.id === 'create-events') c.meetings.createEvents = e.target.checked;
    else if (e.target.id === 'create-cases') {
      // The configuration's own switch: off keeps the selection but creates no Case.
      app.casesIntent = e.target.checked;
      c.meetings.createCases = e.target.checked;
    } else if (e.target.closest('#calendar-list')) {
      c.meetings.caseCalendars = [...$('calendar-list').querySelectorAll('input:checked')].map((i) => i.value);
    } else return;
    // The import's calendar note goes once no other account's calendar is selected, or Cases
    // are off (then no Case is created from any calendar).
    const own = new Set(app.calendars.map((cal) => cal.id));
    if (importNotes.calendars && (!casesOn(c) || c.meetings.caseCalendars.every((id) => own.has(id)))) {
      importNotes.calendars = null;
      showImportNotes();
    }
    renderSettings();
    app.changed();
    mapping.render();
  });

  // ------------------------------------------------------------------ connection
  function renderObjects() {
    const rows = [...model.describes.values()].map((d) => {
      const s = d.summary;
      const extra = [];
      if (s.shape === 'reduced') extra.push('reduced describe: some write facts are unknown');
      if (s.unsupportedFields.length) extra.push(`${s.unsupportedFields.length} field(s) of unknown type are not offered`);
      return h('tr', {},
        h('th', { scope: 'row' }, h('bdi', { text: s.label }), ' ', h('code', { class: 'small', text: s.object })),
        h('td', { text: String(s.fieldCount) }),
        h('td', { text: s.apiVersion ?? '—' }),
        h('td', {}, h('span', { class: `chip ${d.origin === 'sample' ? '' : 'info'}`, text: d.origin === 'sample' ? 'Sample org' : 'Your describe' }),
          ...extra.map((x) => h('div', { class: 'small warn-text', text: x }))));
    });
    $('objects-body').replaceChildren(...rows);
    const uploaded = [...model.describes.values()].some((d) => d.origin !== 'sample');
    $('org-chip').textContent = uploaded ? 'Sample org + your describes' : 'Sample org';
  }

  function afterSchemaChange() {
    renderObjects();
    mapping.render();
    validateNow();
    preview?.schedule();
  }

  function loadDescribeText(text, sourceName) {
    const errBox = $('describe-error');
    const result = $('describe-result');
    result.textContent = '';
    let summary;
    try {
      summary = model.loadDescribe(text, 'uploaded');
    } catch (err) {
      showError(errBox, err, { title: `${sourceName} was not loaded:` });
      $('describe-text').setAttribute('aria-invalid', 'true');
      document.body.dataset.describe = 'error';
      return;
    }
    clearBox(errBox);
    $('describe-text').setAttribute('aria-invalid', 'false');
    const saved = readJson(KEYS.describes, {});
    const stored = isPlainObject(saved) ? saved : {};
    // One saved describe per object, whatever the letter case of its name.
    for (const name of Object.keys(stored)) if (name.toLowerCase() === summary.object.toLowerCase()) delete stored[name];
    stored[summary.object] = text;
    const problem = write(KEYS.describes, JSON.stringify(stored));
    const parts = [`Loaded ${summary.label} (${summary.object}): ${summary.fieldCount} fields${summary.replaced ? ', replacing the previous describe' : ''}.`];
    if (summary.shape === 'reduced') parts.push('This describe is reduced: some write facts are unknown.');
    if (!['lead', 'contact', 'event', 'case'].includes(summary.object.toLowerCase())) {
      parts.push(`No tab writes ${summary.object}: the integration writes Leads, Contacts, Events and Cases.`);
    }
    if (problem) parts.push(`It is not saved for your next visit (${problem}).`);
    const warnings = summary.warnings.map((w) => richText(w, 'li', { class: 'small warn-text' }));
    fill(result, h('span', { class: 'ok-text', text: parts.join(' ') }),
      warnings.length <= 3 ? h('ul', { class: 'plain' }, warnings)
        : h('details', {}, h('summary', { class: 'small', text: `${warnings.length} warnings, such as field changes compared with the previous describe` }), h('ul', { class: 'plain' }, warnings)));
    document.body.dataset.describe = 'ok';
    afterSchemaChange();
  }

  $('describe-load').addEventListener('click', () => loadDescribeText($('describe-text').value, 'The pasted describe'));
  $('describe-file').addEventListener('change', async (e) => {
    const file = e.target.files?.[0];
    if (!file) return;
    loadDescribeText(await readFile(file), file.name);
    e.target.value = '';
  });
  $('describe-reset').addEventListener('click', () => {
    write(KEYS.describes, null);
    const samples = new Set([...sampleTexts.keys()].map((n) => n.toLowerCase()));
    for (const key of [...model.describes.keys()]) if (!samples.has(key)) model.describes.delete(key);
    for (const [, text] of sampleTexts) model.loadDescribe(text, 'sample');
    model.rebuild(model.customInputs);
    clearBox($('describe-error'));
    $('describe-result').textContent = 'Back to the sample org.';
    afterSchemaChange();
  });

  // ------------------------------------------------------------------ custom source fields
  const CHOICE = new Set(['singleChoice', 'multipleChoice']);
  /** The words the form's select shows for a value (`singleChoice` → "Single choice"). */
  const optionText = (selectId, value) => [...$(selectId).options].find((o) => o.value === value)?.text ?? value;
  $('cf-type').addEventListener('change', () => { $('cf-options-wrap').hidden = !CHOICE.has($('cf-type').value); });
  $('custom-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const input = { id: $('cf-id').value.trim(), kind: $('cf-kind').value, type: $('cf-type').value };
    const label = $('cf-label').value.trim();
    if (label) input.label = label;
    const payloadName = $('cf-payload').value.trim();
    if (payloadName) input.payloadName = payloadName;
    if (CHOICE.has(input.type)) input.options = $('cf-options').value.split('\n').map((s) => s.trim()).filter(Boolean);
    if (model.customInputs.some((c) => c.id === input.id && c.kind === input.kind)) {
      showError($('custom-error'), Object.assign(new Error(`${input.id} is already a custom field.`), {
        code: 'INVALID_SOURCE_FIELD', help: 'remove it from the list first to define it again, or choose another id',
      }), { title: 'Not added:' });
      $('cf-id').focus();
      return;
    }
    try {
      model.addSourceFields([input]);
    } catch (err) {
      showError($('custom-error'), err, { title: 'Not added:' });
      $('cf-id').focus();
      return;
    }
    clearBox($('custom-error'));
    saveCustom();
    $('custom-form').reset();
    $('cf-options-wrap').hidden = true;
    app.emit('sources');
    renderCustom();
    mapping.render();
    validateNow();
    app.announce(`Custom field ${input.id} added.`);
  });

  function saveCustom() {
    const problem = write(KEYS.sourceFields, JSON.stringify(model.customInputs));
    if (problem) addNotice({ id: 'notice-save-custom', title: `The custom fields could not be saved in this browser (${problem}).` });
    else $('notice-save-custom')?.remove();
  }

  function renderCustom() {
    const items = model.customInputs.map((input, i) => h('li', {},
      h('span', {}, h('bdi', {}, h('strong', { text: visibleControls(input.label || input.id) })), ' ', h('code', { text: input.id }),
        h('span', { class: 'small muted', text: ` · ${optionText('cf-kind', input.kind ?? 'contact')} · ${optionText('cf-type', input.type)}${input.options?.length ? ` · ${input.options.length} options` : ''}` })),
      h('button', {
        type: 'button', class: 'btn small subtle', text: 'Remove', 'aria-label': `Remove custom field ${input.id}`,
        onclick: (e) => {
          // A field rows use: the first click says how many, the second removes it (the rows stay,
          // marked as an unknown OnceHub field).
          const tabs = (input.kind ?? 'contact') === 'meeting' ? ['events', 'cases'] : ['contacts', 'leads'];
          const used = tabs.reduce((n, t) => n + (app.config.mappings[t] ?? []).filter((r) => r.source === input.id).length, 0);
          const button = e.currentTarget;
          if (used && button.dataset.confirm !== '1') {
            button.dataset.confirm = '1';
            button.textContent = `Remove anyway (${used} ${used === 1 ? 'row uses' : 'rows use'} it)`;
            app.announce(`${used} ${used === 1 ? 'row uses' : 'rows use'} ${input.id}. Press Remove again to remove it.`);
            return;
          }
          try { model.rebuild(model.customInputs.filter((_, j) => j !== i)); } catch (err) { showError($('custom-error'), err); return; }
          saveCustom();
          // An imported configuration carries its custom fields' definitions (sourceFields):
          // removed here, the field leaves it too, so an export does not bring it back.
          const key = `${input.kind ?? 'contact'}:${input.id}`;
          if (Array.isArray(app.config.sourceFields)) {
            app.config.sourceFields = app.config.sourceFields.filter((c) => `${c.kind ?? 'contact'}:${c.id}` !== key);
            if (!app.config.sourceFields.length) delete app.config.sourceFields;
          }
          app.emit('sources');
          renderCustom();
          mapping.render();
          app.changed();
          $('cf-id').focus();
        },
      })));
    $('custom-list').replaceChildren(...items);
  }

  // ------------------------------------------------------------------ report
  $('report-btn').addEventListener('click', () => {
    validateNow();
    const origins = Object.fromEntries([...model.describes.values()].map((d) => [d.summary.object, d.origin]));
    const text = buildReport({ engine: model.engine, config: app.config, report: app.report, now: new Date().toISOString(), origins, customFields: model.customInputs });
    download('oncehub-salesforce-mapping-report.md', text, 'text/markdown');
    app.announce('Report downloaded.');
  });

  // ------------------------------------------------------------------ import / export
  $('export-btn').addEventListener('click', () => {
    try {
      download('oncehub-salesforce-mapping.json', model.engine.exportConfig(app.config));
      importNotes.custom = null;
      importNotes.calendars = null;
      clearBox($('import-error'));
      app.announce('Configuration exported.');
    } catch (err) {
      showError($('import-error'), err, { title: 'Export failed:' });
    }
  });
  // Notes about the last import (custom fields defined differently, other accounts' calendars):
  // one warning box; each part goes when it is dealt with.
  const importNotes = { file: '', custom: null, calendars: null };
  function showImportNotes() {
    const parts = [importNotes.custom, importNotes.calendars].filter(Boolean);
    if (!parts.length) {
      if ($('import-error').classList.contains('warn-box')) clearBox($('import-error'));
      return;
    }
    showWarning($('import-error'), {
      message: `Imported ${importNotes.file}, but ${parts.map((p) => p.message).join(' And ')}`,
      help: parts.map((p) => p.help).join('; '),
    }, { title: 'Check the import:' });
  }
  $('import-file').addEventListener('change', async (e) => {
    const file = e.target.files?.[0];
    if (!file) return;
    importNotes.custom = null;
    importNotes.calendars = null;
    e.target.value = '';
    const text = await readFile(file);
    let next;
    try { next = structuredClone(model.engine.parseConfig(text)); } catch (err) {
      showError($('import-error'), err, { title: `${file.name} was not imported:` });
      document.body.dataset.import = 'error';
      return;
    }
    clearBox($('import-error'));
    // The custom OnceHub fields the file defines (sourceFields): register those this browser
    // lacks; one defined differently here keeps this browser's definition, and the screen says so.
    const keyOf = (c) => `${c.kind ?? 'contact'}:${c.id}`;
    // Definitions compared with the engine's defaults filled in (label = id, payload name = id
    // without `custom.`).
    const norm = (c) => JSON.stringify([c.id, c.label || c.id, c.kind ?? 'contact', c.type, c.options ?? [],
      c.payloadName ?? c.id.replace(/^custom\./, '')]);
    const same = (a, b) => norm(a) === norm(b);
    const mine = new Map(model.customInputs.map((c) => [keyOf(c), c]));
    const defs = next.sourceFields ?? [];
    // Registered with the kind written out, as the form registers them.
    const missing = defs.filter((d) => !mine.has(keyOf(d))).map((d) => ({ ...d, kind: d.kind ?? 'contact' }));
    const differing = defs.filter((d) => mine.has(keyOf(d)) && !same(d, mine.get(keyOf(d))));
    if (missing.length) {
      try { model.addSourceFields(missing); } catch (err) {
        showError($('import-error'), err, { title: `${file.name} was not imported: its custom OnceHub fields could not be registered:` });
        document.body.dataset.import = 'error';
        return;
      }
      saveCustom();
      app.emit('sources');
      renderCustom();
    }
    // The booking calendars are this account's; say which selected ones the file brought from
    // another account (they stay selected and show as unknown until changed).
    const own = new Set(app.calendars.map((c) => c.id));
    const foreign = app.calendars.length ? next.meetings.caseCalendars.filter((id) => !own.has(id)) : [];
    const list = (ids) => ids.join(', ');
    importNotes.custom = differing.length ? {
      message: differing.length === 1
        ? `its custom field ${differing[0].id} is defined differently in this browser, which keeps its own definition.`
        : `its custom fields ${list(differing.map((d) => d.id))} are defined differently in this browser, which keeps its own definitions.`,
      help: 'compare them under "Custom OnceHub fields"; remove one there and import again to take the file\'s definition',
    } : null;
    importNotes.calendars = foreign.length ? {
      message: foreign.length === 1
        ? `its Case calendar ${foreign[0]} is not a booking calendar of this account.`
        : `its Case calendars ${list(foreign)} are not booking calendars of this account.`,
      help: 'select this account\'s calendars under "Create Cases", then export again',
    } : null;
    importNotes.file = file.name;
    showImportNotes();
    if (app.calendars.length) next.bookingCalendars = app.calendars.map((c) => ({ id: c.id, name: c.name }));
    // The configuration the import replaces, for "Undo import" until the next edit (custom
    // fields the import registered stay registered).
    const previous = { config: app.config, casesIntent: app.casesIntent };
    const title = `Imported ${file.name}: it replaced the configuration on the screen.`;
    const notice = addNotice({
      id: 'notice-import', kind: 'ok', title,
      undo: {
        label: 'Undo import',
        run: () => {
          disarmUndo = null;
          importNotes.custom = null;
          importNotes.calendars = null;
          clearBox($('import-error'));
          // The configuration on screen is saved again (a refused saved text was replaced by
          // the import's save already).
          keepRejectedConfig = false;
          app.config = previous.config;
          app.casesIntent = previous.casesIntent;
          renderSettings();
          app.changed();
          mapping.render();
          app.announce(`Import undone: the configuration from before ${file.name} is back.`);
          if (missing.length) {
            addNotice({
              id: 'notice-import', kind: 'ok',
              title: `Import of ${file.name} undone. The custom OnceHub fields it registered (${missing.map((d) => d.id).join(', ')}) stay registered: remove them under "Custom OnceHub fields" if you do not need them.`,
            });
          }
          $('import-file').focus();
        },
      },
    });
    app.config = next;
    app.casesIntent = casesOn(next);
    keepRejectedConfig = false; // the imported configuration replaces a refused saved one
    renderSettings();
    app.changed();
    mapping.render();
    // The first edit after the import ends the offer: undoing would lose it.
    disarmUndo = () => {
      notice.querySelector('.notice-undo')?.remove();
      notice.querySelector('.notice-title').textContent = `${title} (Edited since, so it can no longer be undone.)`;
    };
    document.body.dataset.import = 'ok';
    app.announce(`Imported ${file.name}.`);
  });

  // ------------------------------------------------------------------ start
  const mapping = createMapping(app);
  let preview = null;
  preview = createPreview(app);
  for (const n of notices) addNotice(n);
  renderObjects();
  renderSettings();
  renderCustom();
  mapping.render();
  mark('render');
  validateNow();
  mark('validate');
  const samples = await samplesP;
  await preview.loadSamples(Array.isArray(samples) ? samples : []);

  mark('preview');
  $('loading').remove();
  $('app').setAttribute('aria-busy', 'false');
  const readyAt = performance.now();
  window.__omap = {
    app, model, mapping, preview, readyAt, bootMs: readyAt - t0, marks,
    features: { validate: hasValidate, preview: model.has('preview'), previewMany: model.has('previewMany'), validateRecord: model.has('validateRecord') },
    timeTargetOptions: (object, source) => { model.invalidate(object); return mapping.timeTargetOptions(object, source); },
  };
  document.body.dataset.ready = 'true';
}

main().catch(fatal);

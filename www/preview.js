// "Payload preview": a OnceHub payload + a scenario → the exact Composite request, the
// actions, the per-field trace and the findings, from the engine's preview().

import { h, fill, richText, showError, clearBox, copyText, debounce, visibleControls } from './dom.js';

const EXISTING_DEFAULTS = {
  lead: {
    id: '00Q5e00000Abc12',
    fields: { FirstName: 'Dana', LastName: 'Whitfield', Email: 'dana.whitfield@example.com', Company: 'Brightlake', Title: 'Sales Manager', Phone: null, MobilePhone: null },
  },
  contact: {
    id: '0035e00000Xyz34',
    fields: { FirstName: 'Dana', LastName: 'Whitfield', Email: 'dana.whitfield@example.com', Title: 'Sales Manager', Phone: null, MobilePhone: null },
  },
};
const EVENT_ID = '00U5e00000Evt56';
// Every booking webhook but booking.scheduled updates the booking's Event (src/payload.rs).
const LIFECYCLE = /^booking\.(rescheduled|canceled|cancelled|canceled_then_rescheduled|canceled_reschedule_requested|completed|no_show|reassigned)$/;
const PASTE = '__paste__';

export function createPreview(app) {
  const { model } = app;
  const $ = (id) => document.getElementById(id);
  const els = {
    unavailable: $('preview-unavailable'), sample: $('pv-sample'), details: $('pv-payload-details'),
    payload: $('pv-payload'), existing: $('pv-existing'), existingId: $('pv-existing-id'),
    existingFields: $('pv-existing-fields'), converted: $('pv-converted'), convertedWrap: $('pv-converted-wrap'),
    existingError: $('pv-existing-error'), eventId: $('pv-event-id'), error: $('pv-error'), summary: $('pv-summary'),
    requests: $('pv-requests'), trace: $('pv-trace').tBodies[0], diagnostics: $('pv-diagnostics'), form: $('preview-form'),
  };
  const existingText = {
    lead: { id: EXISTING_DEFAULTS.lead.id, fields: JSON.stringify(EXISTING_DEFAULTS.lead.fields, null, 2), converted: false },
    contact: { id: EXISTING_DEFAULTS.contact.id, fields: JSON.stringify(EXISTING_DEFAULTS.contact.fields, null, 2), converted: false },
  };
  const sampleText = new Map();
  /** Has the user edited the sample record's values (then they are theirs, never adjusted)? */
  const fieldsEdited = { lead: false, contact: false };
  let adjusted = false;
  let samples = [];
  let scenario = 'new';
  let eventIdTouched = false;
  let last = null;
  /** The text last pasted or edited ("Paste your own JSON…"): kept when another sample is shown. */
  let pasted = '';

  const scheduleRun = debounce(run, 150);

  async function loadSamples(index) {
    samples = index;
    els.sample.replaceChildren(...samples.map((s) => new Option(s.label, s.file)), new Option('Paste your own JSON…', PASTE));
    await chooseSample(samples[0]?.file ?? PASTE);
  }

  async function fetchSample(file) {
    if (!sampleText.has(file)) {
      const res = await fetch(`samples/${encodeURIComponent(file)}`);
      if (!res.ok) throw new Error(`could not load samples/${file} (HTTP ${res.status})`);
      sampleText.set(file, await res.text());
    }
    return sampleText.get(file);
  }

  async function chooseSample(file) {
    els.sample.value = file;
    if (file === PASTE) {
      els.payload.value = pasted;
      els.details.open = true;
      els.payload.focus();
    } else {
      try { els.payload.value = await fetchSample(file); } catch (err) { showError(els.error, err); return; }
    }
    if (!eventIdTouched) els.eventId.value = LIFECYCLE.test(payloadType()) ? EVENT_ID : '';
    run();
  }

  function payloadType(text = els.payload.value) {
    try { return String(JSON.parse(text)?.type ?? ''); } catch { return ''; }
  }

  function setScenario(next) {
    if (scenario !== 'new') {
      existingText[scenario] = { id: els.existingId.value, fields: els.existingFields.value, converted: els.converted.checked };
    }
    scenario = next;
    els.existing.hidden = next === 'new';
    if (next !== 'new') {
      const t = existingText[next];
      els.existingId.value = t.id;
      els.existingFields.value = t.fields;
      els.converted.checked = t.converted;
      els.convertedWrap.hidden = next !== 'lead';
    }
    run();
  }

  function existingInput() {
    els.existingError.textContent = '';
    const existing = {};
    if (scenario !== 'new') {
      let fields;
      const text = els.existingFields.value.trim();
      if (text) {
        try { fields = JSON.parse(text); } catch (err) {
          els.existingError.textContent = `The current values are not valid JSON: ${err.message}`;
          els.existingFields.setAttribute('aria-invalid', 'true');
          return null;
        }
        if (!fields || typeof fields !== 'object' || Array.isArray(fields)) {
          els.existingError.textContent = 'The current values must be a JSON object: { "Field": value }.';
          els.existingFields.setAttribute('aria-invalid', 'true');
          return null;
        }
      }
      els.existingFields.setAttribute('aria-invalid', 'false');
      const rec = { id: els.existingId.value.trim() };
      if (fields) rec.fields = fields;
      if (scenario === 'lead' && els.converted.checked) rec.isConverted = true;
      existing[scenario] = rec;
    }
    const ev = els.eventId.value.trim();
    if (ev) existing.event = { id: ev };
    return existing;
  }

  function run() {
    scheduleRun.cancel();
    if (!model.has('preview')) {
      els.unavailable.hidden = false;
      els.unavailable.textContent = 'The payload preview needs preview() in the engine, which this build does not have yet. Rebuild the package (make pkg) when it lands.';
      document.body.dataset.preview = 'unavailable';
      return;
    }
    els.unavailable.hidden = true;
    const payload = els.payload.value;
    if (!payload.trim()) {
      clearOutput();
      clearBox(els.error);
      els.payload.setAttribute('aria-invalid', 'false');
      els.summary.replaceChildren(h('p', { class: 'muted', text: 'Paste a OnceHub webhook event, booking or contact to see the request.' }));
      document.body.dataset.preview = 'empty';
      return;
    }
    const existing = existingInput();
    if (!existing) {
      // No result for input the user no longer has: the field says what to fix.
      clearOutput();
      document.body.dataset.preview = 'error';
      return;
    }
    const input = { payload };
    if (Object.keys(existing).length) input.existing = existing;
    let p;
    try {
      p = model.engine.preview(app.config, input);
    } catch (err) {
      clearOutput();
      showError(els.error, err, { title: 'Preview failed:' });
      els.payload.setAttribute('aria-invalid', 'true');
      document.body.dataset.preview = 'error';
      return;
    }
    // The sample existing record is the one the lookup finds: its Email follows the payload's
    // (the engine says EXISTING_RECORD_MISMATCH otherwise), until the user edits the values.
    if (!adjusted && scenario !== 'new' && !fieldsEdited[scenario] && p.matching?.by === 'email' && p.matching.value
      && p.diagnostics.some((d) => d.code === 'EXISTING_RECORD_MISMATCH' && d.path === `/existing/${scenario}/fields/Email`)) {
      try {
        const fields = JSON.parse(els.existingFields.value);
        fields.Email = p.matching.value;
        els.existingFields.value = JSON.stringify(fields, null, 2);
        adjusted = true; // once: the next run shows what it gives
        try { run(); } finally { adjusted = false; }
        return;
      } catch { /* the user's own text: left as it is */ }
    }
    els.payload.setAttribute('aria-invalid', 'false');
    clearBox(els.error);
    last = p;
    render(p);
    document.body.dataset.preview = 'ok';
    document.body.dataset.previewRun = String(Number(document.body.dataset.previewRun ?? 0) + 1);
  }

  function clearOutput() {
    els.summary.replaceChildren();
    els.requests.replaceChildren();
    els.trace.replaceChildren();
    els.diagnostics.replaceChildren();
  }

  function render(p) {
    fill(els.summary,
      h('p', { class: 'small muted' }, 'Input: ', h('code', { text: p.inputKind })),
      h('p', { class: 'small muted matching' }, ...(p.matching && p.matching.by !== 'none'
        ? [`${{ lead: 'Existing Lead', contact: 'Existing Contact', contactElseLead: 'Existing Contact, else Lead,' }[app.config.contacts.target] ?? 'Existing Lead / Contact'} looked up by `, h('strong', { text: { email: 'email', phone: 'phone', mobilePhone: 'mobile phone' }[p.matching.by] ?? p.matching.by }), ' = ', h('code', { text: visibleControls(p.matching.value ?? '') })]
        : [p.diagnostics.some((d) => d.code === 'NO_PERSON_DATA')
          ? 'No booker data: no Lead or Contact is looked up or written.'
          : 'No email or phone to match by: a new record is created.'])),
      p.actions.length
        ? h('ol', { class: 'actions', 'aria-label': 'What would happen' }, ...p.actions.map((a) => richText(a, 'li')))
        : h('p', { class: 'muted', text: 'Nothing would be sent to Salesforce for this payload.' }),
    );
    els.requests.replaceChildren(...p.requests.map((req, i) => {
      // Direction controls in the data are shown (and copied) as \u escapes: the same JSON.
      const json = visibleControls(JSON.stringify(req.body, null, 2));
      const status = h('span', { class: 'small muted copy-status', 'aria-live': 'polite' });
      return h('div', { class: 'request' },
        h('div', { class: 'request-head' },
          h('code', { class: 'method', text: req.method }), ' ', h('code', { class: 'url', text: req.url }),
          h('button', {
            type: 'button', class: 'btn small', text: 'Copy JSON', 'aria-label': `Copy request ${i + 1} body`,
            onclick: async () => { status.textContent = (await copyText(json)) ? 'Copied' : 'Copy failed: select the text instead'; },
          }), status),
        h('pre', { class: 'json', tabindex: '0', 'aria-label': `Request ${i + 1} body`, text: json }));
    }));
    if (!p.requests.length) els.requests.replaceChildren(h('p', { class: 'muted', text: 'No request.' }));

    // Text with spaces at either end is shown quoted, so the spaces can be seen.
    // Direction controls are shown as \u escapes, never applied.
    const show = (v) => (v === undefined || v === null ? '—'
      : typeof v === 'string' && v.trim() === v && v !== '' ? visibleControls(v) : visibleControls(JSON.stringify(v)));
    els.trace.replaceChildren(...p.trace.map((t) => {
      const kind = t.outcome.startsWith('skipped') ? 'skipped' : t.outcome === 'error' ? 'error' : t.outcome === 'set' ? 'set' : 'changed';
      const differs = JSON.stringify(t.raw ?? null) !== JSON.stringify(t.sent ?? null);
      const target = t.row != null
        ? h('button', { type: 'button', class: 'linkish', title: `Go to the mapping row on ${t.tab}`, onclick: () => app.focusRow(t.tab, t.row) }, h('code', { text: t.target }))
        : h('code', { text: t.target });
      return h('tr', { dataset: { outcome: t.outcome, target: t.target, object: t.object } },
        h('td', { text: t.object }),
        h('td', {}, t.source ? h('code', { text: t.source }) : h('span', { class: 'muted', text: 'static' }),
          t.sourcePath ? h('div', { class: 'small muted path-cell', text: t.sourcePath }) : null),
        h('td', {}, target),
        h('td', { class: 'val' }, h('div', { class: 'clamp', text: show(t.sent), title: show(t.sent) }),
          differs && t.raw != null ? h('div', { class: 'small muted clamp' }, 'from OnceHub: ', show(t.raw)) : null),
        h('td', {}, h('span', { class: `outcome ${kind}`, text: t.outcome }), t.detail ? richText(t.detail, 'div', { class: 'small muted' }) : null));
    }));
    if (!p.trace.length) els.trace.replaceChildren(h('tr', {}, h('td', { colspan: '5', class: 'muted', text: 'No field was mapped for this payload.' })));

    els.diagnostics.replaceChildren(p.diagnostics.length
      ? h('ul', { class: 'diag-list' }, ...p.diagnostics.map((d) => h('li', { class: `msg ${d.severity}` },
        h('span', { class: 'sev', text: d.severity === 'error' ? 'Error' : 'Warning' }), ' ',
        richText(d.message), ' ',
        d.tab && d.row != null ? h('button', { type: 'button', class: 'linkish small', text: 'Go to the row', onclick: () => app.focusRow(d.tab, d.row) }) : null, ' ', h('span', { class: 'code-chip', text: d.code }),
        d.path ? h('span', { class: 'small muted' }, ' at ', h('code', { text: d.path })) : null,
        d.help ? richText(d.help, 'div', { class: 'help small' }) : null,
        d.prevents ? h('div', { class: 'small muted' }, 'Prevents Salesforce error ', h('code', { text: d.prevents })) : null)))
      : h('p', { class: 'ok-text', text: 'No problem found for this payload.' }));
  }

  /** previewMany over every sample with the current scenario: one line per sample. */
  async function checkAll() {
    const out = $('pv-all-result');
    if (!model.has('previewMany')) { out.textContent = 'This engine build has no previewMany() yet.'; return; }
    const existing = existingInput();
    if (!existing) { out.replaceChildren(); return; }
    let texts;
    try { texts = await Promise.all(samples.map((s) => fetchSample(s.file))); } catch (err) { showError(out, err); return; }
    let result;
    try {
      // Each sample gets the Event id the single preview would fill in: a lifecycle change
      // updates the booking's Event (unless an id was typed, which then applies to all).
      const inputs = texts.map((payload) => {
        const own = { ...existing };
        if (!eventIdTouched) {
          delete own.event;
          if (LIFECYCLE.test(payloadType(payload))) own.event = { id: EVENT_ID };
        }
        return Object.keys(own).length ? { payload, existing: own } : { payload };
      });
      result = model.engine.previewMany(app.config, inputs);
    } catch (err) { out.replaceChildren(h('div')); showError(out.firstChild, err); return; }
    const { summary, previews } = result;
    fill(out,
      h('p', { class: 'small' }, h('strong', { text: `${summary.ok} of ${summary.total} samples ok` }),
        summary.failing ? h('span', { class: 'bad-text', text: ` · ${summary.failing} failing` }) : null),
      Object.keys(summary.byCode).length ? h('p', { class: 'small' }, ...Object.entries(summary.byCode).map(([code, n]) => h('span', { class: 'code-chip', text: `${code} × ${n}` }))) : null,
      h('ul', { class: 'all-list' }, previews.map((pv, i) => {
        const errors = pv.diagnostics.filter((d) => d.severity === 'error').length;
        const warnings = pv.diagnostics.length - errors;
        return h('li', {},
          h('button', { type: 'button', class: 'linkish', text: samples[i].label, onclick: () => chooseSample(samples[i].file) }),
          h('span', { class: `small ${errors ? 'bad-text' : warnings ? 'warn-text' : 'ok-text'}`, text: errors ? ` ${errors} error${errors === 1 ? '' : 's'}` : warnings ? ` ${warnings} warning${warnings === 1 ? '' : 's'}` : ' ok' }),
          richText(pv.actions.join('; ') || 'nothing sent', 'div', { class: 'small muted' }));
      })));
  }
  $('pv-all').addEventListener('click', checkAll);

  els.sample.addEventListener('change', () => chooseSample(els.sample.value));
  els.payload.addEventListener('input', () => {
    if (els.sample.value !== PASTE) els.sample.value = PASTE;
    pasted = els.payload.value;
    scheduleRun();
  });
  els.form.addEventListener('change', (e) => {
    if (e.target.name === 'pv-scenario') setScenario(e.target.value);
    else if (e.target === els.converted) run();
  });
  for (const el of [els.existingId, els.existingFields]) el.addEventListener('input', scheduleRun);
  els.existingFields.addEventListener('input', () => { if (scenario !== 'new') fieldsEdited[scenario] = true; });
  els.eventId.addEventListener('input', () => { eventIdTouched = true; scheduleRun(); });
  els.form.addEventListener('submit', (e) => { e.preventDefault(); run(); });

  /** A configuration change: the preview runs again, and a "check every sample" result is stale. */
  function schedule() {
    const out = $('pv-all-result');
    if (out?.childElementCount && !out.querySelector('.stale-note')) {
      out.prepend(h('p', { class: 'small warn-text stale-note', text: 'The configuration changed since this check: run it again.' }));
    }
    scheduleRun();
  }

  return { loadSamples, run, schedule, last: () => last };
}

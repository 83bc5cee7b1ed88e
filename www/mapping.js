// "Configure field mapping": the four tabs, their rows, the required-fields panel and
// Auto-map suggestions. Rows are plain objects of config.mappings[tab], mutated in place.

import { h, iso, richText, showError, clearBox } from './dom.js';
import { TABS, TAB_LABELS, TEXT_TYPES, tabKind, typeLabel, valueText } from './model.js';
import { fallbackControl, checkFallback, fallbackHint } from './fallback.js';

const STATIC = '';
const GRADE_TEXT = { exact: '', converts: 'converts', lossy: 'lossy' };
// A value-map key or option as the engine compares them (crate::text::loosely_equal): without
// letter case, with a run of `-`, `_` and spaces read as one `_`.
const looseKey = (k) => String(k).trim().toLowerCase().replace(/[-_ ]+/g, '_');
/** Sets an own key, whatever its name: `map.__proto__ = v` would change the prototype instead. */
const setOwn = (map, key, value) => Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });

export function createMapping(app) {
  const { model } = app;
  const els = {
    tablist: document.getElementById('tablist'),
    panel: document.getElementById('panel'),
    rows: document.getElementById('rows'),
    add: document.getElementById('add-row'),
    automap: document.getElementById('automap-btn'),
    suggestions: document.getElementById('suggestions'),
    required: document.getElementById('required-list'),
    requiredTitle: document.getElementById('required-title'),
    summary: document.getElementById('rows-summary'),
    note: document.getElementById('tab-note'),
    filter: document.getElementById('rows-filter'),
    problemsOnly: document.getElementById('rows-problems'),
  };
  const tabs = [...els.tablist.querySelectorAll('[role=tab]')];
  /** Per-row UI state that is not configuration (keyed by the row object). */
  const rowUi = new WeakMap();
  const uiOf = (row) => { let u = rowUi.get(row); if (!u) rowUi.set(row, (u = { showAll: false })); return u; };
  const sourceTemplates = new Map();
  let suggestionsOpen = false;
  /** Last measured time to build a target dropdown (ms), for the page's perf hook. */
  let lastBuild = null;

  const tab = () => app.activeTab;
  const rows = () => app.config.mappings[tab()];
  const object = () => model.objectFor(tab());

  // ---------------------------------------------------------------- tabs (ARIA, arrow keys)
  function selectTab(name, { focus = false } = {}) {
    if (!TABS.includes(name)) return;
    app.activeTab = name;
    for (const t of tabs) {
      const on = t.dataset.tab === name;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
      if (on && focus) t.focus();
    }
    els.panel.setAttribute('aria-labelledby', `tab-${name}`);
    suggestionsOpen = false;
    clearFilter();
    render();
  }

  // ---------------------------------------------------------------- row filter
  // With many rows, the tab's rows can be narrowed to those whose OnceHub or Salesforce field
  // matches the text, or to those with problems. Only what is shown changes, never the rows.
  function clearFilter() {
    els.filter.value = '';
    els.problemsOnly.checked = false;
  }
  const filtering = () => els.filter.value.trim() !== '' || els.problemsOnly.checked;
  function applyFilter() {
    const text = els.filter.value.trim().toLowerCase();
    const problems = els.problemsOnly.checked;
    const kind = tabKind(tab());
    const obj = object();
    [...els.rows.children].forEach((li, i) => {
      const row = rows()[i];
      let show = true;
      if (row && text) {
        const words = [row.source, row.source && model.sourceField(kind, row.source)?.label,
          row.target, row.target && model.field(obj, row.target)?.label, row.source ? '' : 'static value']
          .filter(Boolean).join(' ').toLowerCase();
        show = words.includes(text);
      }
      if (show && problems) show = li.classList.contains('has-error') || li.classList.contains('has-warning');
      li.hidden = !show;
    });
    renderSummary();
  }
  els.filter.addEventListener('input', applyFilter);
  els.problemsOnly.addEventListener('change', applyFilter);

  els.tablist.addEventListener('click', (e) => {
    const t = e.target.closest('[role=tab]');
    if (t) selectTab(t.dataset.tab);
  });
  els.tablist.addEventListener('keydown', (e) => {
    const i = tabs.findIndex((t) => t.dataset.tab === app.activeTab);
    let next = null;
    if (e.key === 'ArrowRight') next = (i + 1) % tabs.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + tabs.length) % tabs.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = tabs.length - 1;
    if (next === null) return;
    e.preventDefault();
    selectTab(tabs[next].dataset.tab, { focus: true });
  });

  // ---------------------------------------------------------------- source dropdown
  function sourceOptions(kind) {
    let tpl = sourceTemplates.get(kind);
    if (!tpl) {
      tpl = document.createDocumentFragment();
      tpl.append(new Option('Static value (no OnceHub field)', STATIC));
      const fields = model.sourceFields(kind);
      const builtIn = h('optgroup', { label: kind === 'contact' ? 'OnceHub contact fields' : 'OnceHub meeting fields' });
      const custom = h('optgroup', { label: 'Custom fields and form answers' });
      for (const f of fields) {
        const o = new Option(iso(f.label), f.id);
        if (f.derivation) o.title = f.derivation;
        (f.custom ? custom : builtIn).append(o);
      }
      tpl.append(builtIn);
      if (custom.children.length) tpl.append(custom);
      sourceTemplates.set(kind, tpl);
    }
    return tpl.cloneNode(true);
  }
  app.on('sources', () => sourceTemplates.clear());

  // ---------------------------------------------------------------- target dropdown (lazy)
  /** Info about a target for display: compat entry when there is a source, else the digest. */
  function targetInfo(row) {
    const obj = object();
    const f = model.field(obj, row.target);
    if (!row.source) return { field: f, compat: null, explain: null };
    let list = null;
    try { list = model.compatibleEntry(obj, row.source); } catch { list = null; }
    // Salesforce names are case-insensitive: `lastname` is LastName.
    const name = f?.name ?? row.target;
    const found = list?.byName.get(name) ?? null;
    // Text into a restricted picklist works when the row's fallback is one of its values
    // (src/compat.rs `rescued_by_row`): other text gets the fallback.
    const compat = found ?? (rescued(row, f) ? {
      grade: 'lossy',
      note: `text that is not one of its values gets the fallback \`${row.fallback}\``,
      required: f.createable && !f.nillable && !f.defaultedOnCreate,
    } : null);
    const explain = !compat && f && list ? model.explain(obj, row.source, name) : null;
    return { field: f, compat, explain };
  }

  /** Is a text → restricted picklist row made to work by a fallback that is a picklist value? */
  function rescued(row, f) {
    const src = row.source ? model.sourceField(tabKind(tab()), row.source) : null;
    const fallback = typeof row.fallback === 'string' ? row.fallback.trim().toLowerCase() : '';
    return !!(src && f && ['text', 'longText'].includes(src.type) && f.type === 'picklist' && f.restricted
      && fallback && f.picklistValues.some((v) => v.toLowerCase() === fallback));
  }

  function optionText(label, name, tl, grade) {
    const extra = GRADE_TEXT[grade] ? ` — ${GRADE_TEXT[grade]}` : '';
    return `${iso(label)} (${iso(name)}) · ${tl}${extra}`;
  }

  /** The select before it is opened: the current choice only. */
  function initialTargetOptions(sel, row) {
    sel.replaceChildren(new Option('Choose a Salesforce field…', ''));
    if (row.target) {
      const f = model.field(object(), row.target);
      sel.append(new Option(f ? `${iso(f.label)} (${iso(f.name)}) · ${typeLabel(f)}` : `${iso(row.target)} (not in the describe)`, row.target));
    }
    sel.value = row.target || '';
    sel.dataset.built = '';
  }

  /** Builds every option (on first focus / pointer down); cached engine data makes it cheap. */
  function buildTargetOptions(sel, row) {
    const key = `${row.source ?? ''}\u0000${uiOf(row).showAll}\u0000${rows().map((r) => r.target ?? '').join('\u0001')}`;
    if (sel.dataset.built === key) return;
    const t0 = performance.now();
    const obj = object();
    const seen = new Set();
    const required = h('optgroup', { label: 'Required' });
    const others = h('optgroup', { label: row.source ? 'Compatible fields' : 'Writable fields' });
    // Fields that take the value only with a possible loss (too short, a picklist, a phone...).
    const lossy = h('optgroup', { label: 'May lose data (see the note)' });
    // Targets other rows of this tab already write: a second row would be a duplicate.
    const used = new Map();
    rows().forEach((r, i) => { if (r !== row && r.target) used.set(String(r.target).toLowerCase(), i); });
    const usedNote = (name) => (used.has(name.toLowerCase()) ? ` — already mapped in row ${used.get(name.toLowerCase()) + 1}` : '');
    if (row.source) {
      let list = [];
      try { list = model.compatible(obj, row.source); } catch (err) { app.reportError(err); }
      for (const f of list) {
        const o = new Option(optionText(f.label, f.name, f.typeLabel, f.grade) + usedNote(f.name), f.name);
        if (f.note) o.title = f.note;
        (f.required ? required : f.grade === 'lossy' ? lossy : others).append(o);
        seen.add(f.name);
      }
    } else {
      for (const f of model.staticTargets(obj)) {
        (f.required ? required : others).append(new Option(`${iso(f.label)} (${iso(f.name)}) · ${f.typeLabel}${usedNote(f.name)}`, f.name));
        seen.add(f.name);
      }
    }
    let current = null;
    if (row.target && !seen.has(row.target)) {
      const f = model.field(obj, row.target);
      // The same field in other letter case (an imported or hand-edited row): say that, not
      // "not compatible" (validate reports TARGET_FIELD_WRONG_CASE).
      const spelled = [...seen].find((n) => n.toLowerCase() === String(row.target).toLowerCase());
      current = h('optgroup', { label: 'Current choice' });
      const text = !f ? `${iso(row.target)} (not in the describe)`
        : spelled ? `${iso(f.label)} (${iso(row.target)}) · ${typeLabel(f)} — spelled ${iso(spelled)} in Salesforce`
          : rescued(row, f) ? `${iso(f.label)} (${iso(f.name)}) · ${typeLabel(f)} — other text gets the fallback`
            : `${iso(f.label)} (${iso(f.name)}) · ${typeLabel(f)} — not compatible`;
      current.append(new Option(text, row.target));
      seen.add(row.target);
    }
    let rest = null;
    const d = model.describe(obj);
    if (uiOf(row).showAll && d) {
      rest = h('optgroup', { label: row.source ? 'Not compatible' : 'Not writable' });
      for (const f of d.list) {
        if (seen.has(f.name)) continue;
        const o = new Option(`${iso(f.label)} (${iso(f.name)}) · ${typeLabel(f)} — ${row.source ? 'not compatible' : 'not writable'}`, f.name);
        if (row.source) o.title = (model.explain(obj, row.source, f.name).reasons ?? []).join('; ');
        rest.append(o);
      }
    }
    sel.replaceChildren(new Option('Choose a Salesforce field…', ''));
    for (const g of [current, required, others, lossy, rest]) if (g && g.children.length) sel.append(g);
    sel.value = row.target || '';
    sel.dataset.built = key;
    lastBuild = { ms: performance.now() - t0, options: sel.options.length, object: obj, source: row.source ?? null };
  }

  // ---------------------------------------------------------------- rows
  let pointerIsDown = false;
  document.addEventListener('pointerdown', () => { pointerIsDown = true; }, true);
  document.addEventListener('pointerup', () => { pointerIsDown = false; }, true);
  document.addEventListener('pointercancel', () => { pointerIsDown = false; }, true);

  function rowId(i) { return `r-${tab()}-${i}`; }

  function buildRow(row, i) {
    const rid = rowId(i);
    const kind = tabKind(tab());
    const obj = object();
    const isStatic = !row.source;
    const li = h('li', { class: 'row', id: rid, dataset: { row: String(i) } });
    // A change made with the keyboard (type-ahead, arrow keys on a closed select) fires `change`
    // per step: the row is rebuilt once the choice settles, so the select keeps the letters
    // typed so far. A pointer choice rebuilds at once.
    let lastKey = -Infinity;
    let timer = 0;
    let focusPart = null;
    const settle = () => {
      if (!timer) return;
      if (!li.isConnected) { clearTimeout(timer); timer = 0; return; }
      clearTimeout(timer);
      timer = 0;
      const active = document.activeElement;
      const keep = active && li.contains(active) ? active.id : null;
      replaceRow(i);
      const again = keep ? document.getElementById(keep) : null;
      if (again) again.focus();
      else if (!active || active === document.body) document.getElementById(`${rid}-${focusPart}`)?.focus();
    };
    // Focus that leaves a select because the pointer went down elsewhere (the Overwrite switch,
    // ×, Options): rebuild only after that click has been delivered, or it would land on a
    // detached element and be lost.
    const settleAfterPointer = () => {
      if (!timer) return;
      if (pointerIsDown) {
        document.addEventListener('pointerup', () => setTimeout(settle, 0), { once: true, capture: true });
      } else {
        setTimeout(settle, 0);
      }
    };
    const settleLater = (part) => {
      focusPart = part;
      clearTimeout(timer);
      if (performance.now() - lastKey < 150) {
        timer = setTimeout(settle, 900);
      } else {
        timer = 0;
        replaceRow(i, part);
      }
    };

    // OnceHub field
    // Accessible names say which row a control is in: with many rows, "Overwrite" alone does not.
    const place = `row ${i + 1}`;
    const src = h('select', { id: `${rid}-source`, class: 'source-select', 'aria-label': `OnceHub field, ${place}` });
    src.append(sourceOptions(kind));
    if (row.source && !model.sourceField(kind, row.source)) {
      src.append(new Option(`${iso(row.source)} (unknown OnceHub field)`, row.source));
    }
    src.value = row.source ?? STATIC;
    src.addEventListener('change', () => {
      // The value map belongs to the previous field's options (and a static value has none):
      // it is put aside for that field, and comes back if the row takes that field again.
      const kept = uiOf(row).valueMaps ??= new Map();
      if (row.valueMap && row.source) {
        kept.set(row.source, row.valueMap);
        app.announce('The value map is put aside: it comes back if this row takes its OnceHub field again.');
      }
      delete row.valueMap;
      if (src.value === STATIC) delete row.source; else row.source = src.value;
      if (row.source && kept.has(row.source)) {
        row.valueMap = kept.get(row.source);
        kept.delete(row.source);
        app.announce('The value map of this OnceHub field is back.');
      }
      mapLooseOptions(row, kind);
      app.changed();
      settleLater('source');
    });
    src.addEventListener('keydown', () => { lastKey = performance.now(); });
    src.addEventListener('blur', settleAfterPointer);

    // Salesforce field
    const tgt = h('select', { id: `${rid}-target`, class: 'target-select', 'aria-describedby': `${rid}-meta`, 'aria-label': `Salesforce field, ${place}` });
    initialTargetOptions(tgt, row);
    const build = () => buildTargetOptions(tgt, row);
    tgt.addEventListener('pointerdown', build);
    tgt.addEventListener('focus', build);
    tgt.addEventListener('keydown', build);
    tgt.addEventListener('change', () => {
      row.target = tgt.value;
      mapLooseOptions(row, kind);
      app.changed();
      settleLater('target');
    });
    tgt.addEventListener('keydown', () => { lastKey = performance.now(); });
    tgt.addEventListener('blur', settleAfterPointer);
    const showAll = h('input', { type: 'checkbox', id: `${rid}-all`, checked: uiOf(row).showAll, 'aria-label': `Show all fields, ${place}` });
    showAll.addEventListener('change', () => {
      uiOf(row).showAll = showAll.checked;
      tgt.dataset.built = '';
    });
    const { field, compat, explain } = targetInfo(row);
    // The line under the Salesforce field; rebuilt when the value map changes what it says.
    const buildMeta = () => {
      const meta = h('div', { class: 'target-meta', id: `${rid}-meta` });
      if (row.target) {
        if (!field) {
          meta.append(h('span', { class: 'badge bad', text: 'not in the describe' }));
        } else {
          meta.append(h('span', { class: 'type', text: compat?.typeLabel ?? typeLabel(field) }));
          const required = compat ? compat.required : field.createable && !field.nillable && !field.defaultedOnCreate && field.type !== 'boolean';
          if (required) meta.append(h('span', { class: 'badge required-badge', text: 'required' }));
          // Options the row's value map already maps are no longer "without a picklist value";
          // the engine's note on the pair does not know the row, so the screen says it itself.
          const mapped = new Set(Object.keys(row.valueMap ?? {}).map(looseKey));
          const unmatched = (compat?.unmatchedOptions ?? []).filter((o) => !mapped.has(looseKey(o)));
          const mapCovers = !!compat?.unmatchedOptions?.length && !!row.valueMap;
          if (compat && compat.grade !== 'exact' && !(mapCovers && !unmatched.length && compat.grade === 'lossy')) {
            meta.append(h('span', { class: `badge ${compat.grade}`, text: compat.grade }));
            // A row that cuts long text: the engine's note on the pair says such values are
            // refused unless the row truncates, and this one does.
            const length = compat.length ?? field.length;
            const note = row.truncate && compat.note
              ? compat.note.split('; ').map((part) => (part.includes('STRING_TOO_LONG')
                ? `values longer than ${length ?? 'the field'} characters are cut (truncate)` : part)).join('; ')
              : compat.note;
            if (note && !mapCovers) meta.append(richText(note, 'span', { class: 'note' }));
          }
          if (explain && !explain.compatible) {
            meta.append(h('span', { class: 'badge bad', text: 'not compatible' }));
            meta.append(richText((explain.reasons ?? []).join('; '), 'span', { class: 'note bad-text' }));
          }
          if (isStatic && !model.isStaticTarget(obj, field.name)) {
            meta.append(h('span', { class: 'badge bad', text: 'not writable' }));
          }
          if (unmatched.length && (!compat.note || mapCovers)) {
            meta.append(richText(`options without a picklist value: \`${unmatched.join('`, `')}\``, 'span', { class: 'note' }));
          }
        }
      }
      return meta;
    };
    const meta = buildMeta();
    const refreshMeta = () => document.getElementById(`${rid}-meta`)?.replaceWith(buildMeta());

    // Overwrite (a real checkbox exposed as a switch)
    const rowName = field?.label ?? (row.target || place);
    const ow = h('input', { type: 'checkbox', role: 'switch', id: `${rid}-overwrite`, class: 'switch', checked: !!row.overwrite, 'aria-label': `Overwrite ${rowName}` });
    ow.addEventListener('change', () => { row.overwrite = ow.checked; app.changed(); });

    // Fallback / static value
    const base = compat ? { ...(field ?? {}), ...compat, label: compat.label, precision: field?.precision, scale: field?.scale, digits: field?.digits, restricted: field?.restricted } : field;
    // RecordTypeId: the org's record types by name (the engine reads recordTypeInfos).
    const recordTypes = field ? model.staticTarget(obj, field.name)?.recordTypes : undefined;
    const info = recordTypes?.length ? { ...base, recordTypes } : base;
    const fbMsg = h('span', { class: 'field-error', id: `${rid}-fbmsg` });
    const fbHint = h('span', { class: 'hint', id: `${rid}-fbhint` });
    const fbLabel = isStatic ? 'Value' : 'Fallback';
    const fb = fallbackControl({
      id: `${rid}-fallback`,
      info,
      value: row.fallback,
      label: `${fbLabel} for ${field?.label ?? row.target ?? 'this row'}`,
      describedBy: `${rid}-fbhint ${rid}-fbmsg`,
      onValue: (v) => {
        const wasRescued = rescued(row, field);
        if (v === undefined) delete row.fallback; else row.fallback = v;
        li.dataset.engineFallback = 'false'; // the engine's verdict is stale until it runs again
        fbHint.textContent = fallbackHint(info, row.fallback);
        updateClientCheck(li, row, info);
        app.changed({ typing: true });
        // The fallback decides whether text into a restricted picklist works: redraw the row's
        // status and options when that changes.
        if (rescued(row, field) !== wasRescued) replaceRow(i, 'fallback');
      },
    });
    fb.classList.add('fallback-input');
    if (fb.tagName === 'INPUT' && fb.type === 'text') fb.placeholder = isStatic ? 'Value to send' : 'If OnceHub has none';
    fbHint.textContent = fallbackHint(info, row.fallback);

    const opts = rowOptions(row, rid, kind, info, refreshMeta, rowName);

    const removeName = `Remove mapping ${i + 1}${row.target ? ` (${row.target})` : ''}`;
    const remove = h('button', { type: 'button', class: 'remove', id: `${rid}-remove`, 'aria-label': removeName, title: removeName, text: '×' });
    remove.addEventListener('click', () => removeRow(i));

    li.append(
      h('div', { class: 'cell c-source' }, h('label', { for: src.id, class: 'cell-label', text: 'OnceHub field' }), src),
      h('span', { class: 'arrow', 'aria-hidden': 'true', text: '→' }),
      h('div', { class: 'cell c-target' },
        h('label', { for: tgt.id, class: 'cell-label', text: 'Salesforce field' }), tgt),
      h('div', { class: 'cell c-overwrite' }, ow, h('label', { for: ow.id, class: 'switch-label', text: 'Overwrite' })),
      h('div', { class: 'cell c-fallback' }, h('label', { for: fb.id, class: 'cell-label', text: fbLabel }), fb, fbHint, fbMsg),
      h('div', { class: 'cell c-remove' }, remove),
      h('div', { class: 'meta-line' }, meta, h('div', { class: 'meta-tools' }, opts.button, h('label', { class: 'mini-check', for: showAll.id }, showAll, ' Show all fields'))),
      opts.panel,
      h('ul', { class: 'row-msgs', id: `${rid}-msgs` }),
    );
    li.classList.toggle('static', isStatic);
    updateClientCheck(li, row, info);
    return li;
  }

  /** "Options" of a row: truncate, clear when empty, and the choice → picklist value map. */
  /**
   * A choice into a picklist: options that are a picklist value but for separators (`no_show`
   * and `No-show`) get that value in the row's value map, as Auto-map does; an option with a
   * value of its own spelling (letter case aside), or already mapped, is left as it is.
   */
  function mapLooseOptions(row, kind) {
    const srcField = row.source ? model.sourceField(kind, row.source) : null;
    const info = row.target ? model.field(object(), row.target) : null;
    const values = info?.picklistValues ?? [];
    if (!srcField?.options?.length || !values.length) return;
    const map = { ...(row.valueMap ?? {}) };
    for (const opt of srcField.options) {
      if (Object.hasOwn(map, opt) || values.some((v) => v.toLowerCase() === opt.toLowerCase())) continue;
      const loose = values.filter((v) => looseKey(v) === looseKey(opt));
      if (loose.length === 1) setOwn(map, opt, loose[0]);
    }
    if (Object.keys(map).length) row.valueMap = map;
  }

  function rowOptions(row, rid, kind, info, onMapChange, rowName) {
    const ui = uiOf(row);
    const panel = h('div', { class: 'row-opts', id: `${rid}-opts`, hidden: !ui.optionsOpen });
    const button = h('button', { type: 'button', id: `${rid}-opts-btn`, class: 'linkish small opts-btn', 'aria-expanded': String(!!ui.optionsOpen), 'aria-controls': panel.id });
    const label = () => {
      const n = (row.truncate ? 1 : 0) + (row.clearWhenEmpty ? 1 : 0) + (row.valueMap ? Object.keys(row.valueMap).length : 0);
      button.textContent = n ? `Options (${n})` : 'Options';
      button.setAttribute('aria-label', `${button.textContent} for ${rowName}`);
    };
    label();
    button.addEventListener('click', () => {
      ui.optionsOpen = !ui.optionsOpen;
      panel.hidden = !ui.optionsOpen;
      button.setAttribute('aria-expanded', String(ui.optionsOpen));
      if (ui.optionsOpen) panel.querySelector('input, select')?.focus();
    });
    const flag = (key, text, show) => {
      if (!show && !row[key]) return null;
      const box = h('input', { type: 'checkbox', id: `${rid}-${key}`, checked: !!row[key] });
      box.addEventListener('change', () => {
        if (box.checked) row[key] = true; else delete row[key];
        label();
        if (key === 'truncate') onMapChange?.();
        app.changed();
      });
      return h('label', { class: 'check small', for: box.id }, box, ' ', text);
    };
    const textTarget = !!info && TEXT_TYPES.has(info.type);
    for (const el of [
      flag('truncate', info?.length
        ? `Cut values longer than ${info.length} characters instead of failing`
        : 'Cut values longer than the field instead of failing (the describe does not give its length, so nothing is cut until it does)', textTarget),
      flag('clearWhenEmpty', 'Clear the Salesforce value when OnceHub has none', !!row.source),
    ]) if (el) panel.append(el);
    const src = row.source ? model.sourceField(kind, row.source) : null;
    const values = info?.picklistValues ?? [];
    /** The row's value map is now `map` (none when empty): the button, the checks, the note. */
    const setMap = (map) => {
      if (Object.keys(map).length) row.valueMap = map; else delete row.valueMap;
      label();
      app.changed();
      onMapChange?.();
    };
    if (src?.options?.length && values.length) {
      const table = h('table', { class: 'value-map' },
        h('caption', { class: 'small', text: 'OnceHub option → Salesforce picklist value' }),
        h('tbody', {}, src.options.map((opt, k) => {
          const sel = h('select', { id: `${rid}-vm-${k}`, 'aria-label': `Picklist value for ${opt}` });
          // As the engine: a picklist value matches an option whatever its letter case, and the
          // picklist's own spelling is sent.
          const same = values.find((v) => v.toLowerCase() === opt.toLowerCase());
          sel.append(new Option(same === undefined ? '(as typed — not a value)' : same === opt ? '(same value)' : `(same value: ${iso(same)})`, ''));
          for (const v of values) sel.append(new Option(valueText(info, v), v));
          // Own keys only: an option named `__proto__` or `toString` is a key like any other.
          const current = (row.valueMap && Object.hasOwn(row.valueMap, opt) ? row.valueMap[opt] : '') ?? '';
          if (current && !values.includes(current)) sel.append(new Option(`${iso(current)} (not a picklist value)`, current));
          sel.value = current;
          sel.addEventListener('change', () => {
            const map = { ...(row.valueMap ?? {}) };
            if (sel.value) setOwn(map, opt, sel.value); else delete map[opt];
            setMap(map);
          });
          return h('tr', {}, h('th', { scope: 'row', text: opt }), h('td', {}, sel));
        })));
      // Entries for options the field no longer has (changed options, an import): shown so
      // they can be removed (validate names them: VALUE_MAP_UNKNOWN_OPTION).
      const stale = Object.keys(row.valueMap ?? {}).filter((key) => !src.options.includes(key));
      stale.forEach((key, k) => {
        let tr = null;
        const remove = h('button', {
          type: 'button', class: 'btn small subtle', id: `${rid}-vm-stale-${k}`, text: 'Remove',
          'aria-label': `Remove the value map entry for ${key}, not an option of this field`,
          onclick: () => {
            const map = { ...(row.valueMap ?? {}) };
            delete map[key];
            setMap(map);
            tr.remove();
            document.getElementById(`${rid}-opts-btn`)?.focus();
          },
        });
        tr = h('tr', { class: 'stale' },
          h('th', { scope: 'row' }, h('bdi', { text: key }), h('span', { class: 'small bad-text', text: ' (not an option of this field)' })),
          h('td', {}, h('code', { text: row.valueMap[key] }), ' ', remove));
        table.tBodies[0].append(tr);
      });
      panel.append(table);
    } else if (src && !['number', 'integer', 'boolean'].includes(src.type) && (values.length || row.valueMap)) {
      panel.append(textValueMap(row, rid, values, label, info));
    }
    if (!panel.children.length) {
      button.hidden = true;
      panel.hidden = true;
    }
    return { button, panel };
  }

  /**
   * The value map of a text source (an event type's name, a list entry): a OnceHub value equal to
   * a key is sent as its picklist value. Entries can be added and removed.
   */
  function textValueMap(row, rid, values, label, info) {
    const set = (map) => {
      if (Object.keys(map).length) row.valueMap = map; else delete row.valueMap;
      label();
      app.changed();
    };
    const body = h('tbody');
    const key = h('input', { type: 'text', id: `${rid}-vm-key`, class: 'small', 'aria-label': 'OnceHub value to map', placeholder: 'OnceHub value' });
    const entryRow = (from, to) => {
      const remove = h('button', { type: 'button', class: 'btn small subtle', text: 'Remove', 'aria-label': `Remove the mapping of ${from}` });
      const tr = h('tr', { dataset: { key: from } }, h('th', { scope: 'row' }, h('bdi', { text: from })), h('td', {}, h('bdi', { text: to })), h('td', {}, remove));
      remove.addEventListener('click', () => {
        const map = { ...(row.valueMap ?? {}) };
        delete map[from];
        set(map);
        const next = tr.nextElementSibling?.querySelector('button') ?? key;
        tr.remove();
        next.focus();
      });
      return tr;
    };
    for (const [from, to] of Object.entries(row.valueMap ?? {})) body.append(entryRow(from, to));
    const to = values.length
      ? h('select', { id: `${rid}-vm-to`, 'aria-label': 'Salesforce picklist value' }, values.map((v) => new Option(valueText(info, v), v)))
      : h('input', { type: 'text', id: `${rid}-vm-to`, class: 'small', 'aria-label': 'Salesforce value' });
    const add = h('button', { type: 'button', class: 'btn small', text: 'Add', id: `${rid}-vm-add` });
    const addEntry = () => {
      const from = key.value.trim();
      if (!from || !to.value) return;
      // An entry the engine would read as the same key is replaced.
      const map = Object.fromEntries(Object.entries(row.valueMap ?? {}).filter(([k]) => looseKey(k) !== looseKey(from)));
      setOwn(map, from, to.value);
      for (const tr of [...body.querySelectorAll('tr')]) if (looseKey(tr.dataset.key ?? '') === looseKey(from)) tr.remove();
      set(map);
      body.append(entryRow(from, to.value));
      key.value = '';
      key.focus();
    };
    add.addEventListener('click', addEntry);
    key.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); addEntry(); } });
    const others = info?.restricted && typeof row.fallback === 'string' && row.fallback.trim()
      ? `other values get the fallback ${row.fallback.trim()}`
      : 'other values are sent as they are';
    return h('div', { class: 'small text-map' },
      h('p', { class: 'muted text-map-caption', text: `OnceHub value → Salesforce value (${others})` }),
      h('table', { class: 'value-map', 'aria-label': 'OnceHub value → Salesforce value' }, body),
      h('div', { class: 'vm-add' }, key, h('span', { 'aria-hidden': 'true', text: '→' }), to, add));
  }

  function updateClientCheck(li, row, info) {
    const msg = li.querySelector('.c-fallback .field-error');
    const input = li.querySelector('.fallback-input');
    const problem = checkFallback(row.fallback, info);
    const engineSays = li.dataset.engineFallback === 'true';
    msg.textContent = problem && !engineSays ? problem : '';
    li.dataset.clientInvalid = problem ? 'true' : 'false';
    input.setAttribute('aria-invalid', problem || engineSays ? 'true' : 'false');
  }

  function replaceRow(i, focusPart) {
    const old = els.rows.children[i];
    const row = rows()[i];
    if (!old || !row) return render();
    const li = buildRow(row, i);
    old.replaceWith(li);
    applyReportToRow(li, i);
    if (focusPart) li.querySelector(`#${rowId(i)}-${focusPart}`)?.focus();
    renderRequired();
    renderCounts();
    renderNote();
    if (suggestionsOpen) renderSuggestions();
  }

  function removeRow(i) {
    rows().splice(i, 1);
    // Rows after it move up one place (their ids are their places): only those are rebuilt.
    const items = [...els.rows.children];
    items[i]?.remove();
    for (let j = i; j < rows().length; j++) items[j + 1]?.replaceWith(buildRow(rows()[j], j));
    app.changed();
    renderNote();
    renderSuggestions();
    const next = els.rows.children[Math.min(i, els.rows.children.length - 1)];
    (next?.querySelector('.remove') ?? els.add).focus();
    app.announce(`Mapping removed. ${rows().length} left on ${TAB_LABELS[tab()]}.`);
  }

  function addRow(init = {}) {
    const row = { target: '', overwrite: tabKind(tab()) === 'meeting', ...init };
    if (!('source' in init)) {
      // start with the first OnceHub field this tab does not map yet
      const used = new Set(rows().map((r) => r.source));
      const fields = model.sourceFields(tabKind(tab()));
      row.source = (fields.find((f) => !used.has(f.id)) ?? fields[0])?.id;
    }
    if (row.source === undefined) delete row.source;
    rows().push(row);
    // The new row must be seen: the filter goes.
    if (filtering()) { clearFilter(); applyFilter(); renderCounts(); }
    // The new row is the last: the others keep their places, so only it is built.
    const i = rows().length - 1;
    if (els.rows.children.length === i) els.rows.append(buildRow(row, i));
    app.changed();
    if (els.rows.children.length !== rows().length) render();
    else { renderNote(); renderSuggestions(); }
    return i;
  }
  els.add.addEventListener('click', () => {
    const i = addRow();
    document.getElementById(`${rowId(i)}-source`)?.focus();
    app.announce('Mapping added.');
  });

  // ---------------------------------------------------------------- required fields
  function renderRequired() {
    const obj = object();
    if (!model.describe(obj)) { els.required.replaceChildren(h('li', { class: 'muted', text: `${obj} is not loaded.` })); return; }
    let list;
    try { list = model.engine.requiredFields(obj, app.config); } catch (err) {
      els.required.replaceChildren(h('li', {}, h('div', { class: 'error-box' })));
      showError(els.required.querySelector('.error-box'), err);
      return;
    }
    if (!list.length) { els.required.replaceChildren(h('li', { class: 'muted small', text: `No field of ${obj} must be set by the integration.` })); return; }
    // A tab that only updates records (Contacts under contactElseLead) creates none, so what
    // Salesforce requires on create needs nothing there either (validate agrees).
    const inUse = tabInUse();
    const creates = tabCreates();
    const items = list.map((r) => {
      const rowIndex = rows().findIndex((row) => row.target?.toLowerCase() === r.name.toLowerCase());
      const row = rows()[rowIndex];
      // A tab not in use sends nothing, so nothing is missing there (validate agrees).
      const ok = !!r.satisfiedBy || !creates;
      const sourceName = row?.source ? model.sourceField(tabKind(tab()), row.source)?.label ?? row.source : null;
      const how = {
        mapping: `mapped from ${sourceName ?? 'a OnceHub field'}`,
        fallback: 'static value',
        mappingWithFallback: 'mapped, with a fallback',
        alternative: `met by ${r.alternatives.filter((a) => rows().some((x) => x.target?.toLowerCase() === a.toLowerCase())).join(', ') || r.alternatives.join(', ')}`,
      }[r.satisfiedBy] ?? (sourceName
        ? (row?.source && row?.target && model.explain(model.objectFor(tab()), row.source, row.target).compatible === false
          ? `mapped from ${sourceName}, which this field cannot take: needs another OnceHub field or a fallback`
          : `mapped from ${sourceName}, which can be empty: needs a fallback`)
        : 'needs a mapping or a fallback');
      const idle = !creates && !r.satisfiedBy;
      const idleText = inUse
        ? 'not needed: Contacts are only updated in this mode (Salesforce requires it when a record is created)'
        : 'not needed while this tab is not in use';
      const li = h('li', { class: `req ${ok ? 'ok' : 'missing'}`, dataset: { field: r.name } },
        h('span', { class: 'req-icon', 'aria-hidden': 'true', text: idle ? '–' : ok ? '✓' : '!' }),
        h('div', { class: 'req-body' },
          h('div', {}, h('bdi', {}, h('strong', { text: r.label })), ' ', h('code', { text: r.name }), ' ', h('span', { class: 'type', text: r.typeLabel })),
          h('div', { class: `small ${ok ? 'muted' : 'bad-text'}`, text: idle ? idleText : (ok ? '' : 'Missing: ') + how }),
          r.rule ? richText(r.rule, 'div', { class: 'small muted' }) : null,
          r.certain ? null : h('div', { class: 'small warn-text', text: `Not certain: the describe lacks ${r.unknownFacts.join(', ') || 'some facts'}.` }),
        ),
      );
      // A field the describe does not list cannot get a row (the rule says to load the full
      // describe).
      if (!idle && (!ok || r.satisfiedBy === 'mapping') && model.field(obj, r.name)) {
        const label = row ? (row.source ? 'Add a fallback' : 'Set the value') : 'Add a fallback value';
        li.querySelector('.req-body').append(h('button', {
          type: 'button', class: 'btn small', text: label,
          'aria-label': `${label} for ${r.label}`,
          onclick: () => {
            let i = rowIndex;
            if (i < 0) {
              // The OnceHub field Auto-map would map to it, when there is one, so that the
              // fallback stands in only when OnceHub has no value; else a fixed value.
              let suggested = null;
              try {
                const row = model.engine.suggestMappings(app.config, tab()).find((s) => s.row.target === r.name)?.row;
                suggested = row ? { ...row } : null;
              } catch { suggested = null; }
              if (suggested) delete suggested.fallback;
              i = addRow(suggested ?? { source: undefined, target: r.name, overwrite: false });
            }
            document.getElementById(`${rowId(i)}-fallback`)?.focus();
          },
        }));
      }
      return li;
    });
    els.required.replaceChildren(...items);
  }

  // ---------------------------------------------------------------- Auto-map
  function renderSuggestions() {
    els.suggestions.hidden = !suggestionsOpen;
    els.automap.setAttribute('aria-expanded', String(suggestionsOpen));
    if (!suggestionsOpen) return;
    let list;
    try { list = model.engine.suggestMappings(app.config, tab()); } catch (err) {
      els.suggestions.replaceChildren(h('div', { class: 'error-box' }));
      showError(els.suggestions.firstChild, err);
      return;
    }
    const kind = tabKind(tab());
    const obj = object();
    const head = h('div', { class: 'sugg-head' },
      h('h3', { id: 'sugg-title', text: list.length ? `${list.length} suggested mapping${list.length === 1 ? '' : 's'}` : 'No more suggestions' }),
      list.length > 1 ? h('button', { type: 'button', class: 'btn primary small', text: 'Accept all', onclick: () => accept(list) }) : null,
      h('button', { type: 'button', class: 'btn subtle small', text: 'Close', onclick: () => { suggestionsOpen = false; renderSuggestions(); els.automap.focus(); } }),
    );
    const ul = h('ul', { class: 'sugg-list', 'aria-labelledby': 'sugg-title' });
    list.forEach((s, idx) => {
      const src = s.row.source ? model.sourceField(kind, s.row.source)?.label ?? s.row.source : 'Static value';
      const tgt = model.field(obj, s.row.target);
      const pct = Math.round(s.confidence * 100);
      ul.append(h('li', { class: 'sugg' },
        h('div', { class: 'sugg-pair' }, h('bdi', {}, h('strong', { text: src })), ' → ', h('bdi', {}, h('strong', { text: tgt?.label ?? s.row.target })), ' ', h('code', { text: s.row.target })),
        h('div', { class: 'sugg-conf' },
          h('meter', { min: 0, max: 100, value: pct, 'aria-label': 'Confidence' }),
          h('span', { class: 'small', text: `${pct}%` })),
        richText(s.reason, 'p', { class: 'small muted' }),
        h('button', { type: 'button', class: 'btn small', text: 'Accept', 'aria-label': `Accept ${src} → ${tgt?.label ?? s.row.target}`, dataset: { idx: String(idx) }, onclick: () => accept([s]) }),
      ));
    });
    els.suggestions.replaceChildren(head, ul);
  }

  function accept(list) {
    for (const s of list) rows().push(structuredClone(s.row));
    app.changed();
    render();
    app.announce(`${list.length} mapping${list.length === 1 ? '' : 's'} added.`);
    (els.suggestions.querySelector('button') ?? els.automap).focus();
  }

  els.suggestions.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    suggestionsOpen = false;
    renderSuggestions();
    els.automap.focus();
  });
  els.automap.addEventListener('click', () => {
    suggestionsOpen = !suggestionsOpen;
    renderSuggestions();
    if (suggestionsOpen) els.suggestions.querySelector('button')?.focus();
  });

  // ---------------------------------------------------------------- diagnostics on rows
  function applyReportToRow(li, i, byRow = rowFindings()) {
    const msgs = li.querySelector('.row-msgs');
    const row = rows()[i];
    const own = (byRow.get(i) ?? [])
      .map((d) => (d.code === 'UNKNOWN_TARGET_FIELD' && row && !row.target
        ? { ...d, message: 'choose a Salesforce field for this row', help: 'only fields compatible with the OnceHub field are listed' } : d));
    msgs.replaceChildren(...own.map((d) => h('li', { class: `msg ${d.severity}` },
      h('span', { class: 'sev', text: d.severity === 'error' ? 'Error' : 'Warning' }), ' ',
      richText(d.message), d.help ? richText(d.help, 'span', { class: 'help small' }) : null)));
    li.classList.toggle('has-error', own.some((d) => d.severity === 'error'));
    li.classList.toggle('has-warning', !own.some((d) => d.severity === 'error') && own.length > 0);
    const fbDiag = own.some((d) => /\/fallback$/.test(d.path));
    li.dataset.engineFallback = String(fbDiag);
    for (const part of ['source', 'target', 'fallback', 'overwrite']) {
      const el = li.querySelector(`#${rowId(i)}-${part}`);
      if (!el) continue;
      const bad = own.some((d) => d.severity === 'error' && partOf(d.path) === part);
      if (part === 'fallback') {
        const problem = li.dataset.clientInvalid === 'true';
        el.setAttribute('aria-invalid', String(bad || problem || fbDiag));
        if (fbDiag) li.querySelector('.c-fallback .field-error').textContent = '';
      } else el.setAttribute('aria-invalid', String(bad));
      const describedBy = new Set((el.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean));
      if (own.length) describedBy.add(msgs.id); else describedBy.delete(msgs.id);
      el.setAttribute('aria-describedby', [...describedBy].join(' '));
    }
  }

  function partOf(path) {
    const m = /^\/mappings\/[a-z]+\/\d+(?:\/([A-Za-z]+))?/.exec(path ?? '');
    if (!m) return 'target';
    return { source: 'source', target: 'target', fallback: 'fallback', overwrite: 'overwrite', valueMap: 'source', truncate: 'target', clearWhenEmpty: 'target' }[m[1]] ?? 'target';
  }

  /** The report's findings on this tab's rows, by row (found once, not once per row). */
  function rowFindings() {
    const byRow = new Map();
    for (const d of app.report?.diagnostics ?? []) {
      if (d.tab !== tab() || d.row == null) continue;
      (byRow.get(d.row) ?? byRow.set(d.row, []).get(d.row)).push(d);
    }
    return byRow;
  }

  function applyReport() {
    const byRow = rowFindings();
    [...els.rows.children].forEach((li, i) => applyReportToRow(li, i, byRow));
    renderCounts();
    applyFilter();
  }

  function renderCounts() {
    for (const t of TABS) {
      const span = els.tablist.querySelector(`[data-count="${t}"]`);
      const n = app.config.mappings[t].length;
      const errs = app.report?.diagnostics.filter((d) => d.tab === t && d.severity === 'error').length ?? 0;
      span.textContent = String(n);
      span.dataset.errors = String(errs);
      span.title = errs ? `${n} mappings, ${errs} error${errs === 1 ? '' : 's'}` : `${n} mappings`;
    }
    renderSummary();
  }

  function renderSummary() {
    const n = rows().length;
    const all = `${n} mapping${n === 1 ? '' : 's'} to ${object()}`;
    const shown = [...els.rows.children].filter((li) => !li.hidden).length;
    els.summary.textContent = filtering() ? `${shown} of ${all} shown` : all;
  }

  /** Does the integration write this tab's object (as validate's tab_in_use)? */
  function tabInUse(t = tab()) {
    const c = app.config;
    if (t === 'contacts') return c.contacts.target !== 'lead';
    if (t === 'leads') return c.contacts.target !== 'contact';
    if (t === 'events') return !!c.meetings.createEvents;
    return c.meetings.createCases !== false && c.meetings.caseCalendars.length > 0;
  }

  /** Does the integration create records on this tab (as validate's tab_creates)? */
  function tabCreates(t = tab()) {
    return t === 'contacts' ? app.config.contacts.target === 'contact' : tabInUse(t);
  }

  function renderNote() {
    const unused = {
      contacts: 'New OnceHub contacts create or update Leads, so this tab is not used (see Integration settings).',
      leads: 'New OnceHub contacts create or update Contacts, so this tab is not used (see Integration settings).',
      events: 'Events are switched off in Integration settings; these rows are not used.',
      cases: 'No Booking Calendar creates Cases yet; switch Cases on and pick calendars in Integration settings.',
    };
    let note = tabInUse() ? '' : unused[tab()];
    if (tabInUse() && !tabCreates()) {
      note = 'Existing Contacts are updated; a new contact becomes a Lead (see Integration settings), so no Contact is created and its required fields need nothing here.';
    }
    // Canceled, completed and no-show bookings update the Event: without a row for the
    // meeting's status the Event does not show what happened (no standard Event field holds it).
    if (tab() === 'events' && tabInUse() && !rows().some((r) => r.source === 'status')) {
      note = 'No row maps the meeting\'s status: canceled, completed and no-show meetings update their Event, but Salesforce will not show what happened. Map “Meeting status” to an Event field of your own (Salesforce has no standard one).';
    }
    if (!model.describe(object())) note = `${object()} is not loaded: load its describe under Salesforce connection.`;
    els.note.textContent = note;
    els.note.hidden = !note;
  }

  // ---------------------------------------------------------------- full render
  function render() {
    const active = document.activeElement;
    const focusId = active && els.rows.contains(active) ? active.id : null;
    const list = rows();
    const frag = document.createDocumentFragment();
    list.forEach((row, i) => frag.append(buildRow(row, i)));
    els.rows.replaceChildren(frag);
    applyReport();
    renderRequired();
    renderNote();
    renderSuggestions();
    if (focusId) document.getElementById(focusId)?.focus();
  }

  /** Moves focus to what a diagnostic is about. */
  function focusDiagnostic(d) {
    const path = d.path ?? '';
    if (d.tab && TABS.includes(d.tab)) {
      if (d.tab !== tab()) selectTab(d.tab);
      if (d.row != null) {
        const li = els.rows.children[d.row];
        if (li?.hidden) { clearFilter(); applyFilter(); renderCounts(); }
        const target = li?.querySelector(`#${rowId(d.row)}-${partOf(path)}`) ?? li?.querySelector('select');
        if (target) { flash(li); target.focus(); target.scrollIntoView({ block: 'center', behavior: 'instant' }); return; }
      }
      if (/REQUIRED|EVENT_TIMING/.test(d.code ?? '')) {
        // the required item the finding names (first `backticked` word), else the panel
        const names = [...`${d.message ?? ''} ${d.help ?? ''}`.matchAll(/`([^`]+)`/g)].flatMap((m) => [m[1], m[1].split('.').pop()]);
        const item = [...els.required.querySelectorAll('li[data-field]')].find((li) => names.includes(li.dataset.field));
        flash(item ?? els.requiredTitle.parentElement);
        (item?.querySelector('button') ?? els.requiredTitle).focus();
        return;
      }
      tabs.find((t) => t.dataset.tab === d.tab)?.focus();
      return;
    }
    return false;
  }

  function flash(el) {
    if (!el) return;
    el.classList.remove('flash');
    void el.offsetWidth;
    el.classList.add('flash');
  }

  return {
    render, renderRequired, applyReport, selectTab, focusDiagnostic,
    measure: () => lastBuild,
    /** Builds a detached target dropdown for (object, source) and times it (perf hook). */
    timeTargetOptions(obj, source) {
      const saved = app.activeTab;
      const t0 = performance.now();
      const sel = document.createElement('select');
      let list = [];
      try { list = model.compatible(obj, source); } catch (err) { return { error: err.message }; }
      const frag = document.createDocumentFragment();
      for (const f of list) frag.append(new Option(optionText(f.label, f.name, f.typeLabel, f.grade), f.name));
      sel.append(frag);
      app.activeTab = saved;
      return { ms: performance.now() - t0, options: sel.options.length };
    },
  };
}

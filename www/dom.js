// Small DOM helpers. Every string that may come from Salesforce or OnceHub goes through
// textContent, `new Option(text, value)` or setAttribute; nothing here parses HTML.

/**
 * Creates an element. `props`: `class`, `text` (textContent), `dataset` (object),
 * `on<event>` (listener), DOM properties for non-string values (checked, disabled, ...),
 * attributes for strings. Children: nodes or strings (appended as text nodes).
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value == null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (typeof value !== 'string' && key in el) el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/**
 * Isolates text from Salesforce or OnceHub for display: a right-to-left override in a label
 * cannot reorder the text around it (FSI ... PDI), e.g. the API name shown after the label.
 * Text without right-to-left letters or bidi controls is returned unchanged.
 */
export function iso(text) {
  const t = String(text ?? '');
  // Only text with right-to-left letters or bidi controls needs it; leaving other text as is
  // keeps the type-ahead of a <select> (which matches the start of the option text) working.
  return BIDI.test(t) ? `\u2068${t}\u2069` : t;
}
/**
 * Text with its invisible direction controls (right-to-left override, isolates, marks) written
 * as `\u202E` escapes, for showing data exactly: in JSON the escape means the same character,
 * and nothing can reorder the text around it.
 */
export function visibleControls(text) {
  return String(text ?? '').replace(CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}
const CONTROLS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069\u061C]/g;
const BIDI = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u200E\u200F\u202A-\u202E\u2066-\u2069\u061C]|\uD802[\uDC00-\uDFFF]|\uD83A[\uDC00-\uDFFF]/;

/** Appends children, skipping null / false (native append() would print "null"). */
export function add(el, ...children) { append(el, children); return el; }
/** Replaces the children, skipping null / false. */
export function fill(el, ...children) { el.replaceChildren(); append(el, children); return el; }

function append(el, children) {
  for (const child of children) {
    if (child == null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

/** Text where `backticked` parts (the engine's convention for user values) become <code>. */
export function richText(text, tag = 'span', props = {}) {
  const el = h(tag, props);
  // Engine text quotes data from Salesforce and OnceHub: direction controls show as escapes.
  visibleControls(text).split('`').forEach((part, i) => {
    if (!part) return;
    el.append(i % 2 ? h('code', { text: part }) : document.createTextNode(part));
  });
  return el;
}

/** Renders an engine error (message, code, path, help) — or any other Error — into `box`. */
export function showError(box, err, { title } = {}) {
  box.hidden = false;
  box.classList.remove('warn-box');
  box.classList.add('error-box');
  box.setAttribute('role', 'alert');
  delete box.dataset.kind;
  const code = err?.code ? h('span', { class: 'code-chip', text: err.code }) : null;
  const path = err && typeof err.path === 'string'
    ? h('span', { class: 'path' }, 'at ', h('code', { text: err.path || '(whole input)' }))
    : null;
  fill(box,
    h('p', { class: 'error-title' }, title ? h('strong', { text: title + ' ' }) : null,
      richText(err?.message ?? String(err))),
    code || path ? h('p', { class: 'error-meta' }, code, ' ', path) : null,
    err?.help ? h('p', { class: 'help' }, h('span', { class: 'help-label', text: 'How to fix: ' }), richText(err.help)) : null,
  );
}

/** Like showError, for something to check after a step that worked: a warning, not an alert. */
export function showWarning(box, err, { title } = {}) {
  showError(box, err, { title });
  box.classList.remove('error-box');
  box.classList.add('warn-box');
  box.setAttribute('role', 'status');
}

export function clearBox(box) {
  box.hidden = true;
  box.removeAttribute('role');
  delete box.dataset.kind;
  box.replaceChildren();
}

/** A one-line status message (polite live region). */
export function say(el, text, kind = 'info') {
  el.textContent = text;
  el.dataset.kind = kind;
}

let uid = 0;
export const nextId = (prefix = 'id') => `${prefix}-${++uid}`;

/** Debounce with a `flush()` for tests and immediate paths. */
export function debounce(fn, ms) {
  let t = 0;
  const wrapped = (...args) => {
    clearTimeout(t);
    t = setTimeout(() => { t = 0; fn(...args); }, ms);
  };
  wrapped.flush = () => { if (t) { clearTimeout(t); t = 0; fn(); } };
  wrapped.cancel = () => { clearTimeout(t); t = 0; };
  return wrapped;
}

/** Offers text as a file download (Blob + object URL). */
export function download(filename, text, type = 'application/json') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Copies text to the clipboard; falls back to a hidden textarea + execCommand. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const ta = h('textarea', { class: 'vh', readonly: true });
    ta.value = text;
    document.body.append(ta);
    ta.select();
    let ok = false;
    try { ok = document.execCommand('copy'); } catch { ok = false; }
    ta.remove();
    return ok;
  }
}

/** Reads a File as text. */
export const readFile = (file) => file.text();

// Typed fallback / static-value inputs and the instant client-side checks behind them.
// The engine's validate() stays the authority; these give feedback while typing.

import { h, iso } from './dom.js';
import { TEXT_TYPES, NUMBER_TYPES, valueText } from './model.js';

/**
 * An email address as the engine (src/value.rs, after Salesforce) reads it: a local part of up to
 * 64 characters, quoted or of the usual characters (or other scripts) and not starting with a dot
 * (`a..a@test.jp` is valid), `(comments)` ignored, then a domain of two or more labels (letters, digits, hyphens inside, or other
 * scripts) whose last label is letters (one is enough: Salesforce saves `a@b.c`).
 */
function isEmail(text) {
  const at = text.indexOf('@');
  if (at < 0) return false;
  // A `(comment)` at the start or end of either part is ignored (not inside a quoted part);
  // other parentheses stay, and the character checks refuse them.
  const uncomment = (part) => (part.startsWith('"') ? part : part.replace(/^\([^()]*\)/, '').replace(/\([^()]*\)$/, ''));
  const local = uncomment(text.slice(0, at));
  const domain = uncomment(text.slice(at + 1));
  if (!local || [...local].length > 64 || domain.includes('@')) return false;
  const quoted = local.length >= 3 && local.startsWith('"') && local.endsWith('"') ? local.slice(1, -1) : null;
  const localOk = quoted !== null
    ? /^[\x20-\x7e]+$/.test(quoted) && !/["\\]/.test(quoted)
    : /^([A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]|[^\x00-\x7f\s\u200b\ufeff])+$/.test(local) && !local.startsWith('.');
  const labels = domain.split('.');
  const labelOk = (l) => l.length > 0 && !l.startsWith('-') && !l.endsWith('-') && /^([A-Za-z0-9-]|[^\x00-\x7f])+$/.test(l);
  const tld = labels[labels.length - 1];
  return localOk && labels.length >= 2 && labels.every(labelOk) && /^([A-Za-z]|[^\x00-\x7f])+$/.test(tld);
}
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const TIME = /^\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z?$/;

const pad = (n) => String(n).padStart(2, '0');

function validDate(text) {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** ISO datetime → value for <input type=datetime-local> (browser local time), or null. */
function toLocalInput(iso) {
  if (typeof iso !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(iso)) return null;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** What kind of input a Salesforce field type gets. */
export function inputKind(info) {
  const t = info?.type;
  if (t === 'picklist' || t === 'multipicklist') return 'picklist';
  if (t === 'boolean') return 'boolean';
  if (NUMBER_TYPES.has(t)) return 'number';
  if (t === 'date') return 'date';
  if (t === 'datetime') return 'datetime';
  if (t === 'time') return 'time';
  if (t === 'email') return 'email';
  return 'text';
}

/**
 * Builds the control for a fallback value. `onValue(value|undefined)` receives the typed
 * config value (string, number or boolean; undefined = no fallback).
 */
export function fallbackControl({ id, info, value, label, describedBy, onValue }) {
  const kind = inputKind(info);
  let el;
  const common = { id, 'aria-describedby': describedBy };
  if (info?.recordTypes?.length) {
    // A record type by name; the value sent is its id.
    el = h('select', common);
    el.append(new Option('— no value —', ''));
    for (const t of info.recordTypes) el.append(new Option(`${t.name} (${t.id})`, t.id));
    const current = value == null ? '' : String(value);
    if (current && !info.recordTypes.some((t) => t.id === current)) {
      el.append(new Option(`${current} (not a record type of this org)`, current));
    }
    el.value = current;
    el.setAttribute('aria-label', label);
    el.addEventListener('change', () => onValue(el.value === '' ? undefined : el.value));
    return el;
  }
  if (info?.type === 'multipicklist' && info.picklistValues?.length) {
    // Several values, sent joined with `;` as Salesforce stores them.
    el = h('select', { ...common, multiple: true, size: String(Math.min(6, info.picklistValues.length + 1)) });
    const current = value == null ? [] : String(value).split(';').map((v) => v.trim()).filter(Boolean);
    for (const v of info.picklistValues) el.append(new Option(valueText(info, v), v));
    for (const v of current) if (!info.picklistValues.includes(v)) el.append(new Option(`${iso(v)} (not a picklist value)`, v));
    for (const o of el.options) o.selected = current.includes(o.value);
    el.setAttribute('aria-label', `${label} (several values: Ctrl or Cmd + click)`);
    el.addEventListener('change', () => {
      const chosen = [...el.selectedOptions].map((o) => o.value);
      onValue(chosen.length ? chosen.join(';') : undefined);
    });
    return el;
  }
  if (kind === 'picklist' || kind === 'boolean') {
    el = h('select', common);
    el.append(new Option(kind === 'boolean' ? '— no value —' : '— no fallback —', ''));
    const values = kind === 'boolean' ? ['true', 'false'] : info.picklistValues;
    for (const v of values) el.append(new Option(kind === 'boolean' ? v : valueText(info, v), v));
    const current = value == null ? '' : String(value);
    if (current && !values.includes(current)) {
      el.append(new Option(`${iso(current)} (not a picklist value)`, current));
    }
    el.value = current;
    el.addEventListener('change', () => {
      const v = el.value;
      onValue(v === '' ? undefined : kind === 'boolean' ? v === 'true' : v);
    });
    return el;
  }
  if (kind === 'date') {
    el = h('input', { ...common, type: 'date' });
    el.value = typeof value === 'string' && validDate(value) ? value : '';
    if (value != null && el.value === '') { el.type = 'text'; el.value = String(value); }
  } else if (kind === 'datetime') {
    const local = value == null ? '' : toLocalInput(value);
    el = h('input', { ...common, type: local === null ? 'text' : 'datetime-local' });
    el.value = local === null ? String(value) : local;
  } else {
    el = h('input', {
      ...common,
      type: 'text',
      inputmode: kind === 'number' ? 'decimal' : kind === 'email' ? 'email' : null,
      autocomplete: 'off',
      spellcheck: kind === 'text' ? null : 'false',
      placeholder: kind === 'time' ? 'HH:mm:ss.SSSZ' : null,
    });
    el.value = value == null ? '' : String(value);
  }
  el.setAttribute('aria-label', label);
  el.addEventListener('input', () => {
    const raw = el.value;
    if (raw === '') return onValue(undefined);
    if (kind === 'number' && NUMBER.test(raw.trim())) return onValue(Number(raw.trim()));
    if (kind === 'datetime' && el.type === 'datetime-local') {
      const d = new Date(raw);
      return onValue(Number.isNaN(d.getTime()) ? raw : d.toISOString());
    }
    return onValue(raw);
  });
  return el;
}

/** Instant check of a fallback against the target field; returns a message or null. */
export function checkFallback(value, info) {
  if (value == null || value === '' || !info) return null;
  const text = String(value);
  const t = info.type;
  // Salesforce counts length in UTF-16 units (an emoji is 2), as JS strings do.
  if (TEXT_TYPES.has(t) && info.length && text.length > info.length) {
    return `too long: ${text.length} characters; ${info.label} holds at most ${info.length}`;
  }
  if (t === 'email' && !isEmail(text)) return 'not a valid email address';
  // Picklist values match without regard to case; an unrestricted picklist takes any value
  // (the engine warns), so only a restricted one is refused here.
  if ((t === 'picklist' || t === 'multipicklist') && info.restricted && info.picklistValues.length) {
    const known = new Set(info.picklistValues.map((v) => v.toLowerCase()));
    // As the engine: the parts of a multi-select list are trimmed, a single value is not.
    const parts = t === 'multipicklist' ? text.split(';').map((p) => p.trim()).filter(Boolean) : [text];
    const bad = parts.filter((p) => !known.has(p.toLowerCase()));
    if (bad.length) return `not a value of the picklist: ${bad.join(', ')}`;
  }
  if (NUMBER_TYPES.has(t)) {
    if (typeof value !== 'number' && !NUMBER.test(text.trim())) return 'not a number';
    const n = Number(value);
    if (!Number.isFinite(n)) return 'not a number';
    // As the engine: a whole-number field takes whole-number text (not `12.0` or `1e3`).
    if ((t === 'int' || t === 'long') && (!Number.isInteger(n) || (typeof value !== 'number' && !/^[+-]?\d+$/.test(text.trim())))) {
      return 'a whole number is required';
    }
    const intDigits = String(Math.trunc(Math.abs(n))).replace(/^0$/, '').length;
    const max = t === 'int' || t === 'long' ? info.digits || info.precision : info.precision && info.precision - (info.scale ?? 0);
    if (max && intDigits > max) return `too many digits: at most ${max} before the decimal point`;
  }
  if (t === 'date' && !validDate(text)) return 'not a date (yyyy-mm-dd)';
  // Salesforce stores dates from 1700 to 4000.
  if ((t === 'date' || t === 'datetime') && /^\d{4}/.test(text) && (+text.slice(0, 4) < 1700 || +text.slice(0, 4) > 4000)) {
    return 'outside the dates Salesforce stores (years 1700 to 4000)';
  }
  if (t === 'datetime' && (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text) || !validDate(text.slice(0, 10)) || Number.isNaN(new Date(text).getTime()))) {
    return 'not a date and time';
  }
  // As the engine: Salesforce cannot read `+0000` unless milliseconds come first (`….000+0000`).
  if (t === 'datetime' && /T[^.]*[+-]\d{4}$/.test(text)) return 'the offset needs a colon, such as +00:00';
  if (t === 'time' && !TIME.test(text)) return 'not a time (HH:mm:ss.SSSZ)';
  if (t === 'boolean' && typeof value !== 'boolean' && text !== 'true' && text !== 'false') return 'must be true or false';
  return null;
}

/** A short hint under the input, e.g. "up to 255 characters". */
export function fallbackHint(info, value) {
  if (!info) return '';
  if (info.recordTypes?.length) return 'record type';
  if (TEXT_TYPES.has(info.type) && info.length) {
    const n = value == null ? 0 : String(value).length;
    return `${n}/${info.length} characters`;
  }
  switch (inputKind(info)) {
    case 'picklist': return info.restricted ? 'restricted picklist' : 'picklist';
    case 'number': return info.type === 'int' || info.type === 'long' ? 'whole number' : 'number';
    case 'date': return 'date';
    case 'datetime': return 'date and time (your time zone)';
    default: return '';
  }
}

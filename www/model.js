// The page's model: the wasm Engine, the loaded describes (with a small client-side digest
// used for labels, static-value targets and typed fallback inputs), the OnceHub source
// fields and caches. The engine stays the authority on compatibility and validation.

import { Engine, tabObject } from './pkg/oncehub_sf_mapping.js';
import { iso } from './dom.js';

export const TABS = ['contacts', 'leads', 'events', 'cases'];
export const TAB_LABELS = { contacts: 'Contacts', leads: 'Leads', events: 'Events', cases: 'Cases' };
export const tabKind = (tab) => (tab === 'events' || tab === 'cases' ? 'meeting' : 'contact');

/** Salesforce types that hold text (length-limited). */
export const TEXT_TYPES = new Set(['string', 'textarea', 'email', 'phone', 'url', 'combobox', 'encryptedstring']);
export const NUMBER_TYPES = new Set(['int', 'long', 'double', 'currency', 'percent']);
/** Fields the integration links itself (never offered for static values either). */
const ENGINE_SET = new Set(['Event.WhoId', 'Event.WhatId', 'Case.ContactId']);

/** Extracts what the page needs from a describe's JSON (REST or `sf` CLI wrapper). */
function digest(json) {
  const root = json && typeof json === 'object' && !Array.isArray(json.fields) && json.result ? json.result : json;
  const list = [];
  const byName = new Map();
  for (const f of Array.isArray(root?.fields) ? root.fields : []) {
    if (!f || typeof f.name !== 'string') continue;
    const info = {
      name: f.name,
      label: typeof f.label === 'string' && f.label ? f.label : f.name,
      type: String(f.type ?? 'unsupported'),
      length: Number.isFinite(f.length) && f.length > 0 ? f.length : null,
      precision: Number.isFinite(f.precision) ? f.precision : null,
      scale: Number.isFinite(f.scale) ? f.scale : null,
      digits: Number.isFinite(f.digits) ? f.digits : null,
      createable: f.createable !== false,
      updateable: f.updateable !== false,
      nillable: f.nillable !== false,
      defaultedOnCreate: f.defaultedOnCreate === true,
      calculated: f.calculated === true,
      autoNumber: f.autoNumber === true,
      hidden: f.deprecatedAndHidden === true,
      restricted: f.restrictedPicklist === true,
      picklistValues: Array.isArray(f.picklistValues)
        ? f.picklistValues.filter((p) => p && p.active !== false && typeof p.value === 'string').map((p) => p.value)
        : [],
      // value → label, where the org labels a value otherwise (`CA` → `California`).
      picklistLabels: new Map(Array.isArray(f.picklistValues)
        ? f.picklistValues.filter((p) => p && typeof p.value === 'string' && typeof p.label === 'string' && p.label && p.label !== p.value).map((p) => [p.value, p.label])
        : []),
    };
    list.push(info);
    byName.set(info.name, info);
    byName.set(info.name.toLowerCase(), byName.get(info.name.toLowerCase()) ?? info);
  }
  list.sort((a, b) => a.label.localeCompare(b.label) || a.name.localeCompare(b.name));
  return { list, byName };
}

/** A picklist value as a dropdown shows it: its label, then the value sent (`California (CA)`). */
export function valueText(info, value) {
  const label = info?.picklistLabels?.get(value);
  return label ? `${iso(label)} (${iso(value)})` : iso(value);
}

export function typeLabel(f) {
  if (!f) return '';
  if (TEXT_TYPES.has(f.type) || f.type === 'picklist' || f.type === 'multipicklist') {
    return f.length ? `${f.type}(${f.length})` : f.type;
  }
  if (NUMBER_TYPES.has(f.type) && f.precision) return `${f.type}(${f.precision}${f.scale ? ',' + f.scale : ''})`;
  if (f.type === 'int' && f.digits) return `int(${f.digits} digits)`;
  return f.type;
}

export class Model {
  constructor() {
    this.engine = new Engine();
    /**
     * object name in lower case (Salesforce names are case-insensitive, as the engine reads
     * them) → { text, origin: 'sample'|'uploaded', summary, list, byName }
     */
    this.describes = new Map();
    /** CustomSourceFieldInput[] registered so far (persisted). */
    this.customInputs = [];
    this.sourceCache = new Map();
    this.compatCache = new Map();
    this.explainCache = new Map();
    this.listeners = new Set();
  }

  has(name) { return typeof this.engine[name] === 'function'; }

  /** Loads a describe into the engine (throws the engine's error), then digests it. */
  loadDescribe(text, origin) {
    const summary = this.engine.loadDescribe(text);
    let json = null;
    // The engine reads a UTF-8 byte order mark; JSON.parse does not.
    try { json = JSON.parse(text.replace(/^\uFEFF/, '')); } catch { json = null; }
    const d = digest(json);
    this.describes.set(summary.object.toLowerCase(), { text, origin, summary, ...d });
    this.invalidate(summary.object);
    // What the engine knows beyond the text (a reduced describe gives no lengths or write
    // rules; Salesforce fixes them for standard fields): its writable fields' facts win.
    for (const t of this.staticTargets(summary.object)) {
      const f = d.byName.get(t.name);
      if (!f) continue;
      if (f.length == null && Number.isFinite(t.length) && t.length > 0) f.length = t.length;
      if (typeof t.updateable === 'boolean') f.updateable = t.updateable;
    }
    return summary;
  }

  invalidate(object) {
    for (const cache of [this.compatCache, this.explainCache]) {
      if (!object) { cache.clear(); continue; }
      const prefix = object.toLowerCase() + '\u0000';
      for (const key of cache.keys()) if (key.toLowerCase().startsWith(prefix)) cache.delete(key);
    }
  }

  /** Rebuilds the engine from scratch (used to drop a custom source field). */
  rebuild(customInputs) {
    const old = this.engine;
    const engine = new Engine();
    for (const d of this.describes.values()) engine.loadDescribe(d.text);
    if (customInputs.length) engine.addSourceFields(customInputs);
    this.engine = engine;
    old.free();
    this.customInputs = customInputs.slice();
    this.sourceCache.clear();
    this.invalidate();
  }

  addSourceFields(inputs) {
    const added = this.engine.addSourceFields(inputs);
    // The engine replaces a custom field registered again (same kind and id); so does the saved
    // list, which keeps one definition per kind and id.
    const key = (i) => `${i.kind}\u0000${i.id}`;
    const keys = new Set(inputs.map(key));
    this.customInputs = this.customInputs.filter((i) => !keys.has(key(i)));
    this.customInputs.push(...inputs);
    this.sourceCache.clear();
    this.invalidate();
    return added;
  }

  // Engine results may be frozen: indexes live next to them, never on them.
  sourceEntry(kind) {
    let entry = this.sourceCache.get(kind);
    if (!entry) {
      const list = this.engine.sourceFields(kind);
      entry = { list, byId: new Map(list.map((f) => [f.id, f])) };
      this.sourceCache.set(kind, entry);
    }
    return entry;
  }

  sourceFields(kind) { return this.sourceEntry(kind).list; }

  sourceField(kind, id) { return this.sourceEntry(kind).byId.get(id) ?? null; }

  objectFor(tab) { return tabObject(tab); }

  describe(object) { return this.describes.get(String(object).toLowerCase()) ?? null; }

  field(object, name) {
    const d = this.describe(object);
    return d ? d.byName.get(name) ?? d.byName.get(String(name).toLowerCase()) ?? null : null;
  }

  /** compatibleFields, cached per (object, source): { list, byName }; throws the engine's error. */
  compatibleEntry(object, source) {
    const key = object + '\u0000' + source;
    let entry = this.compatCache.get(key);
    if (!entry) {
      const list = this.engine.compatibleFields(object, source);
      entry = { list, byName: new Map(list.map((f) => [f.name, f])) };
      this.compatCache.set(key, entry);
    }
    return entry;
  }

  compatible(object, source) { return this.compatibleEntry(object, source).list; }

  explain(object, source, target) {
    const key = object + '\u0000' + source + '\u0000' + target;
    let e = this.explainCache.get(key);
    if (!e) {
      try { e = this.engine.explain(object, source, target); } catch (err) { e = { compatible: false, reasons: [err.message], error: err }; }
      this.explainCache.set(key, e);
    }
    return e;
  }

  /**
   * Targets for a static-value row, from the engine (the authority on what can be written and
   * what is required): `{ name, label, typeLabel, required, ... }`. An engine without
   * `staticTargets` gets the page's own reading of the describe.
   */
  staticTargets(object) {
    const d = this.describe(object);
    if (!d) return [];
    if (!d.staticList) {
      if (this.has('staticTargets')) {
        try { d.staticList = this.engine.staticTargets(object); } catch { d.staticList = []; }
      } else {
        d.staticList = d.list.filter((f) => f.createable && !f.calculated && !f.autoNumber && !f.hidden
          && !['id', 'address', 'location', 'base64', 'unsupported'].includes(f.type)
          && !ENGINE_SET.has(`${object}.${f.name}`))
          .map((f) => ({ ...f, typeLabel: typeLabel(f), required: !f.nillable && !f.defaultedOnCreate && f.type !== 'boolean' }));
      }
      d.staticByName = new Map(d.staticList.map((f) => [f.name, f]));
    }
    return d.staticList;
  }

  /** The engine's static-target entry of a field (record types for RecordTypeId...), or null. */
  staticTarget(object, name) {
    this.staticTargets(object);
    return this.describe(object)?.staticByName?.get(name) ?? null;
  }

  isStaticTarget(object, name) { return this.staticTarget(object, name) !== null; }
}

// The page's model: the wasm Engine, the loaded describes (with a small client-side digest
// used for labels, static-value targets and typed fallback inputs), the OnceHub source
// fields and caches. The engine stays the authority on compatibility and validation.

import { Engine, tabObject } from './pkg/oncehub_sf_mapping.js';

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
    };
    list.push(info);
    byName.set(info.name, info);
    byName.set(info.name.toLowerCase(), byName.get(info.name.toLowerCase()) ?? info);
  }
  list.sort((a, b) => a.label.localeCompare(b.label) || a.name.localeCompare(b.name));
  return { list, byName };
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
    /** object name → { text, origin: 'sample'|'uploaded', summary, list, byName } */
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
    try { json = JSON.parse(text); } catch { json = null; }
    const d = digest(json);
    this.describes.set(summary.object, { text, origin, summary, ...d });
    this.invalidate(summary.object);
    return summary;
  }

  invalidate(object) {
    for (const cache of [this.compatCache, this.explainCache]) {
      if (!object) { cache.clear(); continue; }
      for (const key of cache.keys()) if (key.startsWith(object + '\u0000')) cache.delete(key);
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

  describe(object) { return this.describes.get(object) ?? null; }

  field(object, name) {
    const d = this.describes.get(object);
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

  /** Targets for a static-value row: writable fields of the object (client digest). */
  staticTargets(object) {
    const d = this.describes.get(object);
    if (!d) return [];
    if (!d.staticList) {
      d.staticList = d.list.filter((f) => (f.createable || f.updateable) && !f.calculated && !f.autoNumber && !f.hidden
        && !['id', 'reference', 'address', 'location', 'base64', 'unsupported'].includes(f.type)
        && !ENGINE_SET.has(`${object}.${f.name}`));
      d.staticNames = new Set(d.staticList.map((f) => f.name));
    }
    return d.staticList;
  }

  isStaticTarget(object, name) {
    this.staticTargets(object);
    return this.describes.get(object)?.staticNames?.has(name) ?? false;
  }
}

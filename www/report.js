// The pre-flight report: the whole screen as one Markdown text to attach to a support ticket or
// a change request (settings, the loaded describes, every row, every problem, the booking form
// checklist). Plain text built from the engine's answers; no DOM.
//
// Everything from Salesforce, OnceHub or the user is data: it is written so that no Markdown
// reader turns it into markup (HTML, links, emphasis, headings, table columns), and direction
// controls show as escapes (`\u202E`), as on the screen.

const TABS = ['contacts', 'leads', 'events', 'cases'];
const TAB_LABELS = { contacts: 'Contacts', leads: 'Leads', events: 'Events', cases: 'Cases' };
const CONTACT_TARGETS = {
  lead: 'Create or update a Lead',
  contact: 'Create or update a Contact',
  contactElseLead: 'Update the Contact if one exists, otherwise create or update a Lead',
};

const CONTROLS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069\u061C]/g;
/** A form hint's `format` in words (the screen and the report say it alike). */
export const FORMAT_WORDS = { email: 'an email address', number: 'a number', wholeNumber: 'a whole number', date: 'a date', datetime: 'a date and time', time: 'a time (asked as a date and time)', yesNo: 'yes or no' };

/** Does a registered answer go by a name in OnceHub other than its label and id? (Names are
 * matched without letter case, and with `-`, `_` and spaces alike.) */
export function namedOtherwise(hint) {
  const loose = (t) => String(t ?? '').trim().toLowerCase().replace(/[-_\s]+/g, '_');
  const name = loose(hint.payloadName);
  return Boolean(name) && name !== loose(hint.label) && name !== loose(hint.question.replace(/^custom\./, ''));
}

/** One line, with direction controls written as escapes. */
function oneLine(value) {
  return String(value)
    .replace(CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)
    .replace(/[\r\n\t]+/g, ' ');
}

/** Text as text: the characters Markdown reads are escaped (also `|`, for table cells). */
export function plain(value) {
  if (value === null || value === undefined || value === '') return '—';
  return oneLine(value).replace(/[\\`*_[\]<>#~|&]/g, '\\$&');
}

/** [`plain`] at the start of a list item, where `1.` or `- ` would start a list of its own. */
export function plainStart(value) {
  return plain(value)
    .replace(/^(\s*\d+)([.)])/, '$1\\$2')
    .replace(/^(\s*)([-+])(?=\s)/, '$1\\$2');
}

/** A value as code, exactly: a fence longer than any run of backticks in it. In a table cell
 * a `|` is escaped (the table reads it first and drops the backslash). */
export function code(value, { table = false } = {}) {
  if (value === null || value === undefined || value === '') return '—';
  let text = oneLine(value);
  if (table) text = text.replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = longest > 0 || text.startsWith(' ') || text.endsWith(' ') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** The engine's words: `backticked` parts are values (code), the rest is text. */
function prose(text, options) {
  return String(text ?? '').split('`').map((part, i) => {
    if (!part) return '';
    return i % 2 ? code(part, options) : oneLine(part).replace(/[\\*_[\]<>#~|&]/g, '\\$&');
  }).join('');
}

/**
 * The report. `engine` is the wasm Engine; `config` the screen's configuration; `report` what
 * validate gave for it; `now` the time it is written at (an ISO string); `origins` says where
 * each object's describe came from (by object name: "sample" or "uploaded"); `customFields` are
 * the registered OnceHub fields as they were given to `addSourceFields`.
 */
export function buildReport({ engine, config, report, now, origins = {}, customFields = [] }) {
  const lines = [];
  const out = (...l) => lines.push(...l);
  const table = { table: true };
  out('# OnceHub → Salesforce field mapping: pre-flight report', '', `Written ${now}.`, '');
  const summary = report.errorCount || report.warningCount
    ? `${report.errorCount} error(s), ${report.warningCount} warning(s)`
    : 'no problems';
  out(`**Status:** ${report.valid ? 'ready' : 'not ready'} (${summary}).`, '');

  out('## Settings', '');
  out(`- New contacts: ${CONTACT_TARGETS[config.contacts?.target] ?? code(config.contacts?.target)}`);
  const meetings = config.meetings ?? {};
  out(`- Events: ${meetings.createEvents === false ? 'not created' : 'created for every meeting'}`);
  const calendars = new Map((config.bookingCalendars ?? []).map((c) => [c.id, c.name]));
  const cases = meetings.createCases === false ? [] : meetings.caseCalendars ?? [];
  out(`- Cases: ${cases.length
    ? `for meetings from ${cases.map((id) => (calendars.get(id) ? `${plain(calendars.get(id))} (${code(id)})` : code(id))).join(', ')}`
    : 'not created'}`);
  out(`- Salesforce API version: ${config.apiVersion ? code(config.apiVersion) : 'the engine default'}`);
  out(`- Time zone for bookings that give none: ${config.timeZone ? code(config.timeZone) : "none (the OnceHub host's time zone, else UTC)"}`, '');

  out('## Salesforce objects', '');
  const objects = engine.objects();
  if (objects.length) {
    out('| Object | Label | Fields | API version | Describe | Source |', '|---|---|---|---|---|---|');
    const origin = (name) => ({ sample: 'the sample org', uploaded: 'the org (uploaded)' }[origins[name]] ?? '—');
    for (const o of objects) out(`| ${code(o.name, table)} | ${plain(o.label)} | ${o.fieldCount} | ${plain(o.apiVersion)} | ${o.shape} | ${origin(o.name)} |`);
  } else {
    out('No describe is loaded.');
  }
  out('');

  out('## Custom OnceHub fields', '');
  if (customFields.length) {
    out('| Id | Label | Kind | Type | Name in OnceHub payloads | Options |', '|---|---|---|---|---|---|');
    for (const f of customFields) {
      const options = Array.isArray(f.options) && f.options.length ? f.options.map((o) => code(o, table)).join(', ') : '—';
      out(`| ${code(f.id, table)} | ${plain(f.label)} | ${plain(f.kind ?? 'contact')} | ${plain(f.type)} | ${f.payloadName ? code(f.payloadName, table) : '—'} | ${options} |`);
    }
  } else {
    out('None registered.');
  }
  out('');

  out('## Field mapping', '');
  for (const tab of TABS) {
    const rows = config.mappings?.[tab] ?? [];
    out(`### ${TAB_LABELS[tab]} (${rows.length} row${rows.length === 1 ? '' : 's'})`, '');
    if (!rows.length) { out('No rows.', ''); continue; }
    out('| # | OnceHub field | Salesforce field | Overwrite | Fallback or value | Row options |', '|---|---|---|---|---|---|');
    rows.forEach((row, i) => {
      const fallback = row.fallback === undefined || row.fallback === null ? '—' : code(row.fallback, table);
      const options = [
        row.truncate ? 'truncate' : null,
        row.clearWhenEmpty ? 'clear when empty' : null,
        ...Object.entries(row.valueMap ?? {}).map(([k, v]) => `${code(k, table)} → ${code(v, table)}`),
      ].filter(Boolean).join(', ') || '—';
      out(`| ${i + 1} | ${row.source ? code(row.source, table) : '(fixed value)'} | ${code(row.target, table)} | ${row.overwrite ? 'on' : 'off'} | ${fallback} | ${options} |`);
    });
    out('');
  }

  out('## Problems', '');
  if (!report.diagnostics.length) out('None: every required field is covered and every mapping fits.', '');
  for (const group of [null, ...TABS]) {
    const list = report.diagnostics.filter((d) => (d.tab ?? null) === group);
    if (!list.length) continue;
    out(`### ${group ? TAB_LABELS[group] : 'Settings'}`, '');
    for (const d of list) {
      const where = d.row !== null && d.row !== undefined ? `row ${d.row + 1}` : code(d.path || '/');
      const prevents = d.prevents ? ` Prevents ${code(d.prevents)}.` : '';
      const help = d.help ? ` ${prose(d.help)}.` : '';
      out(`- **${d.severity === 'error' ? 'Error' : 'Warning'}** ${code(d.code)} at ${where}: ${prose(d.message)}.${help}${prevents}`);
    }
    out('');
  }

  if (typeof engine.formHints === 'function') {
    let hints = [];
    try { hints = engine.formHints(config); } catch { /* validate's findings say why */ }
    if (hints.length) {
      out('## Booking form checklist', '', 'What each question of the booking forms (routing forms, chatbots) should enforce. Rows of the Cases tab apply to the booking calendars selected for Cases.', '');
      for (const h of hints) {
        const asks = [
          h.required ? 'required' : null,
          h.maxLength !== null ? `at most ${h.maxLength} characters` : null,
          h.format ? FORMAT_WORDS[h.format] ?? h.format : null,
          h.options?.length ? `a choice of ${h.options.map((o) => code(o)).join(', ')}` : null,
        ].filter(Boolean).join('; ');
        const named = namedOtherwise(h) ? `, named ${code(h.payloadName)} in OnceHub` : '';
        out(`- ${plainStart(h.label)} (${h.sources.map((s) => code(s)).join(', ')}${named})${asks ? `: ${asks}` : ''}`);
        for (const c of h.conflicts) out(`  - **Conflict:** ${prose(c)}`);
        for (const r of h.reasons) out(`  - ${prose(r.message)} (${TAB_LABELS[r.tab]} row ${r.row + 1})`);
      }
      out('');
    }
  }
  return lines.join('\n');
}

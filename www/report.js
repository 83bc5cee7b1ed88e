// The pre-flight report: the whole screen as one Markdown text to attach to a support ticket or
// a change request (settings, the loaded describes, every row, every problem, the booking form
// checklist). Plain text built from the engine's answers; no DOM.

const TABS = ['contacts', 'leads', 'events', 'cases'];
const TAB_LABELS = { contacts: 'Contacts', leads: 'Leads', events: 'Events', cases: 'Cases' };
const CONTACT_TARGETS = {
  lead: 'Create or update a Lead',
  contact: 'Create or update a Contact',
  contactElseLead: 'Update the Contact if one exists, otherwise create or update a Lead',
};

/** Text from Salesforce, OnceHub or the user, on one line and safe inside a table cell. */
export function cell(value) {
  if (value === null || value === undefined || value === '') return '—';
  return String(value).replace(/[\r\n]+/g, ' ').replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
}

/** A value shown as code, whatever backticks it holds. */
function code(value) {
  const text = cell(value);
  if (text === '—') return text;
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = longest > 0 ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * The report. `engine` is the wasm Engine; `config` the screen's configuration; `report` what
 * validate gave for it; `now` the time it is written at (an ISO string).
 */
export function buildReport({ engine, config, report, now }) {
  const lines = [];
  const out = (...l) => lines.push(...l);
  out('# OnceHub → Salesforce field mapping: pre-flight report', '', `Written ${now}.`, '');
  const summary = report.errorCount || report.warningCount
    ? `${report.errorCount} error(s), ${report.warningCount} warning(s)`
    : 'no problems';
  out(`**Status:** ${report.valid ? 'ready' : 'not ready'} (${summary}).`, '');

  out('## Settings', '');
  out(`- New contacts: ${CONTACT_TARGETS[config.contacts?.target] ?? cell(config.contacts?.target)}`);
  const meetings = config.meetings ?? {};
  out(`- Events: ${meetings.createEvents === false ? 'not created' : 'created for every meeting'}`);
  const calendars = new Map((config.bookingCalendars ?? []).map((c) => [c.id, c.name]));
  const cases = meetings.caseCalendars ?? [];
  out(`- Cases: ${cases.length
    ? `for meetings from ${cases.map((id) => (calendars.get(id) ? `${cell(calendars.get(id))} (${code(id)})` : code(id))).join(', ')}`
    : 'not created'}`);
  out(`- Salesforce API version: ${config.apiVersion ? code(config.apiVersion) : 'the engine default'}`);
  out(`- Time zone for bookings that give none: ${config.timeZone ? code(config.timeZone) : 'none (UTC)'}`, '');

  out('## Salesforce objects', '');
  const objects = engine.objects();
  if (objects.length) {
    out('| Object | Label | Fields | API version | Describe |', '|---|---|---|---|---|');
    for (const o of objects) out(`| ${code(o.name)} | ${cell(o.label)} | ${o.fieldCount} | ${cell(o.apiVersion)} | ${o.shape} |`);
  } else {
    out('No describe is loaded.');
  }
  out('');

  out('## Field mapping', '');
  for (const tab of TABS) {
    const rows = config.mappings?.[tab] ?? [];
    out(`### ${TAB_LABELS[tab]} (${rows.length} row${rows.length === 1 ? '' : 's'})`, '');
    if (!rows.length) { out('No rows.', ''); continue; }
    out('| # | OnceHub field | Salesforce field | Overwrite | Fallback or value |', '|---|---|---|---|---|');
    rows.forEach((row, i) => {
      const fallback = row.fallback === undefined || row.fallback === null ? '—' : code(row.fallback);
      out(`| ${i + 1} | ${row.source ? code(row.source) : '(fixed value)'} | ${code(row.target)} | ${row.overwrite ? 'on' : 'off'} | ${fallback} |`);
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
      const help = d.help ? ` ${cell(d.help)}.` : '';
      out(`- **${d.severity === 'error' ? 'Error' : 'Warning'}** ${code(d.code)} at ${where}: ${cell(d.message)}.${help}${prevents}`);
    }
    out('');
  }

  if (typeof engine.formHints === 'function') {
    let hints = [];
    try { hints = engine.formHints(config); } catch { /* validate's findings say why */ }
    if (hints.length) {
      out('## Booking form checklist', '');
      for (const h of hints) {
        const asks = [
          h.required ? 'required' : null,
          h.maxLength !== null ? `at most ${h.maxLength} characters` : null,
          h.format ? `format: ${h.format}` : null,
          h.options?.length ? `a choice of ${h.options.map(code).join(', ')}` : null,
          ...h.conflicts.map((c) => `conflict: ${cell(c)}`),
        ].filter(Boolean).join('; ');
        const named = h.payloadName && h.payloadName !== h.label ? `, named ${code(h.payloadName)} in OnceHub` : '';
        out(`- ${cell(h.label)} (${h.sources.map(code).join(', ')}${named}): ${asks}`);
      }
      out('');
    }
  }
  return lines.join('\n');
}

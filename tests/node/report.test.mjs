// The mapping screen's pre-flight report (www/report.js, DOM-free) over the built package:
// hostile labels, values and picklist options stay data in the Markdown.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { esm, REPO } from './helpers.mjs';
import { buildReport, plain, plainStart, code } from '../../www/report.js';

const repo = (rel) => readFileSync(path.join(REPO, rel), 'utf8');
const HOSTILE = [
  'Team`s size',
  '<img src=x onerror=alert(2)>',
  '[x](javascript:alert(3))',
  '*em* and _em_',
  '# heading',
  '1. item',
  'A|B',
  'C\\D',
  'evil\u202Egnp.exe',
  'two\nlines',
];

/** Cells of a GFM table row: split on pipes a backslash does not escape. */
const cells = (row) => row.split(/(?<!\\)\|/).slice(1, -1);

describe('pre-flight report', () => {
  it('writes hostile text as data: no HTML, links, emphasis, headings or extra columns', () => {
    for (const text of HOSTILE) {
      const p = plainStart(text);
      assert.doesNotMatch(p, /(?<!\\)[<>[\]*_`|#]/, `plainStart(${JSON.stringify(text)}) = ${p}`);
      assert.doesNotMatch(p, /\n|\u202E/);
      assert.doesNotMatch(p, /^\d+\./);
      assert.ok(p.startsWith(plain(text).slice(0, 1)) || /^\d/.test(text));
      const c = code(text, { table: true });
      assert.ok(c.startsWith('`') && c.endsWith('`'), c);
      assert.equal(cells(`| ${c} |`).length, 1, c);
    }
    // Inside a line, a version number stays as it is.
    assert.equal(plain('62.0'), '62.0');
    // A value with backticks keeps them, inside a longer fence.
    assert.equal(code('Team`s size'), '`` Team`s size ``');
    // Outside a table a pipe or backslash in code is exactly itself.
    assert.equal(code('A|B'), '`A|B`');
    assert.equal(code('C\\D'), '`C\\D`');
  });

  it('reports a configuration with hostile labels, values and options, keeping every table whole', () => {
    const engine = new esm.Engine();
    for (const o of ['Lead', 'Contact', 'Event', 'Case']) engine.loadDescribe(repo(`www/sample-org/${o}.json`));
    engine.addSourceFields(HOSTILE.map((label, i) => ({ id: `custom.h${i}`, label, type: 'text', payloadName: label })));
    const config = engine.defaultConfig();
    HOSTILE.forEach((label, i) => config.mappings.leads.push({ source: `custom.h${i}`, target: 'Title', overwrite: false, fallback: label }));
    config.bookingCalendars = [{ id: 'BKC-1', name: HOSTILE[1] }];
    config.meetings.caseCalendars = ['BKC-1'];
    const report = engine.validate(config);
    const text = buildReport({ engine, config, report, now: '2026-11-29T10:00:00.000Z' });
    for (const heading of ['## Settings', '## Salesforce objects', '## Field mapping', '## Problems', '## Booking form checklist']) {
      assert.ok(text.includes(`\n${heading}\n`), heading);
    }
    // Every table row has the columns of its header.
    let columns = 0;
    for (const line of text.split('\n')) {
      if (!line.startsWith('|')) { columns = 0; continue; }
      if (!columns) { columns = cells(line).length; continue; }
      assert.equal(cells(line).length, columns, line);
    }
    // Each checklist entry is one list item whose label cannot start markup.
    const items = text.split('\n').filter((l) => l.startsWith('- ') && l.includes('`custom.h'));
    assert.equal(items.length, HOSTILE.length, items.join('\n'));
    for (const item of items) assert.doesNotMatch(item.slice(2), /^(#|\d+\.|<)/, item);
    // Outside code spans, no raw HTML tag opens; direction controls show as escapes.
    // (A code span runs from a run of backticks to the next run of the same length.)
    const outsideCode = text.replace(/(`+)[\s\S]*?(?<!`)\1(?!`)/g, '');
    assert.doesNotMatch(outsideCode, /(?<!\\)<[a-z]/i);
    assert.doesNotMatch(text, /\u202E/);
    assert.match(text, /evil\\\\?u202Egnp\.exe/);
    engine.free();
  });
});

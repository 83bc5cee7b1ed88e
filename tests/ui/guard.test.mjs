// Lint-style guard: the screen never turns data into HTML. No innerHTML / outerHTML /
// insertAdjacentHTML / document.write / HTML parsing anywhere in www/*.js (clearing is done
// with replaceChildren()); no inline handlers or inline scripts in www/index.html.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO } from './helpers.mjs';

const WWW = path.join(REPO, 'www');
const FORBIDDEN = [
  /\binnerHTML\b/, /\bouterHTML\b/, /\binsertAdjacentHTML\b/, /\bdocument\.write(ln)?\b/,
  /\bcreateContextualFragment\b/, /\bDOMParser\b/, /\bsetHTMLUnsafe\b/, /\bparseHTMLUnsafe\b/,
  /\beval\s*\(/, /\bnew\s+Function\b/, /setAttribute\(\s*['"]on/i, /\.srcdoc\b/,
];

test('no HTML sinks in www/*.js', async () => {
  const files = (await readdir(WWW)).filter((f) => f.endsWith('.js'));
  assert.ok(files.includes('app.js'));
  const hits = [];
  for (const f of files) {
    const lines = (await readFile(path.join(WWW, f), 'utf8')).split('\n');
    lines.forEach((line, i) => {
      for (const re of FORBIDDEN) if (re.test(line)) hits.push(`www/${f}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(hits, [], `HTML sinks found:\n${hits.join('\n')}`);
});

test('index.html has no inline script or inline event handler and sets a CSP', async () => {
  const html = await readFile(path.join(WWW, 'index.html'), 'utf8');
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i, 'no inline <script>');
  assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'no inline on* handler');
  assert.match(html, /Content-Security-Policy/);
  assert.doesNotMatch(html, /script-src[^;"]*'unsafe-inline'/);
});

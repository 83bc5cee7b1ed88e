// The documentation promises what the package does: every error code is documented in the npm
// README's table, and every documented method exists on Engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { esm, PKG } from './helpers.mjs';

const readme = readFileSync(path.join(PKG, 'README.md'), 'utf8');

test('every error code is in the README error table', () => {
  const codes = esm.errorCodes();
  assert.ok(codes.length >= 10);
  for (const code of codes) {
    assert.match(readme, new RegExp(`\\| \`${code}\` \\|`), `${code} missing from the README table`);
  }
});

test('every method the README documents exists on Engine', () => {
  const documented = [...readme.matchAll(/^### `([a-zA-Z]+)\(/gm)].map((m) => m[1]);
  assert.ok(documented.length >= 12, documented.join(','));
  const engine = new esm.Engine();
  for (const name of documented) {
    if (name === 'tabObject') continue;
    assert.equal(typeof engine[name], 'function', `Engine.${name} is documented but missing`);
  }
  engine.free();
});

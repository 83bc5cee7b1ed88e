// The npm package as published: package.json, file list, conditional exports, and that a
// consumer can `import` and `require` it by name after installing the packed tarball.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PKG, REPO } from './helpers.mjs';

const pkgJson = JSON.parse(readFileSync(path.join(PKG, 'package.json'), 'utf8'));
const cargoVersion = readFileSync(path.join(REPO, 'Cargo.toml'), 'utf8').match(/^version\s*=\s*"([^"]+)"/m)[1];

/** Every file path named anywhere in an exports map. */
const exportTargets = (node) =>
  typeof node === 'string' ? [node] : Object.values(node).flatMap(exportTargets);

describe('pkg/package.json', () => {
  it('has the npm metadata', () => {
    assert.equal(pkgJson.name, 'oncehub-sf-mapping');
    assert.equal(pkgJson.version, cargoVersion);
    assert.equal(pkgJson.license, 'MIT');
    assert.equal(pkgJson.type, 'module');
    assert.ok(pkgJson.description.length > 20);
    assert.ok(pkgJson.keywords.includes('salesforce'));
    assert.ok(pkgJson.repository?.url);
  });

  it('points main/module/types/exports at files that exist', () => {
    const targets = [pkgJson.main, pkgJson.module, pkgJson.types, ...exportTargets(pkgJson.exports)];
    for (const t of targets) assert.ok(existsSync(path.join(PKG, t)), `${t} exists`);
    const dot = pkgJson.exports['.'];
    assert.equal(dot.node.import.default, './node/index.mjs');
    assert.equal(dot.node.require.default, './node/oncehub_sf_mapping.js');
    assert.equal(dot.browser, './oncehub_sf_mapping.js');
    assert.ok(pkgJson.exports['./oncehub_sf_mapping_bg.wasm']);
  });

  it('does not let bundlers drop the glue', () => {
    assert.ok(pkgJson.sideEffects === true || pkgJson.sideEffects.includes('./oncehub_sf_mapping.js'));
  });

  it('ships a README that is not the crate-internal one', () => {
    const readme = readFileSync(path.join(PKG, 'README.md'), 'utf8');
    assert.match(readme, /npm install oncehub-sf-mapping/);
  });

  it('types declare the Engine and the contract types', () => {
    const dts = readFileSync(path.join(PKG, 'oncehub_sf_mapping.d.ts'), 'utf8');
    for (const needle of ['export class Engine', 'export interface LoadSummary', 'export interface MappingConfig',
      'export type MappingEngineError', 'export default function __wbg_init']) {
      assert.ok(dts.includes(needle), `d.ts contains ${needle}`);
    }
  });
});

describe('pkg/oncehub_sf_mapping.d.ts', () => {
  const dts = readFileSync(path.join(PKG, 'oncehub_sf_mapping.d.ts'), 'utf8');
  it('names method parameters in camelCase, as JS callers see them', () => {
    const engineClass = dts.match(/export class Engine \{[\s\S]*?\n\}/)?.[0] ?? '';
    assert.ok(engineClass, 'class Engine is declared');
    const snake = [...engineClass.matchAll(/[(,]\s*([a-z]+_[a-z0-9_]+)\??:/g)].map((m) => m[1]);
    assert.deepEqual(snake, [], 'snake_case parameter names (add js_name / rename the Rust parameter)');
  });
  it('has no `any` in the Engine API', () => {
    const engineClass = dts.match(/export class Engine \{[\s\S]*?\n\}/)?.[0] ?? '';
    assert.doesNotMatch(engineClass, /:\s*any\b/);
  });
});

describe('installed from the packed tarball', () => {
  let dir;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'oncehub-pkg-'));
    const out = execFileSync('npm', ['pack', PKG, '--pack-destination', dir, '--json', '--silent'], { encoding: 'utf8' });
    const [{ filename, files }] = JSON.parse(out);
    const packed = new Set(files.map((f) => f.path));
    for (const t of [pkgJson.main, pkgJson.module, pkgJson.types, ...exportTargets(pkgJson.exports), 'README.md', 'node/package.json']) {
      assert.ok(packed.has(t.replace(/^\.\//, '')), `tarball contains ${t}`);
    }
    const target = path.join(dir, 'node_modules/oncehub-sf-mapping');
    mkdirSync(target, { recursive: true });
    execFileSync('tar', ['-xzf', path.join(dir, path.basename(filename)), '-C', target, '--strip-components=1']);
    writeFileSync(path.join(dir, 'package.json'), '{"name":"consumer","private":true}\n');
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  const run = (file, code) => {
    writeFileSync(path.join(dir, file), code);
    return execFileSync(process.execPath, [file], { cwd: dir, encoding: 'utf8' }).trim();
  };

  it('import by name (node condition → ESM wrapper)', () => {
    const out = run('esm.mjs', `
      import init, { Engine, initSync } from 'oncehub-sf-mapping';
      await init();
      initSync();
      const e = new Engine();
      console.log(typeof Engine, e.objects().length);`);
    assert.equal(out, 'function 0');
  });

  it('require by name (node condition → CommonJS build)', () => {
    const out = run('cjs.cjs', `
      const { Engine } = require('oncehub-sf-mapping');
      console.log(typeof Engine, new Engine().objects().length);`);
    assert.equal(out, 'function 0');
  });

  it('import and require in one process give the same Engine class', () => {
    const out = run('both.mjs', `
      import { createRequire } from 'node:module';
      import { Engine } from 'oncehub-sf-mapping';
      const require = createRequire(import.meta.url);
      console.log(require('oncehub-sf-mapping').Engine === Engine);`);
    assert.equal(out, 'true');
  });
});

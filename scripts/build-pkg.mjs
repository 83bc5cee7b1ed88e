#!/usr/bin/env node
// Post-processes pkg/ after wasm-pack + wasm-bindgen (called by scripts/build-pkg.sh):
// writes pkg/package.json (metadata from Cargo.toml, conditional exports), the Node ESM
// wrapper pkg/node/index.mjs, pkg/node/package.json, and pkg/README.md.
import { readFileSync, writeFileSync, readdirSync, rmSync, existsSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = path.join(root, 'pkg');
const NAME = 'oncehub_sf_mapping';
const fail = (msg) => { console.error(`build-pkg: ${msg}`); process.exit(1); };

/** Minimal reader for the one-line `key = "value"` / `key = ["a", "b"]` entries of [package]. */
function cargoPackage(text) {
  const out = {};
  let inPackage = false;
  for (const line of text.split('\n')) {
    const section = line.match(/^\s*\[([^\]]+)\]/);
    if (section) { inPackage = section[1].trim() === 'package'; continue; }
    if (!inPackage) continue;
    const kv = line.match(/^\s*([A-Za-z0-9_-]+)\s*=\s*(.+?)\s*$/);
    if (!kv) continue;
    const [, key, raw] = kv;
    if (raw.startsWith('"')) out[key] = JSON.parse(raw.replace(/\s+#.*$/, ''));
    else if (raw.startsWith('[')) out[key] = JSON.parse(raw.replace(/\s+#.*$/, ''));
  }
  return out;
}

const cargo = cargoPackage(readFileSync(path.join(root, 'Cargo.toml'), 'utf8'));
for (const k of ['name', 'version', 'description', 'license']) if (!cargo[k]) fail(`Cargo.toml [package] lacks ${k}`);

for (const f of [`${NAME}.js`, `${NAME}_bg.wasm`, `${NAME}.d.ts`, `node/${NAME}.js`, `node/${NAME}.d.ts`]) {
  if (!existsSync(path.join(pkgDir, f))) fail(`pkg/${f} is missing`);
}

// wasm-pack writes a `*` .gitignore into pkg/ (and wasm-bindgen may into node/); the repo's
// own .gitignore already covers /pkg, and a nested .gitignore would confuse `npm pack`.
for (const f of ['.gitignore', 'node/.gitignore']) rmSync(path.join(pkgDir, f), { force: true });

// --- Browser build -------------------------------------------------------------------------
// initSync() called while an init() is still fetching would give two instances: the one that
// finishes second would replace the first under Engines already made (their memory is the
// other instance's). The first instance to finish stays; a later one is dropped.
const webPath = path.join(pkgDir, `${NAME}.js`);
const web = readFileSync(webPath, 'utf8');
const finalize = 'function __wbg_finalize_init(instance, module) {\n';
if (!web.includes(finalize)) fail(`unexpected wasm-bindgen web glue shape in ${webPath}`);
if (!web.includes('first instance to finish stays')) {
  writeFileSync(webPath, web.replace(finalize, `${finalize}    if (wasm !== undefined) return wasm; // the first instance to finish stays (scripts/build-pkg.mjs)\n`));
}

// --- Node CommonJS build -----------------------------------------------------------------
// The package is "type": "module"; the CJS glue lives under node/ with its own package.json.
writeFileSync(path.join(pkgDir, 'node/package.json'), JSON.stringify({ type: 'commonjs' }, null, 2) + '\n');

// Expose the wasm instance exports as a non-enumerable `__wasm` (older wasm-bindgen did so in
// the nodejs target): the ESM wrapper's init() returns it like the browser build's init(),
// and tests read `__wasm.memory` to check memory stays bounded.
const cjsPath = path.join(pkgDir, `node/${NAME}.js`);
let cjs = readFileSync(cjsPath, 'utf8');
if (!/^let wasm = wasmInstance\.exports;$/m.test(cjs)) fail(`unexpected wasm-bindgen nodejs glue shape in ${cjsPath}`);
if (!cjs.includes("'__wasm'")) {
  cjs += `\nObject.defineProperty(exports, '__wasm', { value: wasm, enumerable: false });\n`;
  // The browser build's init()/initSync(), as no-ops (the module is ready on require): code
  // written for the browser (\`import init from ...; await init()\`) also runs when a
  // TypeScript or bundler setup resolves the package to this CommonJS build.
  // \`__esModule\` makes the default-import interop of TypeScript (esModuleInterop), Babel and
  // bundlers take \`exports.default\` as the default export, as for the ES module.
  cjs += `Object.defineProperty(exports, '__esModule', { value: true });\nexports.default = async function init() { return wasm; };\nexports.initSync = function initSync() { return wasm; };\n`;
  writeFileSync(cjsPath, cjs);
  const cjsTypes = path.join(pkgDir, `node/${NAME}.d.ts`);
  writeFileSync(cjsTypes, `${readFileSync(cjsTypes, 'utf8')}
/** Resolves at once: in Node the module is ready on load. Arguments are ignored. */
export default function init(module_or_path?: unknown): Promise<unknown>;
/** A no-op in Node: the module is ready on load. */
export function initSync(module?: unknown): unknown;
`);
}

// wasm-bindgen emits the same wasm for --target web and --target nodejs (same import module
// names); when the optimized files are byte-identical, ship one copy and point the Node glue at it.
const nodeWasm = path.join(pkgDir, `node/${NAME}_bg.wasm`);
if (readFileSync(nodeWasm).equals(readFileSync(path.join(pkgDir, `${NAME}_bg.wasm`)))) {
  const wasmPathLine = /^const wasmPath = `\$\{__dirname\}\/(\w+_bg\.wasm)`;$/m;
  if (!wasmPathLine.test(cjs)) fail(`cannot find the wasmPath line in ${cjsPath}`);
  cjs = cjs.replace(wasmPathLine, (_, file) => `const wasmPath = \`\${__dirname}/../${file}\`;`);
  writeFileSync(cjsPath, cjs);
  rmSync(nodeWasm);
  rmSync(path.join(pkgDir, `node/${NAME}_bg.wasm.d.ts`), { force: true });
}

const require = createRequire(import.meta.url);
const glue = require(cjsPath);
const names = Object.keys(glue).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== 'default' && n !== 'initSync');
if (!names.length) fail('the Node build exports nothing');
writeFileSync(path.join(pkgDir, 'node/index.mjs'), `// Generated by scripts/build-pkg.mjs: the Node ESM entry of oncehub-sf-mapping.
// Re-exports the CommonJS build, so \`import\` and \`require\` in one process share one wasm
// instance (no dual-package hazard). The wasm is instantiated synchronously on load.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const glue = require('./${NAME}.js');

${names.map((n) => `export const ${n} = glue.${n};`).join('\n')}

/**
 * Same signature as the browser build's default export. In Node the module is ready on
 * import, so this only resolves to the wasm exports; arguments are ignored.
 */
export default async function init() {
  return glue.__wasm;
}

/** Same as the browser build's initSync; a no-op in Node. */
export function initSync() {
  return glue.__wasm;
}
`);

// Its declarations: the Node build's (no DOM types such as RequestInfo or BufferSource, which a
// Node project without lib "dom" does not have) plus init/initSync as above (declared here: the
// default export of a CommonJS module is its whole exports object, seen from ESM).
writeFileSync(path.join(pkgDir, 'node/index.d.mts'), `// Generated by scripts/build-pkg.mjs: types of the Node ESM entry.
export * from './${NAME}.js';
/** Resolves at once: in Node the module is ready on import. Arguments are ignored. */
export default function init(module_or_path?: unknown): Promise<unknown>;
/** A no-op in Node: the module is ready on import. */
export function initSync(module?: unknown): unknown;
`);

// --- TypeScript declarations ------------------------------------------------------------
// wasm-bindgen declares `[Symbol.dispose](): void` on every class; `Symbol.dispose` is only
// typed by lib "esnext.disposable" (TS >= 5.2). Reference it so that consumers compiling with
// an older `lib` (e.g. ES2022 + DOM) and skipLibCheck off still type-check.
for (const dts of [`${NAME}.d.ts`, `node/${NAME}.d.ts`]) {
  const file = path.join(pkgDir, dts);
  const text = readFileSync(file, 'utf8');
  if (text.includes('Symbol.dispose') && !text.includes('lib="esnext.disposable"')) {
    writeFileSync(file, `/// <reference lib="esnext.disposable" />\n${text}`);
  }
}

// --- README ----------------------------------------------------------------------------
const readme = [path.join(root, 'pkg-template/README.md'), path.join(root, 'README.md')].find(existsSync);
if (readme) copyFileSync(readme, path.join(pkgDir, 'README.md'));
else console.warn('build-pkg: warning: no pkg-template/README.md or README.md; pkg has no README');

// --- package.json ----------------------------------------------------------------------
const files = readdirSync(pkgDir)
  .filter((f) => !['package.json', 'README.md', '.gitignore'].includes(f) && !f.startsWith('.'))
  .sort();
const pkg = {
  name: cargo.name,
  version: cargo.version,
  description: cargo.description,
  license: cargo.license,
  ...(cargo.repository ? { repository: { type: 'git', url: cargo.repository } } : {}),
  ...(cargo.homepage ? { homepage: cargo.homepage } : {}),
  keywords: cargo.keywords ?? [],
  type: 'module',
  main: `./node/${NAME}.js`,
  module: `./${NAME}.js`,
  types: `./${NAME}.d.ts`,
  files,
  // The browser glue holds the module-level wasm instance that init() fills in, and the
  // Node glue instantiates on load: neither may be dropped by a bundler.
  sideEffects: [`./${NAME}.js`, './node/*'],
  exports: {
    '.': {
      node: {
        import: { types: './node/index.d.mts', default: './node/index.mjs' },
        require: { types: `./node/${NAME}.d.ts`, default: `./node/${NAME}.js` },
      },
      types: `./${NAME}.d.ts`,
      browser: `./${NAME}.js`,
      import: `./${NAME}.js`,
      default: `./${NAME}.js`,
    },
    [`./${NAME}_bg.wasm`]: `./${NAME}_bg.wasm`,
    './package.json': './package.json',
  },
  engines: { node: '>=18' },
};
writeFileSync(path.join(pkgDir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');

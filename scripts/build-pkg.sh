#!/usr/bin/env bash
# Builds the npm package into pkg/ (see scripts/README.md):
#   pkg/oncehub_sf_mapping.js + _bg.wasm + .d.ts   browser / bundler ESM (wasm-pack --target web)
#   pkg/node/oncehub_sf_mapping.js + _bg.wasm       Node CommonJS (wasm-bindgen --target nodejs)
#   pkg/node/index.mjs                              Node ESM wrapper over the CJS build
#   pkg/package.json, pkg/README.md                 written by scripts/build-pkg.mjs
# then copies the browser files to www/pkg/ for the mapping UI.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

NAME=oncehub_sf_mapping
TARGET_DIR=${CARGO_TARGET_DIR:-target}
WASM_OPT=node_modules/.bin/wasm-opt
WASM_OPT_FLAGS=(-Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-reference-types --enable-multivalue)

copy_www() { # browser copy for the UI (www/pkg is gitignored)
  rm -rf www/pkg
  mkdir -p www/pkg
  for f in pkg/*; do
    case "$f" in pkg/node|pkg/package.json|pkg/README.md) continue ;; esac
    cp -R "$f" www/pkg/
  done
}
if [ "${1:-}" = --www-only ]; then copy_www; exit 0; fi

[ -x "$WASM_OPT" ] || { echo "build-pkg: $WASM_OPT missing; run 'make tools'" >&2; exit 1; }

rm -rf pkg
# wasm-pack's own downloads (wasm-bindgen, wasm-opt) do not work here: --mode no-install uses
# the wasm-bindgen on PATH, and Cargo.toml disables wasm-pack's wasm-opt step.
wasm-pack --quiet build --mode no-install --release --target web --out-dir pkg --out-name "$NAME"

"$WASM_OPT" "${WASM_OPT_FLAGS[@]}" "pkg/${NAME}_bg.wasm" -o "pkg/${NAME}_bg.wasm"

# Node CommonJS build from the same cargo artifact wasm-pack just produced.
wasm-bindgen --target nodejs --typescript --out-dir pkg/node --out-name "$NAME" \
  "$TARGET_DIR/wasm32-unknown-unknown/release/$NAME.wasm"
"$WASM_OPT" "${WASM_OPT_FLAGS[@]}" "pkg/node/${NAME}_bg.wasm" -o "pkg/node/${NAME}_bg.wasm"

node scripts/build-pkg.mjs

copy_www
echo "build-pkg: pkg/ and www/pkg/ ready ($(wc -c <"pkg/${NAME}_bg.wasm") bytes of wasm)"

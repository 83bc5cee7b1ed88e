#!/usr/bin/env bash
# Installs every tool the build and the tests need, skipping each one that is already
# satisfied (a warm run does no network access and takes well under a second).
# Used by `make tools`; safe to run repeatedly.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '[tools] %s\n' "$*"; }
die() { printf '[tools] ERROR: %s\n' "$*" >&2; exit 1; }

SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi

# --- Rust toolchain (pinned by rust-toolchain.toml) ---------------------------------
command -v rustup >/dev/null 2>&1 || die "rustup is not installed (https://rustup.rs)"
if ! rustc --version >/dev/null 2>&1; then
  say "installing the toolchain pinned in rust-toolchain.toml"
  rustup toolchain install
fi
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
if ! cargo clippy --version >/dev/null 2>&1 || ! cargo fmt --version >/dev/null 2>&1; then
  say "adding components clippy, rustfmt"
  rustup component add clippy rustfmt
fi

# --- cargo-installed CLIs --------------------------------------------------------------
cargo_install() { # name version-or-empty; try --locked first, fall back without it
  local crate=$1 version=${2:-} args=()
  [ -n "$version" ] && args=(--version "$version")
  say "cargo install $crate ${version:+$version}"
  cargo install "$crate" "${args[@]}" --locked || {
    say "'--locked' install of $crate failed; retrying without --locked"
    cargo install "$crate" "${args[@]}"
  }
}

# wasm-bindgen CLI must equal the crate's pinned `wasm-bindgen = "=X.Y.Z"` exactly.
WB_VERSION=$(sed -n 's/^wasm-bindgen *= *"=\([0-9][0-9.]*\)".*/\1/p' Cargo.toml | head -n1)
[ -n "$WB_VERSION" ] || die "Cargo.toml does not pin wasm-bindgen with \"=X.Y.Z\""
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WB_VERSION" ] \
  || ! command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
  cargo_install wasm-bindgen-cli "$WB_VERSION"
fi
command -v wasm-pack >/dev/null 2>&1 || cargo_install wasm-pack

# --- Chromium + chromedriver (wasm-bindgen-test and the UI tests) ----------------------
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ] || [ ! -x "${CHROMEDRIVER:-/usr/bin/chromedriver}" ]; then
  command -v apt-get >/dev/null 2>&1 || die "chromium/chromedriver missing and apt-get is not available"
  say "apt-get install chromium chromium-driver"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium chromium-driver
fi

# --- Node dev dependencies (package-lock.json) -----------------------------------------
command -v node >/dev/null 2>&1 || die "node >= 20.19 is required"
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || die "node >= 20.19 is required (found $(node --version))"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm ci"
  npm ci --no-audit --no-fund
  touch node_modules/.package-lock.json
fi

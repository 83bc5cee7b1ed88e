# oncehub-sf-mapping — build, test and benchmark entry points. See scripts/README.md.
# Every target is idempotent; `make tools` installs only what is missing.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH)

# Shared fixtures (Salesforce describes, OnceHub payloads): tests read ONCEHUB_SF_FIXTURES.
SHARED_FIXTURES ?= $(CURDIR)/../shared/fixtures
export ONCEHUB_SF_FIXTURES ?= $(abspath $(SHARED_FIXTURES))

# Headless Chromium for wasm-bindgen-test (runner set in .cargo/config.toml).
export CHROMEDRIVER ?= /usr/bin/chromedriver
export WASM_BINDGEN_TEST_WEBDRIVER_JSON ?= $(CURDIR)/scripts/webdriver.json
export WASM_BINDGEN_TEST_TIMEOUT ?= 120
export WASM_BINDGEN_TEST_DRIVER_TIMEOUT ?= 30

DEMO_PORT ?= 8080
TIMED := scripts/timed.sh

PKG_STAMP := pkg/package.json
PKG_INPUTS := Cargo.toml $(wildcard Cargo.lock build.rs) $(shell find src crates -type f 2>/dev/null) \
  scripts/build-pkg.sh scripts/build-pkg.mjs $(wildcard pkg-template/README.md README.md) package-lock.json

.PHONY: help tools pkg demo test bench size twiggy fuzz clean distclean \
  fmt-check clippy clippy-wasm test-native test-wasm test-fuzz test-ts test-node test-vite test-plain test-ui

help:
	@echo "make tools   install missing tools (rust target, wasm-bindgen-cli, wasm-pack, chromium, npm ci)"
	@echo "make pkg     build the npm package into pkg/ (+ www/pkg for the UI)"
	@echo "make demo    build and serve www/ on http://127.0.0.1:$(DEMO_PORT)/"
	@echo "make test    everything CI runs (.ci/run)"
	@echo "make bench   performance and size figures as ratios to in-run baselines"
	@echo "make size    package size figures only"
	@echo "make fuzz    long fuzz run (ignored tests of tests/fuzz.rs)"
	@echo "make clean   remove build outputs (distclean also removes node_modules)"

tools:
	@scripts/tools.sh

# ---------------------------------------------------------------------------------------
pkg: tools $(PKG_STAMP) www/pkg/oncehub_sf_mapping.js

$(PKG_STAMP): $(PKG_INPUTS)
	scripts/build-pkg.sh

www/pkg/oncehub_sf_mapping.js: $(PKG_STAMP)
	scripts/build-pkg.sh --www-only

demo: pkg
	node scripts/serve.mjs --root www --port $(DEMO_PORT)

# ---------------------------------------------------------------------------------------
# `make test` runs the steps in order and prints the time each took.
TEST_STEPS := fmt-check clippy clippy-wasm test-native test-wasm test-fuzz pkg test-ts test-node \
  test-vite test-plain test-ui

# KEEP_GOING=1 runs every step even after a failure and fails at the end.
test: tools
	@start=$$(date +%s); failed=""; \
	for step in $(TEST_STEPS); do \
	  if ! $(TIMED) $$step $(MAKE) --no-print-directory $$step; then \
	    failed="$$failed $$step"; [ -n "$(KEEP_GOING)" ] || break; \
	  fi; \
	done; \
	if [ -n "$$failed" ]; then echo "make test: FAILED:$$failed ($$(( $$(date +%s) - start ))s)"; exit 1; fi; \
	echo "make test: all steps passed in $$(( $$(date +%s) - start ))s"

fmt-check:
	cargo fmt --all --check

clippy:
	cargo clippy --workspace --all-targets -- -D warnings

clippy-wasm:
	cargo clippy --workspace --target wasm32-unknown-unknown --lib -- -D warnings

test-native:
	cargo test --workspace

# Browser tests (wasm-bindgen-test, headless Chromium): the integration test files named in
# WASM_TESTS (default: tests/wasm.rs). Native-only tests (fixtures via std::fs, insta, proptest)
# are not built for wasm32; keep them out of this list.
WASM_TESTS ?= $(basename $(notdir $(wildcard tests/wasm.rs)))
test-wasm:
	@if [ -z "$(WASM_TESTS)" ]; then echo "test-wasm: no tests/wasm.rs yet; skipped"; \
	else cargo test --target wasm32-unknown-unknown $(addprefix --test ,$(WASM_TESTS)); fi

# >>> FUZZ STEP (owned by the lead) — a bounded fuzz run for CI goes here, e.g.
#     cargo test --release --test fuzz
# It is skipped until tests/fuzz.rs exists.
test-fuzz:
	@if [ -f tests/fuzz.rs ]; then cargo test --release --test fuzz; else echo "test-fuzz: tests/fuzz.rs not present yet; skipped"; fi
# <<< FUZZ STEP

test-ts: pkg
	tsc --noEmit --strict -p tests/ts
	mkdir -p tests/ts-node/node_modules && ln -sfn ../../../pkg tests/ts-node/node_modules/oncehub-sf-mapping
	tsc --noEmit -p tests/ts-node

test-node: pkg
	node --test --test-reporter=spec tests/node/*.test.mjs

test-vite: pkg
	node tests/vite-app/run.mjs

test-plain: pkg
	node tests/plain-page/run.mjs

# UI tests (tests/ui/*.test.mjs, another owner) start their own server via scripts/serve.mjs.
test-ui: pkg
	@if compgen -G 'tests/ui/*.test.mjs' >/dev/null; then node --test --test-reporter=spec tests/ui/*.test.mjs; \
	else echo "test-ui: no tests/ui/*.test.mjs yet; skipped"; fi

# ---------------------------------------------------------------------------------------
bench: pkg
	node bench/run.mjs

size: pkg
	node bench/run.mjs --only size

# Optional: code-size profile by function (installs twiggy on first use).
# The release profile strips symbols, so this builds once more with names kept (separate
# target dir, same optimisation), runs wasm-bindgen + wasm-opt -Oz keeping the name section.
TWIGGY_DIR := target/twiggy
twiggy: tools
	@command -v twiggy >/dev/null 2>&1 || cargo install twiggy --locked || cargo install twiggy
	CARGO_PROFILE_RELEASE_STRIP=false cargo build --release --lib --target wasm32-unknown-unknown --target-dir $(TWIGGY_DIR)/build
	wasm-bindgen --keep-debug --target web --out-dir $(TWIGGY_DIR)/out --out-name oncehub_sf_mapping \
	  $(TWIGGY_DIR)/build/wasm32-unknown-unknown/release/oncehub_sf_mapping.wasm
	wasm-opt -Oz -g --strip-dwarf --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
	  --enable-reference-types --enable-multivalue $(TWIGGY_DIR)/out/oncehub_sf_mapping_bg.wasm -o $(TWIGGY_DIR)/named.wasm
	twiggy top -n 30 $(TWIGGY_DIR)/named.wasm
	twiggy garbage -n 10 $(TWIGGY_DIR)/named.wasm || true

fuzz: tools
	cargo test --release --test fuzz -- --ignored

clean:
	cargo clean
	rm -rf pkg www/pkg tests/artifacts

distclean: clean
	rm -rf node_modules

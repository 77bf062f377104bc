# Fapiao Center — the two commands of the README, and the steps they are made of.
#   make run    build and start the product on the embedded default (SQLite, demo data)
#   make test   every test: unit, integration (SQLite and PostgreSQL), end-to-end (Chromium)
# Each installs what it needs and skips what is already installed at the right version.
# Nothing here downloads a prebuilt binary: tools are built by cargo or come from npm/Debian.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

CARGO_LEPTOS_VERSION := 0.3.10
# wasm-bindgen-cli must match the wasm-bindgen crate exactly: read it from Cargo.lock.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)

# cargo-leptos finds wasm-opt (npm binaryen) and wasm-bindgen on PATH; PATH is the mechanism.
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
# cargo-leptos compiles with this variable set, and leptos reads it at compile time: the same
# value here lets `cargo test` reuse that build instead of compiling everything again.
export LEPTOS_OUTPUT_NAME := fapiao

# The Wasm that ships, and that the end-to-end suite tests: the standard library compiled again
# with the front end (opt-level "z", LTO across it, its size-optimised algorithms) and panics that
# trap without formatting a message (`-Cpanic=immediate-abort`). Every island page is about 13 kB
# lighter (brotli). Both are unstable options of the one toolchain this machine has (stable 1.95),
# so RUSTC_BOOTSTRAP=1 unlocks them for this build only; the server is built without it. A panic
# in the browser then shows as `RuntimeError: unreachable` without its message: `make dev` (a
# debug build) keeps the messages. Needs the rust-src component (`make setup` adds it).
# Two more unstable options of the same build, 7 to 11 kB off every island page (brotli):
# `-Zfmt-debug=none` (`{:?}` and derived Debug print nothing: with panics that carry no message,
# nothing in the browser showed Debug output, but its code for every type was linked) and
# `-Zlocation-detail=none` (a caller's location no longer names its source file: the path of
# every crate that calls a `#[track_caller]` function was a string in the bundle). The Unstable
# Book, compiler-flags/fmt-debug and compiler-flags/location-detail.
# Symbols keep the stable channel's legacy mangling, which scripts/wasm-attribution.py reads.
WASM_RELEASE_ENV := RUSTC_BOOTSTRAP=1 \
  CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
  CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zfmt-debug=none -Zlocation-detail=none -Csymbol-mangling-version=legacy"

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: size bench scale screenshots reload-time dev help run test setup test-deps rust-tools npm-tools build-test-site build-release \
        test-unit test-postgres test-e2e lint fmt run-deps openapi

help:
	@echo "make run    start the product with demo data (SQLite file data/fapiao.db)"
	@echo "make test   run every test (installs Chromium and PostgreSQL if missing)"
	@echo "make dev    live reload while editing pages (demo data, http://127.0.0.1:3000/)"

## ---- set-up -------------------------------------------------------------------------

setup: rust-tools npm-tools

rust-tools:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown \
	  || rustup target add wasm32-unknown-unknown
	@rustup component list --installed | grep -q '^rust-src' || rustup component add rust-src
	@if [ "$$(cargo leptos --version 2>/dev/null)" != "cargo-leptos $(CARGO_LEPTOS_VERSION)" ]; then \
	  echo "Building cargo-leptos $(CARGO_LEPTOS_VERSION) from crates.io (about 20 minutes, once)"; \
	  cargo install cargo-leptos --version $(CARGO_LEPTOS_VERSION) --locked; \
	fi
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
	  echo "Building wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (the version in Cargo.lock)"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --force; \
	fi

# npm ci only when the lockfile changed since the last install.
npm-tools: node_modules/.package-lock.json end2end/node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
end2end/node_modules/.package-lock.json: end2end/package.json end2end/package-lock.json
	cd end2end && npm ci --no-audit --no-fund

# Debian packages the product needs at run time: the CJK font bills are set in as PDF.
run-deps:
	@if [ ! -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ]; then \
	  echo "Installing Debian packages: fonts-noto-cjk"; \
	  $(SUDO) apt-get update -qq; \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq fonts-noto-cjk; \
	fi

# Debian packages for the tests: Chromium (Playwright uses it; it never downloads a browser),
# the PostgreSQL server (a throw-away one is started per run), curl, pdftotext (reads the
# bill PDFs back), nginx (the reverse-proxy test starts one of its own), and the run-time font.
test-deps: run-deps
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium chromium-driver"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v curl >/dev/null || missing="$$missing curl"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	[ -x /usr/sbin/nginx ] || missing="$$missing nginx"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq; \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

## ---- run ----------------------------------------------------------------------------

# The front end first (with the settings above), then the server (without them): cargo-leptos
# builds the two one after the other anyway when it precompresses.
# scripts/pack-islands.mjs then gives each lazy island one file to download when a page loads.
build-release: setup
	$(WASM_RELEASE_ENV) cargo leptos build --release --precompress --split --frontend-only
	node scripts/pack-islands.mjs target/site/pkg --precompress
	cargo leptos build --release --precompress --split --server-only

# Re-running is safe: migrations and demo data are applied only when missing.
run: build-release run-deps
	LEPTOS_SITE_ROOT=target/site APP_SESSION__COOKIE_SECURE=false APP_SERVER__DEV_MAILBOX=true \
	  ./target/release/server serve --demo

# Live reload for working on the pages: rebuilds on save and reloads the browser, on the
# embedded default with demo data (http://127.0.0.1:3000/).
dev: setup run-deps
	FAPIAO_DEMO=1 APP_SESSION__COOKIE_SECURE=false APP_SERVER__DEV_MAILBOX=true APP_SERVER__DEV_TOOLS=true \
	  cargo leptos watch --split

# Measures the `make dev` loop: save a component → the open page reloaded and showing it.
reload-time: setup run-deps test-deps
	scripts/reload-time.sh

## ---- test -----------------------------------------------------------------------------

# One debug build of the server serves every test. `cargo test` must build it anyway (with
# the test-only dependencies' features, which differ from a plain build), and its
# target/debug/server is what the end-to-end suite starts. cargo-leptos builds only the front
# end, CSS and assets: the release Wasm, built and packed as `make run` ships it (the same crates),
# so the suite tests what customers download. Into target/test-site, never into target/site,
# which is what `make run` serves.
TEST_SITE_ROOT := target/test-site
build-test-site: setup
	$(WASM_RELEASE_ENV) LEPTOS_SITE_ROOT=$(TEST_SITE_ROOT) cargo leptos build --release --frontend-only --split
	node scripts/pack-islands.mjs $(TEST_SITE_ROOT)/pkg

test-unit:
	cargo test --workspace --exclude frontend

# The PostgreSQL restart test gets a server of its own: no other test must see the restart.
test-postgres: test-deps
	scripts/with-postgres.sh cargo test -p server --test api -- --skip postgres_restarted
	scripts/with-postgres.sh cargo test -p server --test api -- postgres_restarted

test-e2e: test-deps
	end2end/run.sh

# Approves the current look: runs the end-to-end suite and rewrites the screenshots in
# end2end/screenshots/ (review them with `git diff --stat end2end/screenshots` and an image viewer).
screenshots: setup test-deps build-test-site
	cargo build -p server
	end2end/run.sh --project=desktop-screens --project=phone-screens --update-snapshots

# Incremental compilation only pays off when editing; for a full test run it costs disk and time.
test: export CARGO_INCREMENTAL := 0
test: setup test-deps build-test-site
	$(MAKE) --no-print-directory test-unit
	$(MAKE) --no-print-directory test-postgres
	$(MAKE) --no-print-directory test-e2e

# The front-end bundle a browser downloads, raw and brotli (after a release build), and what
# each island's Wasm is made of, by crate (scripts/wasm-attribution.py ISLAND for its functions).
size: build-release
	@command -v brotli >/dev/null || $(SUDO) apt-get install -y -qq brotli
	scripts/bundle-size.sh
	scripts/wasm-attribution.py

# Load on the server-rendered pages next to a static file, the login storm, web vitals,
# submissions per second on SQLite and on PostgreSQL (with its durable defaults), and the
# bundle sizes (after a release build). oha is a load generator from crates.io.
OHA_VERSION := 1.16.0
bench: build-release test-deps
	@command -v oha >/dev/null || cargo install oha --locked --version $(OHA_VERSION)
	scripts/bench.sh
	scripts/confirm-bench.sh
	POSTGRES_DURABLE=1 scripts/with-postgres.sh scripts/confirm-bench.sh
	@command -v brotli >/dev/null || $(SUDO) apt-get install -y -qq brotli
	scripts/bundle-size.sh

# PostgreSQL with 1M orders and 100k applications: the queue and bills pages' p95 and EXPLAIN.
scale: build-release test-deps
	@command -v oha >/dev/null || cargo install oha --locked --version $(OHA_VERSION)
	scripts/with-postgres.sh scripts/scale.sh

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings

fmt:
	cargo fmt --all

# The customer API's OpenAPI document, committed as docs/openapi.json (a test checks it is the
# one served).
openapi:
	cargo run --quiet -p server -- openapi > docs/openapi.json

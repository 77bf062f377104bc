#!/usr/bin/env bash
# Measures the `make dev` loop: starts `cargo leptos watch` on the embedded default (a
# throw-away SQLite file, demo data), waits until it serves, opens the home page in Chromium,
# saves a component (app/src/pages/home.rs, one attribute added) and prints how long until the
# server serves the new markup and until the open page has reloaded by itself and shows it
# (scripts/reload-time.mjs). The file is put back afterwards. Run with nothing else building.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export LEPTOS_OUTPUT_NAME=fapiao
component=app/src/pages/home.rs
workdir="$(mktemp -d)"
cp "$component" "$workdir/component"
cleanup() {
  cp "$workdir/component" "$component"
  if [[ -n "${watch_pid:-}" ]]; then kill -- -"$watch_pid" 2>/dev/null || true; wait "$watch_pid" 2>/dev/null || true; fi
  rm -rf "$workdir"
}
trap cleanup EXIT

echo "Starting cargo leptos watch (the first build can take minutes) …"
set -m
FAPIAO_DEMO=1 APP_SESSION__COOKIE_SECURE=false APP_DATABASE__URL="sqlite://$workdir/dev.db" \
  APP_STORAGE__FILES_DIR="$workdir/files" cargo leptos watch --split >"$workdir/watch.log" 2>&1 &
watch_pid=$!
set +m
until curl -fsS http://127.0.0.1:3000/ >/dev/null 2>&1; do
  if ! kill -0 "$watch_pid" 2>/dev/null; then tail -n 40 "$workdir/watch.log"; exit 1; fi
  sleep 1
done
sleep 3 # the watcher settles after its first build

BASE_URL=http://127.0.0.1:3000 COMPONENT="$component" node scripts/reload-time.mjs

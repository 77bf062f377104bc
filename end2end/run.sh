#!/usr/bin/env bash
# Runs the Playwright suite against the real server: a fresh SQLite database with the demo
# data, a free local port, a real SMTP server (maildev) receiving the mail, Debian's Chromium.
# Expects `make build-test-site` and `cargo build -p server` to have run (target/test-site and
# target/debug/server). Extra arguments go to `playwright test`.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
smtp_port="$(free_port)"
maildev_port="$(free_port)"
workdir="$(mktemp -d)"
server_pids=()
cleanup() {
  for pid in "${server_pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  if [[ -n "${maildev_pid:-}" ]]; then kill "$maildev_pid" 2>/dev/null || true; wait "$maildev_pid" 2>/dev/null || true; fi
  rm -rf "$workdir"
}
trap cleanup EXIT

# A real SMTP server (maildev, from npm) receives every email; the tests read it through its API.
"$root/node_modules/.bin/maildev" --smtp "$smtp_port" --web "$maildev_port" --ip 127.0.0.1 --silent \
  >"$workdir/maildev.log" 2>&1 &
maildev_pid=$!
for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$maildev_port/api/email" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$maildev_pid" 2>/dev/null; then echo "maildev did not start:"; cat "$workdir/maildev.log"; exit 1; fi
  sleep 0.2
done

# Starts a server on a fresh SQLite database with the demo data and 蓝云's extra bills
# (MO-20261101-01 … 08, through the staff's import command, so every flow has a bill of its
# own), sets `started_port`. `mail` sends its email to maildev; otherwise it stays in the outbox.
# Further arguments are settings of this server only (`APP_…=value`).
start_server() {
  local name="$1" mail="$2"
  shift 2
  started_port="$(free_port)"
  local smtp=()
  if [[ "$mail" == mail ]]; then
    smtp=(APP_SMTP__HOST=127.0.0.1 APP_SMTP__PORT="$smtp_port" APP_SMTP__SECURITY=none
          "APP_SMTP__FROM=发票管理中心 <fapiao@example.cn>" APP_SMTP__RETRY_AFTER_SECONDS=1)
  fi
  env "${smtp[@]}" "$@" \
    LEPTOS_SITE_ROOT="$root/target/test-site" \
    APP_SERVER__DEV_TOOLS=true \
    APP_SERVER__BIND_ADDRESS="127.0.0.1:$started_port" \
    APP_SERVER__PUBLIC_BASE_URL="http://127.0.0.1:$started_port" \
    APP_DATABASE__URL="sqlite://$workdir/$name.db" \
    APP_STORAGE__FILES_DIR="$workdir/$name-files" \
    APP_SESSION__COOKIE_SECURE=false \
    "$root/target/debug/server" serve --demo >"$workdir/$name.log" 2>&1 &
  server_pids+=("$!")
  for _ in $(seq 1 100); do
    if curl -fsS "http://127.0.0.1:$started_port/readyz" >/dev/null 2>&1; then break; fi
    if ! kill -0 "${server_pids[-1]}" 2>/dev/null; then echo "The $name server did not start:"; cat "$workdir/$name.log"; exit 1; fi
    sleep 0.2
  done
  APP_DATABASE__URL="sqlite://$workdir/$name.db" "$root/target/debug/server" import-orders \
    "$root/end2end/fixtures/orders.csv" >>"$workdir/$name.log" 2>&1
}

# The flows run on one server; the screenshots (screens, gallery) on one of their own, so what
# they show never depends on which flows ran before them.
start_server flows mail
port="$started_port"
start_server screens no-mail
screens_port="$started_port"
# A site whose customers split their own bills (`site.customer_split`, off by default).
start_server self-split no-mail APP_SITE__CUSTOMER_SPLIT=true
self_split_port="$started_port"

cd end2end
status=0
BASE_URL="http://127.0.0.1:$port" SCREENS_BASE_URL="http://127.0.0.1:$screens_port" \
  SELF_SPLIT_BASE_URL="http://127.0.0.1:$self_split_port" MAILDEV_URL="http://127.0.0.1:$maildev_port" npx playwright test "$@" || status=$?
if [[ $status -ne 0 ]]; then echo "--- server log ---"; tail -n 100 "$workdir/flows.log" "$workdir/screens.log" "$workdir/self-split.log"; fi
exit $status

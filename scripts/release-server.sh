# Sourced by the benchmark scripts (bench.sh, confirm-bench.sh, scale.sh): the release server on
# a free local port, a temporary folder `$work`, and cleaning both up on exit.
#   release_server_env DATABASE_URL   the server's settings, exported
#   start_release_server              `server serve` in the background, until it is ready
#   login EMAIL PASSWORD              prints the session cookie (fapiao_session=…)
# Sets: root, port, base, work; server_pid once started.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[[ -x target/release/server ]] || { echo "no release build: make build-release" >&2; exit 1; }

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
work="$(mktemp -d)"
cleanup() {
  if [[ -n "${server_pid:-}" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

release_server_env() { # database_url
  export LEPTOS_SITE_ROOT="$root/target/site" APP_SERVER__BIND_ADDRESS="127.0.0.1:$port" \
    APP_SERVER__PUBLIC_BASE_URL="$base" APP_DATABASE__URL="$1" \
    APP_SESSION__COOKIE_SECURE=false APP_LOG__FILTER=warn
}

start_release_server() {
  ./target/release/server serve >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 150); do curl -fsS "$base/readyz" >/dev/null 2>&1 && return; sleep 0.2; done
  echo "the server did not become ready"; cat "$work/server.log"; exit 1
}

login() { # email password
  curl -sS -o /dev/null -D - -H 'accept: text/html' -H "referer: $base/login" \
    --data-urlencode "email=$1" --data-urlencode "password=$2" "$base/api/login" \
    | sed -n 's/^set-cookie: \(fapiao_session=[^;]*\).*/\1/ip' | head -1
}

#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server on a free local port, runs the given command with
# TEST_POSTGRES_URL pointing at it (and TEST_POSTGRES_RESTART, a script that takes the server
# down for two seconds, for the fault test), then stops the server and deletes its data.
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user
# (created by Debian's postgresql package). Tests run with fsync off (a throw-away server);
# POSTGRES_DURABLE=1 keeps PostgreSQL's defaults, for benchmarks of writes.
set -euo pipefail

bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
if [[ -z "$bin" || ! -x "$bin/initdb" ]]; then
  echo "PostgreSQL server binaries not found: install Debian's postgresql package (make test-deps)." >&2
  exit 1
fi

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
datadir="$(mktemp -d /tmp/fapiao-pg.XXXXXX)"
as_owner=()
if [[ "$(id -u)" == "0" ]]; then
  chown postgres:postgres "$datadir"
  as_owner=(runuser -u postgres --)
fi
cleanup() {
  "${as_owner[@]}" "$bin/pg_ctl" -D "$datadir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$datadir"
}
trap cleanup EXIT
options="-h 127.0.0.1 -p $port -k $datadir -c max_connections=300"
[[ "${POSTGRES_DURABLE:-}" == 1 ]] || options="$options -c fsync=off"

"${as_owner[@]}" "$bin/initdb" -D "$datadir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$datadir/initdb.log" 2>&1 \
  || { cat "$datadir/initdb.log"; exit 1; }
"${as_owner[@]}" "$bin/pg_ctl" -D "$datadir/data" -l "$datadir/server.log" -w -t 60 \
  -o "$options" start >/dev/null \
  || { cat "$datadir/server.log"; exit 1; }

# Down for two seconds (connections cut, new ones refused), then up again with the same options.
cat >"$datadir/restart.sh" <<RESTART
#!/usr/bin/env bash
set -e
${as_owner[*]} "$bin/pg_ctl" -D "$datadir/data" -m fast -w stop >/dev/null
sleep 2
${as_owner[*]} "$bin/pg_ctl" -D "$datadir/data" -l "$datadir/server.log" -w -t 60 \\
  -o "$options" start >/dev/null
RESTART
chmod +x "$datadir/restart.sh"

echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres" TEST_POSTGRES_RESTART="$datadir/restart.sh" "$@"

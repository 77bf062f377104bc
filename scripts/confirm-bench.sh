#!/usr/bin/env bash
# Submissions per second (`make bench` runs it twice: on SQLite, then on PostgreSQL through
# scripts/with-postgres.sh). Starts the release server on a fresh database with the demo data,
# imports BENCH_CONFIRMS more paid bills for the demo customer 蓝云, and runs
# scripts/confirm-load.py: drafts for all of them, then every bill confirmed once by 16 clients
# at the same time (sustained distinct confirms), then 50 identical confirms of one bill at once.
# Afterwards it counts in the database: one application per confirmed bill, exactly one for the
# bill confirmed 50 times, and no request answered with an error.
#   scripts/confirm-bench.sh                  SQLite (a file in a temporary folder)
#   scripts/with-postgres.sh scripts/confirm-bench.sh    PostgreSQL (uses TEST_POSTGRES_URL)
set -euo pipefail
source "$(dirname "$0")/release-server.sh"
bills="${BENCH_CONFIRMS:-6000}"
connections="${BENCH_CONNECTIONS:-16}"
if [[ -n "${TEST_POSTGRES_URL:-}" ]]; then
  backend=PostgreSQL database_url="$TEST_POSTGRES_URL"
  count() { psql -X -At "$TEST_POSTGRES_URL" -c "$1"; }
else
  backend=SQLite database_url="sqlite://$work/bench.db"
  count() { python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$work/bench.db" "$1"; }
fi
release_server_env "$database_url"

# The bills to confirm, and one more for the identical confirms, in files of at most 5,000
# (what one import accepts).
python3 - "$work" "$bills" <<'PY'
import sys
work, bills = sys.argv[1], int(sys.argv[2])
with open(f"{work}/orders.txt", "w", encoding="utf-8") as numbers:
    for i in range(bills + 1):
        if i % 5000 == 0:
            csv = open(f"{work}/orders-{i // 5000:03d}.csv", "w", encoding="utf-8")
            csv.write("order_number,customer_ref,customer_name,product,amount_fen,payer_name,buyer_email,status,paid_at\n")
        number = f"MO-20261101-{i + 1:05d}"
        csv.write(f"{number},CUST-1001,蓝云科技（上海）有限公司,Microsoft 365 E3,{1_000_00 + i},"
                  f"蓝云科技（上海）有限公司,finance@lanyun.example.cn,paid,2026-11-{(i % 20) + 1:02d}T02:00:00Z\n")
        if i < bills:
            numbers.write(number + "\n")
PY
same_bill="MO-20261101-$(printf '%05d' $((bills + 1)))"
./target/release/server demo >/dev/null
for file in "$work"/orders-*.csv; do ./target/release/server import-orders "$file" >/dev/null; done
start_release_server
cookie="$(login finance@lanyun.example.cn Lanyun-demo-2026)"
[[ -n "$cookie" ]] || { echo "login failed"; cat "$work/server.log"; exit 1; }

echo "Submissions on $backend ($bills bills, $connections clients, $(nproc) cores):"
before="$(count 'SELECT count(*) FROM fapiao_applications')"
python3 scripts/confirm-load.py "$base" "$cookie" "$work/orders.txt" "$connections" "$same_bill" >"$work/load.out"
head -n -1 "$work/load.out" # the last line is the result, as JSON
result="$(tail -n 1 "$work/load.out")"
created=$(( $(count 'SELECT count(*) FROM fapiao_applications') - before ))
same=$(count "SELECT count(*) FROM fapiao_applications a JOIN orders o ON o.id = a.order_id WHERE o.order_number = '$same_bill'")
doubled=$(count "SELECT count(*) FROM (SELECT a.order_id FROM fapiao_applications a JOIN orders o ON o.id = a.order_id
                  WHERE o.order_number LIKE 'MO-20261101-%' GROUP BY a.order_id HAVING count(*) > 1) d")
python3 - "$result" "$backend" "$created" "$same" "$doubled" "$bills" <<'PY'
import json, sys
r, backend = json.loads(sys.argv[1]), sys.argv[2]
created, same, doubled, bills = map(int, sys.argv[3:7])
print(f"{'confirms ' + backend:<22} {r['per_second']:>8.0f}/s {r['p50_ms']:>9.2f} {r['p99_ms']:>9.2f}   "
      f"errors {r['errors']}; {created} applications for {bills} + 1 bills; "
      f"the bill confirmed 50 times at once has {same}; bills with two: {doubled}")
ok = r["errors"] == 0 and created == bills + 1 and same == 1 and doubled == 0
print("submissions: " + ("nothing lost, nothing doubled, no errors" if ok else "FAILED — see above"))
sys.exit(0 if ok else 1)
PY

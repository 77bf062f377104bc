#!/usr/bin/env bash
# The scale run (`make scale`): PostgreSQL loaded with 1,000,000 orders (10,000 customers) and
# 100,000 applications, then the staff queue (with the dashboard above it) and the dashboard's figures alone, a queue search and a customer's bills page
# (50 rows, the customer owning 2,000 bills among the million) measured with oha; the customer
# ticks 200 bills across four pages and applies for one fapiao, and its bills page and that
# application's form are measured too; then the plans
# of the queries the server ran for them (auto_explain). Run through scripts/with-postgres.sh after a release build (`make scale`
# does both). Figures depend on the machine.
set -euo pipefail
source "$(dirname "$0")/release-server.sh"
: "${TEST_POSTGRES_URL:?run through scripts/with-postgres.sh}"
duration="${BENCH_SECONDS:-10}s"
orders="${SCALE_ORDERS:-1000000}"
applications="${SCALE_APPLICATIONS:-100000}"
command -v oha >/dev/null || { echo "oha not found: cargo install oha --locked" >&2; exit 1; }
release_server_env "$TEST_POSTGRES_URL"
psql_() { psql -X -q -v ON_ERROR_STOP=1 "$TEST_POSTGRES_URL" "$@"; }

./target/release/server demo >/dev/null
echo "Generating $orders orders and $applications applications …"
start=$(date +%s)
psql_ <<SQL
INSERT INTO customers (external_ref, name, created_at)
  SELECT 'SCALE-' || g, '规模测试客户 ' || g || ' 有限公司', now() FROM generate_series(1, 10000) g;
CREATE TEMP TABLE base AS SELECT min(id) AS customer FROM customers WHERE external_ref LIKE 'SCALE-%';
INSERT INTO orders (order_number, customer_id, product, amount_fen, currency, payer_name, buyer_email, status,
                    paid_at, synced_at, created_at, updated_at)
  SELECT 'MO-' || (20000000 + g / 100) || '-' || lpad((g % 100)::text, 2, '0'),
         (SELECT customer FROM base) + g % 10000, 'Microsoft 365 E3', 10000 + g % 500000, 'CNY',
         '规模测试客户 ' || (g % 10000 + 1) || ' 有限公司', 'ap' || g % 10000 || '@scale.example.cn', 'paid',
         now() - (g % 720) * interval '1 hour', now(), now(), now()
  FROM generate_series(1, $orders) g;
-- The demo customer 蓝云 also owns the first scale customer's 100 bills.
INSERT INTO account_customers (account_id, customer_id, via_order_id, created_at)
  SELECT a.id, (SELECT customer FROM base), NULL, now() FROM accounts a WHERE a.email = 'finance@lanyun.example.cn';
INSERT INTO fapiao_applications (application_number, order_id, account_id, status, version, fapiao_type, medium, title,
    taxpayer_id, payer_name_differs, delivery_method, delivery_emails, submitted_at, due_at, created_at, updated_at)
  SELECT 'FP' || (30000000000000 + o.id), o.id, (SELECT id FROM accounts WHERE email = 'finance@lanyun.example.cn'),
         (ARRAY['submitted','submitted','submitted','processing','issued','issued','issued','mailed','mailed','rejected'])[1 + o.id % 10],
         1, CASE WHEN o.id % 3 = 0 THEN 'special' ELSE 'general' END, 'electronic', o.payer_name,
         CASE WHEN o.id % 3 = 0 THEN '91310000' || lpad((o.id % 10000000000)::text, 10, '0') END,
         false, 'email', o.buyer_email,
         now() - (o.id % 240) * interval '1 hour', now() - (o.id % 240) * interval '1 hour' + interval '2 days', now(), now()
  FROM orders o JOIN customers c ON c.id = o.customer_id
  WHERE c.external_ref LIKE 'SCALE-%' AND c.id <> (SELECT customer FROM base)
  ORDER BY o.id LIMIT $applications;
INSERT INTO application_bills (created_at, application_id, order_id, released)
  SELECT created_at, id, order_id, false FROM fapiao_applications;
-- Every issued or mailed application has its fapiao, issued 2 to 70 hours after submission
-- over the last 10 days (what the dashboard's 30-day figures read), and as many older ones
-- from the months before (what they must not read).
INSERT INTO issued_fapiao (created_at, application_id, fapiao_number, issue_date, amount_fen)
  SELECT a.submitted_at + (2 + a.id % 69) * interval '1 hour', a.id, lpad(a.id::text, 20, '0'),
         (a.submitted_at + (2 + a.id % 69) * interval '1 hour')::date, 10000
  FROM fapiao_applications a WHERE a.status IN ('issued', 'mailed');
INSERT INTO issued_fapiao (created_at, application_id, fapiao_number, issue_date, amount_fen)
  SELECT now() - (40 + a.id % 300) * interval '1 day', a.id, lpad((a.id + 500000000)::text, 20, '0'),
         (now() - (40 + a.id % 300) * interval '1 day')::date, 10000
  FROM fapiao_applications a WHERE a.status IN ('issued', 'mailed');
-- 蓝云 has 2,000 bills: the first scale customer's 100, the demo's 12 and 1,888 more.
INSERT INTO orders (order_number, customer_id, product, amount_fen, currency, payer_name, buyer_email, status,
                    paid_at, synced_at, created_at, updated_at)
  SELECT 'MO-BIG-' || lpad(g::text, 5, '0'), (SELECT customer FROM base), 'Microsoft 365 E3', 10000 + g, 'CNY',
         '规模测试客户 1 有限公司', 'ap0@scale.example.cn', 'paid', now() - g * interval '1 minute', now(), now(), now()
  FROM generate_series(1, 1888) g;
-- As autovacuum leaves a live database: statistics, and the visibility map index-only scans need.
VACUUM ANALYZE;
SQL
echo "Generated in $(( $(date +%s) - start )) s: $(psql_ -At -c 'SELECT count(*) FROM orders') orders, $(psql_ -At -c 'SELECT count(*) FROM fapiao_applications') applications ($(psql_ -At -c "SELECT count(*) FROM fapiao_applications WHERE status IN ('submitted','processing')") open)."

start_release_server
staff="$(login staff@fapiao.example.cn Staff-demo-2026)"
customer="$(login finance@lanyun.example.cn Lanyun-demo-2026)"
[[ -n "$staff" && -n "$customer" ]] || { echo "login failed"; cat "$work/server.log"; exit 1; }

run() { # name path cookie [method]
  oha --no-tui --output-format json -z "$duration" -c 4 -m "${4:-GET}" -H "cookie: $3" \
    -H 'content-type: application/x-www-form-urlencoded' "$base$2" >"$work/$1.json"
  python3 - "$1" "$work/$1.json" <<'PY'
import json, sys
name, path = sys.argv[1], sys.argv[2]
r = json.load(open(path))
s, p = r["summary"], r["latencyPercentiles"]
print(f"{name:<16} {s['requestsPerSec']:>8.0f} {p['p50'] * 1000:>8.1f} {p['p95'] * 1000:>8.1f} {p['p99'] * 1000:>8.1f}   {r.get('statusCodeDistribution', {})}")
PY
}
echo
printf '%-16s %8s %8s %8s %8s   %s\n' page 'req/s' 'p50 ms' 'p95 ms' 'p99 ms' 'status codes'
run queue /admin "$staff"
# The dashboard's figures alone (the server function the queue's first page calls).
run dashboard /api/admin/dashboard "$staff" POST
run queue-page-50 "/admin?page=50" "$staff"
run search-number "/admin?q=FP30000000012340" "$staff"
run search-text "/admin?q=%E6%B5%8B%E8%AF%95%E5%AE%A2%E6%88%B7%201234" "$staff"
run bills50 "/bills?per=50" "$customer"

# Several bills on one fapiao at scale: 蓝云 ticks 200 of its 2,000 bills on four pages of 50
# (each page sent as the bill list's form sends it) and applies for one fapiao; then its bills
# page (ticks shown) and the application form of the 200 are measured.
base_customer="$(psql_ -At -c "SELECT min(id) FROM customers WHERE external_ref LIKE 'SCALE-%'")"
tick_page() { # page then
  local form="then=$2" i=0 number
  while read -r number; do
    form+="&shown%5B$i%5D=$number&chosen%5B$i%5D=$number"; i=$((i + 1))
  done < <(psql_ -At -c "SELECT order_number FROM orders WHERE customer_id = $base_customer
                          ORDER BY paid_at DESC, id DESC OFFSET $(( ($1 - 1) * 50 )) LIMIT 50")
  curl -sS -o /dev/null -w "  ticked page $1 ($2): HTTP %{http_code} in %{time_total} s\n" \
    -H "cookie: $customer" -H 'content-type: application/x-www-form-urlencoded' --data "$form" "$base/api/select_bills"
}
echo
echo "蓝云 ($(psql_ -At -c "SELECT count(*) FROM orders o JOIN account_customers ac ON ac.customer_id = o.customer_id
  JOIN accounts a ON a.id = ac.account_id WHERE a.email = 'finance@lanyun.example.cn'") bills) ticks 200 on four pages and applies:"
for page in 1 2 3; do tick_page "$page" keep; done
tick_page 4 apply
first="$(psql_ -At -c "SELECT o.order_number FROM application_drafts d JOIN orders o ON o.id = d.order_id
                        WHERE d.together_with IS NOT NULL ORDER BY d.id DESC LIMIT 1")"
echo "  one draft for $first with $(psql_ -At -c "SELECT array_length(string_to_array(together_with, ','), 1) + 1
  FROM application_drafts WHERE together_with IS NOT NULL ORDER BY id DESC LIMIT 1") bills"
printf '%-16s %8s %8s %8s %8s   %s\n' page 'req/s' 'p50 ms' 'p95 ms' 'p99 ms' 'status codes'
run bills50-ticked "/bills?per=50" "$customer"
run apply-200 "/bills/$first/apply/1" "$customer"
echo "(4 connections, $duration each, $(nproc) cores, PostgreSQL with fsync=off)"

# The plans of the queries the server really ran for each page, not hand-written copies:
# PostgreSQL's auto_explain (contrib, part of the server package) logs EXPLAIN ANALYZE of every
# statement of a new session; the server is restarted so that its connections are new ones,
# each page is fetched once to warm up and once to be explained, and that part of the log
# (next to the data directory, where scripts/with-postgres.sh writes it) is printed.
psql_ -c "LOAD 'auto_explain'" -c "ALTER SYSTEM SET session_preload_libraries = 'auto_explain'" \
  -c "ALTER SYSTEM SET auto_explain.log_min_duration = 0" -c "ALTER SYSTEM SET auto_explain.log_analyze = on" \
  -c "ALTER SYSTEM SET auto_explain.log_timing = off" -c "SELECT pg_reload_conf()" >/dev/null
pg_log="$(dirname "$(psql_ -At -c 'SHOW data_directory')")/server.log"
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
start_release_server
explain() { # title path cookie
  curl -sS -o /dev/null -H "cookie: $3" "$base$2"
  local from; from="$(stat -c %s "$pg_log")"
  curl -sS -o /dev/null -H "cookie: $3" "$base$2"
  sleep 0.5
  echo
  echo "== $1: the plans of the statements the server ran for $2"
  tail -c +"$((from + 1))" "$pg_log" | python3 -c '
import re, sys
text = sys.stdin.read()
# Each auto_explain entry: "LOG:  duration: … ms  plan:\n\tQuery Text: …\n\t<plan lines>"
for entry in re.split(r"\n(?=\S.*LOG:  duration: )", text):
    m = re.search(r"LOG:  duration: ([\d.]+) ms  plan:\n(.*)", entry, re.S)
    if not m: continue
    body = [line.strip("\t") for line in m.group(2).splitlines() if line.startswith("\t")]
    query = body[0].removeprefix("Query Text: ") if body else ""
    if query.startswith(("BEGIN", "COMMIT", "SET", "SHOW")): continue
    print(f"-- {m.group(1)} ms: {query[:400]}")
    for line in body[1:]: print("   ", line)
'
}
explain "the queue's first page" /admin "$staff"
explain "a search by a whole application number" "/admin?q=FP30000000012340" "$staff"
explain "the bills page" "/bills?per=50" "$customer"

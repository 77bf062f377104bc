#!/usr/bin/env python3
"""Submissions under load, through the product's own HTTP API (used by scripts/confirm-bench.sh).

  confirm-load.py BASE COOKIE ORDERS_FILE CONNECTIONS SAME_BILL_ORDER

1. Drafts: every bill in ORDERS_FILE gets steps 1-3 of a general electronic fapiao saved, as the
   form saves them (not timed into the result; its rate is printed for reference).
2. Sustained confirms: CONNECTIONS clients confirm those bills, each bill once with its own
   idempotency key, as fast as the server answers. Prints confirms/s, p50 and p99 and the status
   codes; any answer other than 200 is an error.
3. Identical confirms: 50 clients, connected and waiting on one barrier, confirm the bill
   SAME_BILL_ORDER with the same key at once (the double click, the retried request).

The last line is JSON for the caller, which counts the applications in the database.
"""
import http.client
import json
import sys
import threading
import time
import urllib.parse
import uuid
from collections import Counter

base, cookie, orders_file, connections, same_bill = sys.argv[1:6]
connections = int(connections)
url = urllib.parse.urlsplit(base)
orders = [line.strip() for line in open(orders_file, encoding="utf-8") if line.strip()]

STEPS = [
    {"step": "1", "form[buyer_type]": "enterprise", "form[fapiao_type]": "general", "form[medium]": "electronic"},
    {"step": "2", "form[title]": "蓝云科技（上海）有限公司", "form[taxpayer_id]": "91330106673959654P"},
    {"step": "3", "form[delivery_method]": "email", "form[delivery_emails]": "finance@lanyun.example.cn"},
]


def connect():
    return http.client.HTTPConnection(url.hostname, url.port, timeout=60)


def post(conn, endpoint, fields):
    body = urllib.parse.urlencode(fields)
    conn.request("POST", f"/api/{endpoint}", body, {
        "content-type": "application/x-www-form-urlencoded",
        "cookie": cookie,
        "referer": f"{base}/bills",
    })
    response = conn.getresponse()
    response.read()
    return response.status


def in_parallel(work, clients):
    """Runs work(conn, results) on `clients` threads, each with its own keep-alive connection."""
    results, lock = [], threading.Lock()

    def client():
        conn, mine = connect(), []
        work(conn, mine)
        conn.close()
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, time.perf_counter() - started


def queue_of(items):
    items, lock = list(items), threading.Lock()

    def take():
        with lock:
            return items.pop() if items else None
    return take


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


next_draft = queue_of(orders)


def draft(conn, results):
    while (order := next_draft()) is not None:
        for step in STEPS:
            results.append(post(conn, "save_application_step", {"order_number": order, "go": "next", **step}))


statuses, seconds = in_parallel(draft, connections)
draft_codes = Counter(statuses)
print(f"drafts: {len(orders)} bills x 3 steps in {seconds:.1f} s ({len(statuses) / seconds:.0f} saves/s), "
      f"status codes {dict(draft_codes)}")
if set(draft_codes) != {200}:
    # A refused step leaves no draft to confirm: the form below must be what the product accepts.
    sys.exit("drafts: a step was refused, so the confirms would measure refusals (the form in STEPS is out of date?)")

next_confirm = queue_of(orders)


def confirm(conn, results):
    while (order := next_confirm()) is not None:
        started = time.perf_counter()
        status = post(conn, "confirm_application", {"order_number": order, "idempotency_key": uuid.uuid4().hex})
        results.append((status, time.perf_counter() - started))


results, seconds = in_parallel(confirm, connections)
codes = Counter(status for status, _ in results)
latencies = [latency for _, latency in results]
errors = sum(n for status, n in codes.items() if status != 200)
print(f"confirms: {len(results)} distinct bills in {seconds:.1f} s with {connections} clients; "
      f"p50 {percentile(latencies, 50) * 1000:.1f} ms, p99 {percentile(latencies, 99) * 1000:.1f} ms; "
      f"status codes {dict(codes)}; errors {errors}")

# The double click: 50 clients, connected first, released together with the same key.
same_key, barrier = uuid.uuid4().hex, threading.Barrier(50)
for step in STEPS:
    conn = connect()
    post(conn, "save_application_step", {"order_number": same_bill, "go": "next", **step})
    conn.close()


def identical(conn, results):
    conn.connect()
    barrier.wait()
    results.append(post(conn, "confirm_application", {"order_number": same_bill, "idempotency_key": same_key}))


identical_codes, _ = in_parallel(identical, 50)
print(f"50 identical confirms at once: status codes {dict(Counter(identical_codes))}")
print(json.dumps({
    "confirmed": codes.get(200, 0),
    "errors": errors + sum(1 for s in draft_codes.elements() if s != 200)
              + sum(1 for s in identical_codes if s != 200),
    "per_second": len(results) / seconds,
    "p50_ms": percentile(latencies, 50) * 1000,
    "p99_ms": percentile(latencies, 99) * 1000,
}))

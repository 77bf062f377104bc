#!/usr/bin/env bash
# What the front end weighs, as a browser with an empty cache downloads it, brotli-compressed
# (quality 11, what `cargo leptos build --release --precompress --split` serves).
#
# 1. The files: the islands' bundle (Wasm, its JS, the chunk loader), the CSS, and the chunks of
#    the lazy islands with their packs (a page fetches a pack only when it shows that island).
# 2. Per customer page: the release server is started on a fresh SQLite file with the demo data,
#    the demo customer logs in (with a draft that reached the review step), each page is fetched
#    and what it would load is added up: the CSS always; the bundle and the code of its islands
#    (each island's pack, or without one its chunks from `__wasm_split_manifest.json`) only when
#    the page shows an island. Targets: every customer page at most 120 kB, a page without
#    islands at most 60 kB.
# 3. Per island, for the variants the pages above do not show (paper delivery, for one), with
#    what its parts weigh fetched one by one instead of as its pack.
# Run after a release build (`make size` does both); measures whatever is in target/site/pkg.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
pkg="${1:-$root/target/site/pkg}"
command -v brotli >/dev/null || { echo "brotli not found: apt-get install brotli" >&2; exit 1; }
ls "$pkg"/fapiao.wasm >/dev/null 2>&1 || { echo "no bundle in $pkg: build first (make build-release)" >&2; exit 1; }
br() { brotli -c -q 11 "$1" | wc -c; }
kb() { awk -v b="$1" 'BEGIN { printf "%8.1f kB", b / 1000 }'; }

printf '%-60s %11s %11s\n' file raw brotli
for file in "$pkg"/fapiao.wasm "$pkg"/fapiao.js "$pkg"/__wasm_split*.js "$pkg"/fapiao.css "$pkg"/*.wasm "$pkg"/pack_*.bin; do
  [[ -f "$file" ]] || continue
  printf '%-60s %s %s\n' "$(basename "$file")" "$(kb "$(stat -c %s "$file")")" "$(kb "$(br "$file")")"
done | awk '!seen[$1]++'

[[ -x "$root/target/release/server" && "$pkg" == "$root/target/site/pkg" ]] || {
  echo "(per page: needs the release server, make build-release)"
  exit 0
}
source "$root/scripts/release-server.sh"
release_server_env "sqlite://$work/size.db"
./target/release/server demo >/dev/null
start_release_server
cookie="$(login finance@lanyun.example.cn Lanyun-demo-2026)"
[[ -n "$cookie" ]] || { echo "login failed"; cat "$work/server.log"; exit 1; }
order=MO-20261001-03
save() { curl -sS -o /dev/null -H "cookie: $cookie" -H 'accept: application/json' --data "order_number=$order&go=next&$1" "$base/api/save_application_step"; }
save 'step=1&form[buyer_type]=enterprise&form[fapiao_type]=general&form[medium]=electronic'
save 'step=2&form[title]=蓝云科技（上海）有限公司&form[taxpayer_id]=91330106673959654P'
save 'step=3&form[delivery_method]=email&form[delivery_emails]=finance@lanyun.example.cn'

python3 - "$pkg" "$base" "$cookie" "$order" <<'PY'
import json, re, subprocess, sys, urllib.request
pkg, base, cookie, order = sys.argv[1:5]
manifest = json.load(open(f"{pkg}/__wasm_split_manifest.json"))
def brotli(path):
    return len(subprocess.run(["brotli", "-c", "-q", "11", path], capture_output=True, check=True).stdout)
size = {}
def of(name):
    if name not in size:
        size[name] = brotli(f"{pkg}/{name}")
    return size[name]
def island_code(key):
    """What loading the island from scratch fetches: its pack (scripts/pack-islands.mjs), or
    without one its chunks and its own file."""
    pack = f"pack_{key}.bin"
    return [pack] if __import__("os").path.exists(f"{pkg}/{pack}") else [f"{chunk}.wasm" for chunk in manifest[key]]
bundle = ["fapiao.wasm", "fapiao.js"] + [f for f in __import__("os").listdir(pkg) if re.fullmatch(r"__wasm_split\.[^.]+\.js", f)]
pages = ["/", "/login", "/register", "/forgot", "/bills", f"/bills/{order}", "/applications", "/support", "/account",
         "/account/titles", "/account/addresses",
         f"/bills/{order}/apply/1", f"/bills/{order}/apply/2", f"/bills/{order}/apply/3", f"/bills/{order}/apply/4"]
listing = urllib.request.urlopen(urllib.request.Request(base + "/applications", headers={"cookie": cookie})).read().decode()
pages += sorted(set(re.findall(r'href="(/applications/[A-Z0-9]+)"', listing)))[:1]
print()
print(f"{'customer page (empty cache, brotli)':<40} {'islands':<34} {'CSS':>8} {'JS+Wasm':>9} {'total':>9}")
worst = 0
for path in pages:
    request = urllib.request.Request(base + path, headers={"cookie": cookie, "accept": "text/html"})
    html = urllib.request.urlopen(request).read().decode()
    islands = sorted(set(re.findall(r'<leptos-island data-component="([A-Za-z]+)_', html)))
    files = {"fapiao.css"}
    if islands:
        files.update(bundle)
        for island in islands:
            snake = re.sub(r"(?<!^)(?=[A-Z])", "_", island).lower()
            for key in [k for k in manifest if k.startswith(snake + "_loader_")]:
                files.update(island_code(key))
    css = of("fapiao.css")
    code = sum(of(f) for f in files) - css
    total = css + code
    worst = max(worst, total)
    print(f"{path:<40} {', '.join(islands) or '-':<34} {css / 1000:7.1f}k {code / 1000:8.1f}k {total / 1000:8.1f}k")
print(f"{'largest customer page':<40} {'':<34} {'':>8} {'':>9} {worst / 1000:8.1f}k   (target <= 120 kB)")

# Every island alone, shown or not by the pages above (paper delivery, for one): what a page
# showing only it downloads, with its pack, and what its parts weigh fetched one by one (without
# the pack: `make dev`, or moving in place from an island that shares code with it). The pack
# is lighter because brotli can reuse, within one file, what wasm-split's chunks repeat.
print()
print(f"{'island (a page showing only it)':<40} {'parts':>6} {'':<27} {'CSS':>8} {'JS+Wasm':>9} {'total':>9} {'one by one':>10}")
for key in sorted(manifest):
    island = key.split("_loader_")[0]
    parts = [f"{chunk}.wasm" for chunk in manifest[key]]
    css = of("fapiao.css")
    code = sum(of(f) for f in {*bundle, *island_code(key)})
    separately = sum(of(f) for f in {*bundle, *parts})
    print(f"{island:<40} {len(parts):6} {'':<27} {css / 1000:7.1f}k {code / 1000:8.1f}k {(css + code) / 1000:8.1f}k {(css + separately) / 1000:9.1f}k")
PY

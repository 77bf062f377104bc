#!/usr/bin/env bash
# Prints the size of the front-end bundle as a browser downloads it: raw and brotli-compressed
# (quality 11, what `cargo leptos build --release --precompress --split` serves). The first
# load is what every page needs (the main Wasm, its JS, the chunk loader, the CSS); the staff
# pages and the development gallery are Wasm chunks fetched only when visited. Run after a
# release build (`make build-release`); measures whatever is in target/site/pkg.
set -euo pipefail
pkg="${1:-target/site/pkg}"
command -v brotli >/dev/null || { echo "brotli not found: apt-get install brotli" >&2; exit 1; }
ls "$pkg"/*.wasm >/dev/null 2>&1 || { echo "no bundle in $pkg: build first (make build-release)" >&2; exit 1; }
row() { # label raw brotli
  awk -v f="$1" -v r="$2" -v b="$3" 'BEGIN { printf "%-34s %10.1f kB %10.1f kB\n", f, r / 1000, b / 1000 }'
}
printf '%-34s %13s %13s\n' file raw brotli
first_raw=0; first_br=0
for file in "$pkg"/fapiao.wasm "$pkg"/fapiao.js "$pkg"/__wasm_split*.js "$pkg"/fapiao.css; do
  [[ -f "$file" ]] || continue
  raw=$(stat -c %s "$file"); br=$(brotli -c -q 11 "$file" | wc -c)
  first_raw=$((first_raw + raw)); first_br=$((first_br + br))
  row "$(basename "$file")" "$raw" "$br"
done
row "first load (every page)" "$first_raw" "$first_br"
chunks=0; chunks_raw=0; chunks_br=0
for file in "$pkg"/*.wasm; do
  [[ "$(basename "$file")" == fapiao.wasm ]] && continue
  chunks=$((chunks + 1))
  chunks_raw=$((chunks_raw + $(stat -c %s "$file"))); chunks_br=$((chunks_br + $(brotli -c -q 11 "$file" | wc -c)))
done
row "on demand: $chunks staff/dev chunks" "$chunks_raw" "$chunks_br"

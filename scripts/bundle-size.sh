#!/usr/bin/env bash
# Prints the size of the front-end bundle as a browser downloads it: raw and brotli-compressed
# (quality 11, what `cargo leptos build --release --precompress` serves). Run after a release
# build (`make build-release`); measures whatever is in target/site/pkg.
set -euo pipefail
pkg="${1:-target/site/pkg}"
command -v brotli >/dev/null || { echo "brotli not found: apt-get install brotli" >&2; exit 1; }
ls "$pkg"/*.wasm >/dev/null 2>&1 || { echo "no bundle in $pkg: build first (make build-release)" >&2; exit 1; }
printf '%-24s %12s %12s\n' file raw brotli
total_raw=0; total_br=0
for file in "$pkg"/*.wasm "$pkg"/*.js "$pkg"/*.css; do
  [[ -f "$file" ]] || continue
  raw=$(stat -c %s "$file")
  br=$(brotli -c -q 11 "$file" | wc -c)
  total_raw=$((total_raw + raw)); total_br=$((total_br + br))
  awk -v f="$(basename "$file")" -v r="$raw" -v b="$br" 'BEGIN { printf "%-24s %10.1f kB %10.1f kB\n", f, r / 1000, b / 1000 }'
done
awk -v r="$total_raw" -v b="$total_br" 'BEGIN { printf "%-24s %10.1f kB %10.1f kB\n", "total", r / 1000, b / 1000 }'

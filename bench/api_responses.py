"""Record `warmonitor serve`'s answers to a fixed set of varied API addresses, to show that
a change made for speed changed no answer, byte for byte.

Run it once with the code before and once with the code after (PYTHONPATH, or another
worktree's venv), over the same store, then compare the two records:

    PYTHONPATH=../old/src .venv/bin/python bench/api_responses.py record --db fakes.db before.jsonl
    .venv/bin/python bench/api_responses.py record --db fakes.db after.jsonl
    .venv/bin/python bench/api_responses.py compare before.jsonl after.jsonl

The addresses (about 270; every one asked twice, the second answered from the answer
cache) are the FA-KES store's regions, types, actors and sides in /api/events, alone and
combined, every sort, pages and searches, invalid values (each a 422), and the other
routes of the API. Each answer is recorded as its status, headers (but Date and Server)
and the SHA-256 of its body.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from urllib.parse import quote

import httpx

from warmonitor.publish.background import serve_in_background

ADMIN1 = ("Idlib", "Aleppo", "Rif Dimashq", "Homs", "Deir ez-Zor", "Damascus", "Raqqa", "Nowhere")
TYPES = ("air_strike", "armed_clash", "shelling", "explosion", "ceasefire", "nope")
ACTORS = ("Syrian government forces", "Islamic State", "Russia", "US-led coalition")
SIDES = ("civilians", "government", "opposition", "jihadist", "kurdish", "unspecified")
SORTS = ("date", "-date", "killed", "-killed", "place", "-place")
WORDS = ("Idlib", "civilians", "Saraqib", "Russian", "killed 12", "50%", "a_b", "Ra’s", "Jaramānā", "x" * 30,
         "the of and in to a for on", "rebels children Homs")
INVALID = (
    "limit=0", "limit=501", "limit=abc", "offset=-1", "sort=bogus", "from=2016-13-01", "from=20160101", "to=2016-02-30",
    "from=1700000000", "from=2016-01-01T00:00:00", "admin1=Idlib&admin1=Aleppo", "limit=5&limit=7",
    "junk=1&_=1700000000&admin1=Idlib", "admin1=", "admin1=%00", "q=%0A", "min_killed=+5", "min_killed=05",
    "limit=%2010", "q=", "q=%20%20", "q=" + "a" * 201, "admin1=" + "a" * 81, "min_killed=3.0", "min_killed=3.5",
    "offset=1e3", "limit=1_0", "from=2016-01-01&to=2015-01-01",
    "country=sy&side=civilians&type=air_strike&min_killed=2&from=2014-01-01&to=2016-12-31&sort=-killed&limit=13&offset=2",
    "actor=Russia&side=civilians&bbox=35,33,40,37&q=killed&sort=place",
)


def event_addresses() -> list[str]:
    """/api/events, filtered, sorted, paged and searched in many ways."""
    queries = ["", "limit=1", "limit=500", "offset=1490", "offset=99999"]
    for i, region in enumerate(ADMIN1):
        queries += [f"admin1={quote(region)}",
                    f"admin1={quote(region)}&min_killed={i * 3}&sort={SORTS[i % 6]}&limit={5 + i * 20}&offset={i}"]
    for sort in SORTS:
        queries += [f"sort={sort}&limit=100", f"sort={sort}&limit=37&offset=200&min_killed=1"]
    queries += [f"type={kind}&limit=20" for kind in TYPES]
    queries += [f"actor={quote(actor)}&limit=30" for actor in ACTORS]
    for side in SIDES:
        queries += [f"side={side}&limit=25&sort=-killed", f"side={side}&admin1=Aleppo&from=2015-01-01"]
    for period in ("from=2016-01-01&to=2016-12-31", "from=2013-03-01&to=2013-03-31", "from=2017-12-13&to=2017-12-13",
                   "from=2020-01-01", "to=1990-01-01"):
        queries += [period, f"{period}&admin1=Idlib&limit=10"]
    queries += [f"country={code}" for code in ("SY", "sy", "IQ", "RU", "XX", "S", "Syr")]
    queries += [f"conflict={quote(name)}&limit=5" for name in ("Syria", "syria", "russia-ukraine-war", "yemen", "Nope war")]
    queries += [f"bbox={box}" for box in ("36,35,37.5,36.5", "35.5,33,37,34", "-180,-90,180,90", "1,2,3", "10,10,5,5", "a,b,c,d")]
    for i, words in enumerate(WORDS):
        queries += [f"q={quote(words)}", f"q={quote(words)}&admin1=Idlib&limit=7&offset={i}"]
    queries += [f"min_killed={k}&limit=10" for k in (0, 1, 5, 10, 50, 100, 1000, -1, "x", 10_000_001)]
    queries += [f"place={quote(place)}" for place in ("Jaramānā", "Aleppo")]
    queries += [f"admin1=Idlib&min_killed={i % 10}&to=2016-{1 + i % 12:02d}-{1 + i % 28:02d}" for i in range(40)]
    queries += INVALID
    return [f"/api/events?{query}" if query else "/api/events" for query in queries]


def other_addresses() -> list[str]:
    """Every other route of the API, with and without filters."""
    addresses = []
    for query in ("", "?admin1=Idlib", "?q=civilians", "?side=civilians&min_killed=10", "?bbox=x"):
        addresses += [f"/api/events.geojson{query}", f"/api/timeline{query}",
                      *(f"/api/export.{kind}{query}" for kind in ("csv", "jsonl", "geojson"))]
    for by in ("side", "group", "country", "conflict", "admin1", "place", "month", "week", "actor", "type", "bogus"):
        addresses += [f"/api/tallies?by={by}", f"/api/tallies?by={by}&admin1=Idlib&from=2015-01-01"]
    return addresses + [
        "/api/events/1", "/api/events/100", "/api/events/999999", "/api/events/abc", "/api/events/1/history",
        "/api/events/77/history", "/api/documents/1", "/api/documents/5", "/api/documents/99999", "/api/status",
        "/api/sources", "/api/sources/sana", "/api/sources/nobody", "/api/aggregates", "/api/aggregates?admin1=Idlib",
        "/api/aggregates?country=Syria&from=2016-01-01", "/api/aggregates?conflict=bogus", "/api/towns?bbox=35,33,40,37",
        "/api/towns?bbox=35,33,40,37&min_population=15000", "/api/towns?bbox=x", "/api/nothing", "/openapi.json",
    ]


def record(db: str, out: str) -> None:
    with serve_in_background(db) as server, httpx.Client(base_url=server.url, timeout=60) as client, open(out, "w") as f:
        newest = [e["public_id"] for e in client.get("/api/events?limit=3").json()["items"]]
        addresses = [*event_addresses(), *other_addresses(), *(f"/api/events/{p}" for p in newest),
                     *(f"/api/events/{p}/history" for p in newest)]
        for address in addresses:
            for attempt in ("first", "cached"):
                response = client.get(address)
                headers = [(k, v) for k, v in response.headers.items() if k not in ("date", "server")]
                f.write(json.dumps({"address": address, "attempt": attempt, "status": response.status_code, "headers": headers,
                                    "sha256": hashlib.sha256(response.content).hexdigest()}, ensure_ascii=False) + "\n")
    print(f"{len(addresses)} addresses, {2 * len(addresses)} answers recorded in {out}")


def compare(before: str, after: str) -> int:
    old, new = ([json.loads(line) for line in open(path, encoding="utf-8")] for path in (before, after))
    if [(a["address"], a["attempt"]) for a in old] != [(a["address"], a["attempt"]) for a in new]:
        print("the two records are of different addresses")
        return 1
    differ = [(a["address"], a["attempt"]) for a, b in zip(old, new) if a != b]
    print(f"{len(old)} answers compared, {len(differ)} differ")
    for address, attempt in differ[:20]:
        print(f"  {address} ({attempt})")
    return 1 if differ else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    recording = commands.add_parser("record", help="record the answers of the code on PYTHONPATH")
    recording.add_argument("--db", required=True, help="store to serve (SQLite path or postgresql:// URL)")
    recording.add_argument("out")
    comparing = commands.add_parser("compare", help="compare two records; exit 1 when an answer differs")
    comparing.add_argument("before")
    comparing.add_argument("after")
    args = parser.parse_args()
    if args.command == "record":
        record(args.db, args.out)
        return 0
    return compare(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())

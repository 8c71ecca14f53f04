"""The country an Arabic report's events happened in, from the places it names
(data/countries_ar.toml): resolve reads English place names only, so an Arabic report
brings its country with it (resolve keeps a report's country when it places nothing)."""

from __future__ import annotations

from collections import Counter
from functools import cache

from ...packs import read_data
from ...records import Doc
from ..lexicon import phrases_in
from .words import Phrases


@cache
def _names() -> Phrases:
    return Phrases({name: entry["code"] for entry in read_data("countries_ar.toml")["countries"] for name in entry["names"]})


def country_of(doc: Doc) -> str | None:
    """The country whose names and places the report names most (the first named of
    those as often), or None when it names none."""
    names = _names()
    named: Counter[str] = Counter()
    for sentence in doc.sentences:
        named.update(code for _, _, code in phrases_in(names, sentence.tokens))
    return named.most_common(1)[0][0] if named else None

"""Keys under which a place name is looked up, so that transliterations meet.

Arabic place names reach English text through several romanisations at once:
Kafr/Kfar/Kefr, al-/el-/ar-/Al, Sheikhoun/Shaykhun/Cheikhoun, ou/u, ei/ay/i, doubled
letters, hyphens or spaces. Two keys absorb that:

- :func:`exact_key` folds only case, accents, apostrophes, hyphens and the article:
  "Al-Ḩasakah" and "al Hasakah" meet;
- :func:`skeleton_key` keeps the consonant skeleton, which is what the romanisations
  agree on: "Khan Sheikoun" and "Khān Shaykhūn" both become ``knskn``.

Skeletons are lossy, so a match on one is weaker evidence than an exact match (see
:mod:`warmonitor.resolve.gazetteer`). Between the two, :func:`loose_key` also folds how
vowels and the ayn and hamza are written ("Saada", "Sa'dah", "Şa‘dah"; "Houn",
"Hūn"), keeping every consonant: it decides for names whose skeleton is too short
to trust and for first-level divisions.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache
from operator import methodcaller

from ..records import Place

# The Arabic article as romanised, a word of its own once folded ("al-Bab", "Ar Raqqah").
_ARTICLES = frozenset("al el il ul ar as ash ad adh az at ath an er es esh ed ez et en".split())
_NOT_LETTER = re.compile(r"[^a-z\s]+")
_SPACES = re.compile(r"\s+")
# What fold does to an ASCII name once it is lower case, in one pass: apostrophes dropped,
# any other character but a letter or a blank made a blank.
_ASCII_FOLD = str.maketrans({
    **{chr(c): " " for c in range(128) if not ("a" <= chr(c) <= "z" or chr(c).isspace())}, "'": None,
})
# What the template r"\1" puts in place of a match, given as a function: ``re`` reads a
# template anew in Python at each call of ``sub`` (tens of thousands as a run's names are
# first met), a function made in C it only calls at each match.
_FIRST_GROUP = methodcaller("group", 1)
# Spellings of one sound, folded before vowels are dropped (order matters: longest first).
_SOUNDS = [
    (re.compile(r"\b(?:kfar|kefr|kafer|kfr|kafar|kefer)\b"), "kafr"),
    (re.compile(r"(?<=\s)[ae]([lrstdzn])\1"), _FIRST_GROUP),  # an article glued on: "Deir Ezzor"
    (re.compile(r"tch|ch"), "sh"),  # French: Cheikhoun
    (re.compile(r"([kstdgz])h"), _FIRST_GROUP),  # kh, sh, th, dh, gh, zh
    (re.compile(r"ph"), "f"),
    (re.compile(r"q|ck|c"), "k"),
    (re.compile(r"dj|g"), "j"),  # Egyptian and French spellings: Gisr, Djisr
    (re.compile(r"x"), "ks"),
    (re.compile(r"h\b"), ""),  # ta marbuta: Hamah, Raqqah
]
_VOWELS = re.compile(r"(?<=\w)[aeiouyw]+")
_INITIAL_VOWEL = re.compile(r"\b[aeiou]+")  # kept as one "a": Afrin/Efrin, Azaz/Izaz
_DOUBLED = re.compile(r"(\w)\1+")
# Vowel spellings of one sound ("ou", "oo" and "u"; "ee" and "i"), and the ta marbuta
# written "-ah", "-eh" or "-a" at a word's end, after doubled letters are single.
_LOOSE_VOWELS = [(re.compile(r"ou|oo"), "u"), (re.compile(r"ee"), "i"), (re.compile(r"(?<=[aeiou])h\b"), ""),
                 (re.compile(r"(?<=\w\w)e\b"), "a")]


def fold(name: str) -> str:
    """Lower case, accents and marks removed, only letters and single spaces left. Most
    names are ASCII: no accent to take off, and one table folds every other character
    (each report's names are folded as they are first met: tens of thousands a run)."""
    if name.isascii():
        return " ".join(name.lower().translate(_ASCII_FOLD).split())
    ascii_only = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    ascii_only = ascii_only.lower().replace("'", "").replace("’", "").replace("ʿ", "").replace("ʾ", "").replace("‘", "")
    return _SPACES.sub(" ", _NOT_LETTER.sub(" ", ascii_only.replace("-", " "))).strip()


def _without_articles(folded: str) -> str:
    """The folded name without the articles before its words ("al bab" -> "bab"), though
    a name's last word stays, and so does its first when it is all the name is."""
    words = folded.split()
    while len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    last = len(words) - 1
    return " ".join(w for i, w in enumerate(words) if i == 0 or i == last or w not in _ARTICLES)


@lru_cache(maxsize=1 << 16)  # reports repeat their names: each is folded once
def exact_key(name: str) -> str:
    """Case, accents, hyphens and articles folded: "Al-Ḩasakah" -> "hasakah"."""
    return _without_articles(fold(name))


@lru_cache(maxsize=1 << 16)
def skeleton_key(name: str) -> str:
    """The consonant skeleton with spaces removed: "Kfar Zeita" -> "kfrzt". Made word by
    word, then letters doubled across words made single ("Kafr Rum": kfrm): a report's
    runs of name words are many ("Free Syrian Army", "Syrian Army", "Army"), their words
    few, and every rule but the last reads one word at a time."""
    return _DOUBLED.sub(_FIRST_GROUP, "".join(_word_skeleton(word, k > 0) for k, word in enumerate(exact_key(name).split(" "))))


@lru_cache(maxsize=1 << 16)
def _word_skeleton(word: str, inner: bool) -> str:
    """One word's part of :func:`skeleton_key`; ``inner``: not the name's first word,
    where an article glued on ("Ezzor") is dropped."""
    text = " " + word if inner else word  # the space the rules see before an inner word
    for pattern, replacement in _SOUNDS:
        text = pattern.sub(replacement, text)
    return _INITIAL_VOWEL.sub("a", _VOWELS.sub("", text)).lstrip(" ")


@lru_cache(maxsize=1 << 16)
def loose_key(name: str) -> str:
    """:func:`exact_key` with doubled letters single and vowels spelled one way: an ayn or
    hamza written as a doubled vowel, an apostrophe or nothing ("Saada", "Sa'dah" -> sada);
    "ou" as "u" ("Houn", "Hun" -> hun)."""
    return loosen(exact_key(name))


def loosen(key: str) -> str:
    """:func:`loose_key` of a name already folded to its :func:`exact_key`: word by word,
    as no rule of it reads across a space."""
    return " ".join(map(_loosen_word, key.split(" ")))


@lru_cache(maxsize=1 << 16)
def _loosen_word(word: str) -> str:
    word = _DOUBLED.sub(_FIRST_GROUP, word)
    for pattern, replacement in _LOOSE_VOWELS:
        word = pattern.sub(replacement, word)
    return word


_REGION_WORDS = frozenset({"al", "ar", "as", "ad", "ash", "el", "az", "at", "governorate", "province", "oblast", "state", "region"})


def names_its_region(place: Place) -> bool:
    """ "Idlib" the city or "Idlib" the province? A locality named as its first-level
    division is either, so it cannot tell two towns apart."""
    if place.precision != "locality" or not place.admin1:
        return False
    return _named_alike(place.canonical or place.name, place.admin1)


@lru_cache(maxsize=4096)
def _named_alike(name: str, region: str) -> bool:
    """Asked of every place of a report, and a long one names the same few towns
    thousands of times: each pair of names is compared once."""
    name, region = _bare(name), _bare(region)
    return name == region or SequenceMatcher(None, name, region).ratio() >= 0.8


def _bare(name: str) -> str:
    letters = "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(c))
    letters = "".join(c if c.isalpha() else " " for c in letters)
    return " ".join(w for w in letters.split() if w not in _REGION_WORDS).replace(" ", "")

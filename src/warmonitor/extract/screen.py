"""Regular expressions that skip a text at once when it lacks a word they need.

The scope of a figure and the reading of its paragraph run the 65 time expressions of
``data/time_en.toml`` over sentences, and for nine figures in ten the sentence holds no
expression of the kind asked for: each expression still tried every position of the
sentence, because one that opens with ``\\b`` gives Python's engine no first character
to look for. A :class:`Screened` expression first asks whether the text holds one of
the strings that every match must contain (``since ``; one of ``days``, ``weeks``...),
found by reading the expression's parse: a substring test is many times cheaper than a
match attempt at each position. What it finds is exactly what the expression finds.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence

try:  # the standard library's own parser of expressions: private, so should a later
    # Python move it, nothing is screened and the matches stay the same
    from re import _constants as _sre
    from re import _parser as _parse
except ImportError:  # pragma: no cover
    _sre = _parse = None

_CASE_FLAGS = re.IGNORECASE | re.LOCALE
_REPEATS = tuple(getattr(_sre, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_sre, name))


class Screened:
    """A compiled expression with the strings one of which each of its matches holds
    (None: no such strings known, the text is always searched)."""

    def __init__(self, pattern: str) -> None:
        self.pattern = re.compile(pattern)
        self.needed = _needed(pattern)

    def may_match(self, text: str) -> bool:
        return self.needed is None or any(map(text.__contains__, self.needed))  # no generator: 1.5 times faster

    def finditer(self, text: str) -> Iterator[re.Match]:
        return self.pattern.finditer(text) if self.may_match(text) else iter(())

    def search(self, text: str) -> re.Match | None:
        return self.pattern.search(text) if self.may_match(text) else None

    def sub(self, replacement, text: str) -> str:
        return self.pattern.sub(replacement, text) if self.may_match(text) else text


class ScreenedGroup:
    """Expressions asked of the same text together (the scope's aggregate or incident
    expressions): each string that one of them needs is looked for once, however many
    of them need it, rather than once per expression (the 38 aggregate ones of
    time_en.toml need some ninety strings, "during" by five of them)."""

    def __init__(self, expressions: Sequence[Screened]) -> None:
        self.expressions = list(expressions)
        self._always = frozenset(n for n, expression in enumerate(self.expressions) if expression.needed is None)
        needing: defaultdict[str, list[int]] = defaultdict(list)
        for n, expression in enumerate(self.expressions):
            for string in expression.needed or ():
                needing[string].append(n)
        self._needing = list(needing.items())

    def finditer(self, text: str) -> Iterator[re.Match]:
        """The matches of each expression in turn, in the group's order, as each
        expression's :meth:`Screened.finditer` gives them."""
        chosen = set(self._always)
        for string, users in self._needing:
            if string in text:
                chosen.update(users)
        for n in sorted(chosen):
            yield from self.expressions[n].pattern.finditer(text)


def _needed(pattern: str) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` contains, or None."""
    if _parse is None:
        return None
    parsed = _parse.parse(pattern)
    if parsed.state.flags & _CASE_FLAGS:
        return None
    return _in_sequence(parsed.data)


def _in_sequence(items: list) -> frozenset[str] | None:
    """For a sequence of parsed items: the most telling of the runs of literal characters
    and of the sets its compulsory groups and alternations need (the one whose shortest
    string is longest)."""
    choices: list[frozenset[str]] = []
    run: list[str] = []
    for op, value in items:
        if op is _sre.LITERAL:
            run.append(chr(value))
            continue
        if run:
            choices.append(frozenset({"".join(run)}))
            run = []
        found = _in_item(op, value)
        if found:
            choices.append(found)
    if run:
        choices.append(frozenset({"".join(run)}))
    return max(choices, key=lambda words: min(map(len, words)), default=None)


def _in_item(op, value) -> frozenset[str] | None:
    """What a group, an alternation or a repeat of at least one needs; None for anything
    else (a class of characters, an assertion, an optional part)."""
    if op is _sre.SUBPATTERN:
        _, add_flags, _, items = value
        return None if add_flags & _CASE_FLAGS else _in_sequence(items)
    if op is _sre.BRANCH:
        each = [_in_sequence(alternative) for alternative in value[1]]
        return None if any(words is None for words in each) else frozenset().union(*each)
    if op in _REPEATS and value[0] >= 1:
        return _in_sequence(value[2])
    return None

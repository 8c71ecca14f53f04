"""Tell, one line at a time, page furniture from the report it surrounds.

Scraped pages carry paywall offers, prices, share buttons, cookie banners and
"related stories" around the article. Any number in them ("₹300/Month",
"Read more: 12 killed in Idlib") would become a false casualty claim, so they
must go; but a line of the report must never go with them. The rules below
therefore look at the *shape* of a line (is it a button, a price, a notice,
a call to action, a menu?) using the vocabulary in ``data/boilerplate.toml``,
and a line as long as a paragraph is never furniture, whatever it contains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import cache

from ..packs import read_data

PARAGRAPH_WORDS = 20
"""A line this long is written prose: calls to action only count in shorter ones."""

MAX_FURNITURE_WORDS = 60
"""A line longer than this is part of the report, whatever words it contains.

Cookie banners and disclaimers run to 40-50 words; a report given as one long
line (as in FA-KES) must never be taken for one.
"""

TITLE_CASE_SHARE = 0.8
"""Share of capitalised words (Title Case's small words aside) that makes a run of
headlines: a report's prose, even a run of names, falls far below it."""

MIN_HEADLINE_WORDS = 4
"""Words (small ones aside) a headline list needs after its label: "Related Topics" alone
is a label line, handled as one."""

MIN_RUN_IN_LIST_WORDS = 12
"""Words after a list label before any full stop that make a run of headlines: no
sentence of a report opens with "Related News" and runs on this long without one."""

MAX_WORDS_BEFORE_LIST = 4
"""Words between a report's last full stop and a list label ("Source AFP Related News")."""

SENTENCE_BREAK = re.compile(r"[.!?…][\"'”’)\]]*\s+")
"""A sentence's end inside a line: its mark, closing quotes or brackets, and space."""

PLACEHOLDER = re.compile(r"\{\{[^}]*\}\}|\{%.*?%\}|\$\{[^}]*\}")
SENTENCE_END = re.compile(r"(?<!\.)\.[\"')\]]*$")
MENU_SEPARATOR = re.compile(r"\s*[|•·›»]\s*|\s+[>/]\s+")
MENU_MARK = re.compile(r"[|•·›»>/]")
"""A character that every match of :data:`MENU_SEPARATOR` holds."""
LINK_MARK = r"\s*[:»›→|>]"
LEADING_MARKS = " -–—•·»›>→*#[("
LETTERS = r"[^\W\d_]"
WORD = re.compile(rf"{LETTERS}+")
STRAIGHT_QUOTES = str.maketrans("‘’“”", "''\"\"")
"""Curly quotes as the vocabulary writes them, straight: made once, not for every line."""


class Kind(Enum):
    """What a line is, as far as finding the end of the report goes."""

    BLANK = "blank"
    FURNITURE = "furniture"
    FRAGMENT = "fragment"
    """Short and not ending like a sentence: a headline, a byline, a name, a link."""
    SENTENCE = "sentence"
    """Short and ending with a full stop."""
    PARAGRAPH = "paragraph"
    """At least :data:`PARAGRAPH_WORDS` words that are not furniture: the report itself."""


def classify(line: str) -> Kind:
    """The :class:`Kind` of one line of text."""
    text = normalise(line)
    words = len(text.split())
    if words == 0:
        return Kind.BLANK
    vocab = vocabulary()
    if words <= MAX_FURNITURE_WORDS and (
        vocab.is_furniture(text, words) or vocab.is_headline_list(line)
    ):
        return Kind.FURNITURE
    if words >= PARAGRAPH_WORDS:
        return Kind.PARAGRAPH
    return Kind.SENTENCE if ends_sentence(text) else Kind.FRAGMENT


def normalise(line: str) -> str:
    """Lower-case, single-spaced, with straight quotes: the form the vocabulary is in."""
    return " ".join(line.split()).lower().translate(STRAIGHT_QUOTES)


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends with a full stop (closing quotes aside), as report prose does.

    A short line ending in "?", "!" or "..." is a headline or a prompt far more
    often ("Why is Idlib so important?", "Don't miss out!", "Army advances in Idlib...").
    """
    return SENTENCE_END.search(text) is not None


@dataclass(frozen=True)
class Vocabulary:
    """The word lists of ``boilerplate.toml``, compiled into the patterns the rules use."""

    label_line: re.Pattern[str]
    label_link: re.Pattern[str]
    marker: re.Pattern[str]
    call_to_action: re.Pattern[str]
    call_to_action_start: re.Pattern[str]
    notices: tuple[str, ...]
    price: re.Pattern[str]
    periods: frozenset[str]
    offer_words: frozenset[str]
    list_label: re.Pattern[str]
    run_in_list_label: re.Pattern[str]
    small_words: frozenset[str]
    marker_openers: frozenset[str]  # the first word of each marker ("use" of "use cookies")
    action_openers: frozenset[str]  # the first word of each call to action

    @classmethod
    def from_toml(cls, data: dict[str, list[str]]) -> Vocabulary:
        labels = alternatives(data["labels"])
        actions = alternatives(data["calls_to_action"])
        symbols = "|".join(map(re.escape, data["currency_symbols"]))
        codes = alternatives(data["currency_codes"])
        amount = r"\d[\d,.]*"
        return cls(
            label_line=re.compile(rf"[\W\d_]*(?:(?:{labels})(?!{LETTERS})[\W\d_]*)+"),
            label_link=re.compile(rf"(?:{labels}){LINK_MARK}"),
            marker=re.compile(rf"(?<!\w)(?:{alternatives(data['markers'])})(?!\w)"),
            call_to_action=re.compile(rf"(?<!\w)(?:{actions})(?!\w)"),
            call_to_action_start=re.compile(rf"(?:{actions})(?!\w)"),
            notices=tuple(data["notices"]),
            price=re.compile(
                rf"(?:{symbols})\s?{amount}|{amount}\s?(?:{symbols})"
                rf"|(?<!\w)(?:{codes})\.?\s?{amount}|{amount}\s?(?:{codes})(?!\w)"
            ),
            periods=frozenset(data["periods"]),
            offer_words=frozenset(data["periods"] + data["price_words"] + data["currency_codes"]),
            list_label=re.compile(
                rf"[\W\d_]*(?:{alternatives(data['list_labels'])})(?!{LETTERS})", re.IGNORECASE
            ),
            run_in_list_label=re.compile(
                rf"(?<!\w)(?:{'|'.join(_capitalised(label) for label in data['box_labels'])}"
                rf"|\d+ (?:{'|'.join(_capitalised(label) for label in data['counted_box_labels'])}))(?!{LETTERS})"
            ),
            small_words=frozenset(data["title_case_small_words"]),
            marker_openers=_openers(data["markers"]),
            action_openers=_openers(data["calls_to_action"]),
        )

    def run_in_list_start(self, line: str) -> int | None:
        """Where a list of other stories' headlines starts inside the last line of a
        page stored on one line, when they are written as sentences without full stops:
        "... its offensives. Source AFP Related News Suicide car bomb kills eight in Daraa
        Idlib offensive could spark ...". The label, written with its capital as a box
        heads it, stands a few words after a sentence's end, and at least
        :data:`MIN_RUN_IN_LIST_WORDS` words follow it before any full stop. Only a box's
        own heading (``box_labels``: "Related News", not "Related", which opens
        sentences, nor "Read more", an inline link the report goes on after), or one
        after the page's share counter (``counted_box_labels``: "85 Related")."""
        for label in self.run_in_list_label.finditer(line):
            before = line[: label.start()]
            last_end = max(before.rfind(". "), before.rfind(".\" "), before.rfind(".” "))
            if last_end < 0 or len(before[last_end + 1 :].split()) > MAX_WORDS_BEFORE_LIST:
                continue
            after = line[label.end() :]
            stop = SENTENCE_BREAK.search(after)
            if len((after[: stop.start()] if stop else after).split()) >= MIN_RUN_IN_LIST_WORDS:
                return label.start()
        return None

    def is_furniture(self, text: str, words: int) -> bool:
        """Whether the normalised line ``text`` of ``words`` words is page furniture.

        A marker or a call to action opens with a word of the line: the line's words,
        found once, spare most lines the search of those alternations at every position
        (a report of megabytes has a hundred thousand lines, nearly all prose)."""
        start = text.lstrip(LEADING_MARKS)
        short = words < PARAGRAPH_WORDS
        found = frozenset(WORD.findall(text))
        return bool(
            (short and self.label_line.fullmatch(text))
            or self.label_link.match(start)
            or (not found.isdisjoint(self.marker_openers) and self.marker.search(text))
            or PLACEHOLDER.search(text)
            or text.startswith(self.notices)
            or start.startswith(self.notices)
            or (short and self.is_call_to_action(text, start, found))
            or self.is_offer(text, found)
            or is_menu(text)
        )

    def is_headline_list(self, line: str) -> bool:
        """Other stories' headlines after a section label, told on one line:
        "319 Related Army Retakes Hill Town Strikes Kill 12 in Idlib Tags Syria".

        Pages stored one article to a line run their related-stories box into the
        report's end, with no full stop between headlines; their figures are other
        stories' claims. The label must open the text and the words after it must be
        in Title Case, so a sentence that merely uses "related" stays.
        """
        label = self.list_label.match(line)
        if label is None:
            return False
        words = [
            word
            for word in re.findall(rf"{LETTERS}\S*", line[label.end() :])
            if word.lower() not in self.small_words
        ]
        capitalised = sum(word[0].isupper() for word in words)
        return len(words) >= MIN_HEADLINE_WORDS and capitalised >= TITLE_CASE_SHARE * len(words)

    def is_call_to_action(self, text: str, start: str, found: frozenset[str]) -> bool:
        """A line that asks the reader to act: "Subscribe now for …", "Curated Newsletters".
        ``found``: the words of ``text``."""
        if found.isdisjoint(self.action_openers):
            return False
        if self.call_to_action_start.match(start):
            return True
        return self.call_to_action.search(text) is not None and not ends_sentence(text)

    def is_offer(self, text: str, found: frozenset[str] | None = None) -> bool:
        """A price or a plan's term alone on its line: "₹900", "3 Months", "$4.99 a month".
        ``found``: the words of ``text``, if known."""
        if not any(map(str.isdigit, text)):  # most lines have no digit: asked in C, not a Python loop
            return False
        # Removing the prices removes digits, symbols and currency codes (offer words) only,
        # so a line with any other word is no offer.
        if not (found if found is not None else frozenset(WORD.findall(text))) <= self.offer_words:
            return False
        unpriced, prices = self.price.subn(" ", text)  # one pass finds and removes the prices
        has_price = prices > 0
        words = set(WORD.findall(unpriced))
        return words <= self.offer_words and (has_price or bool(words & self.periods))


def is_menu(text: str) -> bool:
    """Three or more short items between separators: "Home › World › Middle East"."""
    if not MENU_MARK.search(text):  # most lines have no separator to split at
        return False
    items = MENU_SEPARATOR.split(text)
    return len(items) >= 3 and all(0 < len(item.split()) <= 4 for item in items)


def _openers(phrases: list[str]) -> frozenset[str]:
    """The first word of each phrase: where it matches, the line holds that word (each
    phrase opens with a letter after no word character, as the patterns require)."""
    return frozenset(WORD.match(phrase).group() for phrase in phrases)


def _capitalised(label: str) -> str:
    """A list label as a box heads it: "Related News", "Related news", "RELATED NEWS"."""
    first, rest = label[0], label[1:]
    return rf"(?:{re.escape(first.upper())}(?i:{re.escape(rest)})|{re.escape(label.upper())})"


def alternatives(phrases: list[str]) -> str:
    """A regex alternation of ``phrases``, longest first so that the longest wins."""
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


@cache
def vocabulary() -> Vocabulary:
    """The vocabulary of ``warmonitor/data/boilerplate.toml``, read once."""
    return Vocabulary.from_toml(read_data("boilerplate.toml"))

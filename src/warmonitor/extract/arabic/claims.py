"""The Arabic claim reader: which counts in a sentence tell people killed or injured.

Arabic news puts the outcome first ("مقتل 15 مدنيا", "أصيب 45 آخرون") or in the counted
noun itself ("32 قتيلا", "150 شهيدا"), less often after the victims ("15 شخصا قتلوا").
A count takes its outcome from, in this order:

1. the outcome word before it, over links and a qualifier: "مقتل أكثر من 50 ألف شخص",
   "ارتفع عدد الشهداء إلى 10", "أودت بحياة 5";
2. a verb right after its victims: "ثلاثة متطوعين قتلوا", "10 أشخاص على الأقل قتلوا";
3. its own noun: "60 جريحا", "248 إصابة";
4. the toll it completes further back: "حصيلة القتلى ... ارتفعت إلى نحو 1990";
5. its total ("بينهم أربعة أطفال", "18 منهم") or the count it is listed with ("و8 مواطنات").

Dual nouns count two (طفلين، صحفيان) and a single person noun one (مقتل طفل, بينهم
سيدة). Repeated figures are dropped by the shared :func:`..context.drop_repeats`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ...records import Claim, Doc, Token
from ..context import FoundClaim, drop_repeats
from ..numbers import Quantity
from .context import breakdown_of, earlier_toll, is_headline, said_in, scope
from .numbers import find_quantities, number_words
from .words import ArabicLexicon, Victim, stems

_MAX_LINKS = 3
_OBJECT_REACH = 4
_DOER_WORDS = 3  # words of the doer between a verb and its count: "قتلت القوات الروسية 8"
_TOLL_REACH = 60
_PARTNER_REACH = 4  # tokens between two listed counts: "وطرطوس: 433"
_LIST_REACH = 15  # tokens between two items of a list, the second opened by "و" or a comma
_SIDE_REACH = 6  # tokens after the victims that may name their party
_YEARS = range(1900, 2101)
_QUOTES = frozenset('"“”«»\'‘’')


@dataclass
class _Candidate:
    quantity: Quantity
    victim: Victim | None = None
    noun: int | None = None  # token index of the counted noun
    outcome: str | None = None
    trigger: tuple[int, int] | None = None
    parent: int | None = None
    partner: int | None = None
    mixed: bool = False  # "مقتل وإصابة 13": two outcomes told as one figure

    @property
    def first(self) -> int:
        return min(self._edges(0))

    @property
    def last(self) -> int:
        return max(self._edges(1))

    def _edges(self, side: int) -> list[int]:
        """The starts (``side`` 0) or ends (1) of the count, its trigger and its noun."""
        edges = [(self.quantity.start, self.quantity.end)[side]]
        edges += [self.trigger[side]] if self.trigger else []
        return edges + ([self.noun + side] if self.noun is not None else [])


def read_claims(doc: Doc, title: str | None, lex: ArabicLexicon) -> list[Claim]:
    """Every casualty claim of an Arabic report, in text order, each figure told once."""
    found: list[FoundClaim] = []
    seen: set[str] = set()
    period_total: Claim | None = None  # the last total over a period, while its breakdown goes on
    for sentence in doc.sentences:
        said = doc.text[sentence.start : sentence.end]
        if said in seen:
            continue
        seen.add(said)
        previous = found[-1].claim if found and found[-1].sentence == len(seen) - 1 else None
        headline = is_headline(doc.text, sentence.end)
        read = _read_sentence(doc.text, sentence.tokens, lex, previous)
        if read and not headline:
            read, period_total = breakdown_of(period_total, read, sentence.tokens, lex)
        for claim, told in read:
            found.append(FoundClaim(claim, len(seen), told.one_by_one, part_of=told.total, headline=headline))
    named = {f.claim.span: f.claim for f in found if f.announced_as_new and f.part_of is None}
    return [_as_named(claim, named) for claim in drop_repeats(found, _title_span(doc.text, title))]


def _as_named(claim: Claim, named: dict[tuple[int, int], Claim]) -> Claim:
    """A person counted by their own noun keeps that noun's group: the shared repeat rule
    lends an unspecified figure the group of a headline's figure of the same count, which
    for one person named beside another ("طفل والأمين") is someone else's."""
    own = named.get(claim.span)
    return replace(claim, group=own.group, side=own.side) if own else claim


def _title_span(text: str, title: str | None) -> tuple[int, int] | None:
    if not title:
        return None
    at = text.find(title.strip(), 0, len(title) + 200)
    return (at, at + len(title.strip())) if at >= 0 else None


@dataclass(frozen=True)
class _Told:
    """How a claim was told, for the shared repeat rule: one by one (a person by their
    noun, مقتل طفل; an item of a list or a sub-count: two alike near each other are two
    figures) and the (count, outcome) of the total it is part of — never for a person by
    their noun, as two persons of one total ("بينهم طفل والأمين ومدير") are two people."""

    one_by_one: bool
    total: tuple[int | None, str] | None


def _read_sentence(text: str, tokens: list[Token], lex: ArabicLexicon, previous: Claim | None) -> list[tuple[Claim, _Told]]:
    """The sentence's claims, each with how it was told."""
    candidates = _candidates(tokens, lex)
    for index in range(len(candidates)):
        _find_total(tokens, candidates, index, lex)
    for index in range(len(candidates)):
        _find_outcome(tokens, candidates, index, lex)
    _share_outcomes(candidates)
    claims: list[Claim] = []
    told: list[_Told] = []
    for index, candidate in enumerate(candidates):
        read = candidate.outcome and not candidate.mixed
        if read and not _mixes_outcomes(tokens, candidate, lex) and not _projected(tokens, candidate, lex):
            claims.append(_to_claim(text, tokens, candidates, index, claims, previous, lex))
            parent = candidates[candidate.parent] if candidate.parent is not None else None
            person = candidate.noun == candidate.quantity.start
            one_by_one = person or candidate.partner is not None or parent is not None
            total = (parent.quantity.count, parent.outcome) if parent and not person else None
            told.append(_Told(one_by_one, total))
    return list(zip(claims, told))


def _candidates(tokens: list[Token], lex: ArabicLexicon) -> list[_Candidate]:
    """The sentence's counts with their nouns: numbers, dual nouns and single persons."""
    found = []
    taken: set[int] = set()
    for quantity in find_quantities(tokens):
        candidate = _with_victims(tokens, quantity, lex)
        if candidate:
            found.append(candidate)
            taken.update(range(candidate.first, candidate.last))
    for k, token in enumerate(tokens):
        if k in taken:
            continue
        victim = lex.victim(token)
        if victim is None or victim.number is None:
            continue
        if victim.number == 1 and not (_single_person_told(tokens, k, lex) or _listed_after(tokens, k, found, lex)):
            continue
        before = lex.victim(tokens[k - 1]) if k and not tokens[k].lower.startswith("و") else None
        if before and not before.outcome and not before.anaphoric:
            continue  # "جندي إسرائيلي": an adjective of the person before
        if any(c.noun == k - 1 and _mixes_outcomes(tokens, c, lex) for c in found):
            continue  # "30 قتيلا وجريحا": the second noun is the same figure's
        found.append(_Candidate(Quantity(k, k + 1, victim.number), victim, noun=k))
    found += _named_persons(tokens, taken, lex)
    return sorted(found, key=lambda c: c.quantity.start)


def _named_persons(tokens: list[Token], taken: set[int], lex: ArabicLexicon) -> list[_Candidate]:
    """One count for each person an outcome word lists by name: "قتل كل من: فلان، فلان،
    وفلان، المتطوعين في المركز" (three civilians: the noun after the list says who)."""
    found = []
    for k in range(1, len(tokens)):
        opener = lex.list_openers.match(tokens, k)
        outcome = lex.before.match_ending(tokens, k - 1) if opener else None
        if not outcome:
            continue
        items, who = _list_items(tokens, k + opener[0], lex)
        trigger: tuple[int, int] | None = (k - outcome[0], k)  # quoted with the first name only
        for start, end in items:
            if not taken.intersection(range(start, end)):
                found.append(_Candidate(Quantity(start, end, 1), who, noun=start, outcome=outcome[1], trigger=trigger))
            trigger = None
    return found


def _list_items(tokens: list[Token], k: int, lex: ArabicLexicon) -> tuple[list[tuple[int, int]], Victim | None]:
    """The (start, end) of each name of a list from ``k``, and the noun after it saying who they were."""
    items: list[tuple[int, int]] = []
    start = k + (k < len(tokens) and tokens[k].text in ":：")
    j = start
    while j < len(tokens):
        token = tokens[j]
        who = lex.victim(token)
        ends_list = token.lower in lex.list_stops or token.text in ".()؛" or who is not None or j - start >= lex.longest_name
        if token.text in "،," or ends_list or (token.lower.startswith("و") and j > start):
            if j > start:
                items.append((start, j))
            if ends_list:
                return items, who if who and not who.anaphoric else None
            start = j + (token.text in "،,")
        j += 1
    if j > start:
        items.append((start, j))
    return items, None


def _with_victims(tokens: list[Token], quantity: Quantity, lex: ArabicLexicon) -> _Candidate | None:
    """The count with the noun it counts ("15 مدنيا", "88 من العسكريين", "مدنيين اثنين"),
    or alone when nothing but a link follows it ("وبانياس 34،"); None when it counts
    something else (strikes, days, a year)."""
    k = quantity.end
    if _not_a_count(tokens, quantity):
        return None
    if k < len(tokens) and lex.victim(tokens[k], counted=True):
        return _Candidate(quantity, lex.victim(tokens[k]), noun=k)
    if k + 1 < len(tokens) and tokens[k].lower == "من" and lex.victim(tokens[k + 1], counted=True):
        return _Candidate(quantity, lex.victim(tokens[k + 1]), noun=k + 1)
    before = quantity.start - 1
    if quantity.count in (1, 2) and not tokens[quantity.start].is_digit and before >= 0 and lex.victim(tokens[before]):
        return _Candidate(Quantity(before, quantity.end, quantity.count), lex.victim(tokens[before]), noun=before)  # "شخص واحد"
    if quantity.count in _YEARS and quantity.qualifier == "exact" or quantity.count == 1:
        return None  # a year; "واحدة" alone qualifies a noun ("عائلة واحدة")
    if k >= len(tokens) or not tokens[k].lower[0].isalpha() or tokens[k].lower in lex.bare_followers:
        return _Candidate(quantity)
    if lex.after.match(tokens, k) or lex.subcounts_before.match(tokens, k) or number_words().qualifiers_after.match(tokens, k):
        return _Candidate(quantity)
    if tokens[k].lower.startswith("و") and lex.before.match(tokens, k):  # "مقتل 3 وإصابة 5"
        return _Candidate(quantity)
    return None


def _not_a_count(tokens: list[Token], quantity: Quantity) -> bool:
    """A share ("45%"), a time ("10:30") or part of a date ("15/3/2020"): no count of people."""
    k = quantity.end
    after = tokens[k].text if k < len(tokens) else ""
    joined_digit = k + 1 < len(tokens) and tokens[k + 1].is_digit
    in_date = quantity.start > 0 and tokens[quantity.start - 1].text == "/"
    return after in ("%", "٪") or after in ("/", ":") and joined_digit or in_date


def _single_person_told(tokens: list[Token], k: int, lex: ArabicLexicon) -> bool:
    """Is the single person noun at ``k`` told as a victim: "مقتل طفل", "قتلت سيدة",
    "بينهم امرأة", "شخص قتل"? A person named in passing ("مدير المستشفى قال") is not."""
    j = k - 1
    while j > 0 and tokens[j].text in ":：":  # "أصيب شخصان هما: عضو القيادة"
        j -= 1
    if j >= 0 and (lex.before.match_ending(tokens, j) or lex.subcounts_before.match_ending(tokens, j)):
        return True
    return bool(lex.after.match(tokens, k + 1))


def _listed_after(tokens: list[Token], k: int, found: list[_Candidate], lex: ArabicLexicon) -> bool:
    """Is the single person at ``k`` the next item of a list of victims ("بينهم طفل
    والأمين السابق للحزب", "وعنصر سابق بالتنظيم")?"""
    return tokens[k].lower.startswith("و") and any(_opens_list_item(tokens, c.last, k, lex) for c in found)


def _opens_list_item(tokens: list[Token], end: int, start: int, lex: ArabicLexicon) -> bool:
    """Do the tokens from ``end`` up to ``start`` (a count or person after them) open the
    next item of a list: few of them, "و" or a comma among them or on the item, and no
    outcome word that would open a statement of its own?"""
    if not 0 <= start - end <= _LIST_REACH:
        return False
    between = tokens[end:start]
    opened = tokens[start].lower.startswith("و") or any(t.lower.startswith("و") or t.text in "،,:؛" for t in between)
    opens_item = tokens[start].lower.startswith("و") or (start and tokens[start - 1].lower in ("و", "،", ","))
    close = len(between) <= _PARTNER_REACH or opens_item
    return opened and close and not any(lex.before.match(tokens, j) or lex.after.match(tokens, j) for j in range(end, start))


def _find_outcome(tokens: list[Token], candidates: list[_Candidate], index: int, lex: ArabicLexicon) -> None:
    candidate = candidates[index]
    for finder in (_outcome_before, _outcome_after, _outcome_of_noun, _outcome_of_toll):
        found = finder(tokens, candidates, index, lex)
        if found:
            candidate.outcome, candidate.trigger = found
            candidate.mixed = finder is _outcome_before and _two_outcomes_before(tokens, *found, candidates[:index], lex)
            return
    total = _total_after(tokens, candidates, index, lex)
    if total is not None:
        candidate.partner = total


def _two_outcomes_before(tokens, outcome, trigger, earlier: list[_Candidate], lex: ArabicLexicon) -> bool:
    """ "مقتل وإصابة 13", "استشهد وأصيب 132": the count is of both outcomes together
    (not "15 شخصا قتلوا وأصيب 45": there the first verb is the count before's)."""
    a = trigger[0]
    if a == 0 or not tokens[a].lower.startswith("و") or any(c.last == a for c in earlier):
        return False
    other = lex.before.match_ending(tokens, a - 1)
    return other is not None and other[1] != outcome


def _outcome_before(tokens, candidates, index, lex):
    """ "مقتل 15", "ارتفع عدد الشهداء إلى 10", "أودت بحياة 5"."""
    candidate = candidates[index]
    j = candidate.quantity.start - 1
    if candidate.noun is not None and candidate.noun < candidate.quantity.start:
        j = candidate.noun - 1
    links = 0
    while j >= 0 and links <= _MAX_LINKS:
        found = lex.before.match_ending(tokens, j)
        if found:
            return found[1], (j - found[0] + 1, j + 1)
        victim = lex.victim(tokens[j])
        if victim and victim.outcome and victim.number is None:  # "جثث 15 مدنيا"
            return victim.outcome, (j, j + 1)
        if tokens[j].lower == "ل" and j == candidate.quantity.start - 1:
            return _outcome_of_object(tokens, j, lex)
        if j == candidate.quantity.start - 1 and tokens[j].lower.startswith("ال"):
            return _outcome_of_verb_and_doer(tokens, j, lex)
        if not (set(stems(tokens[j].lower)) & lex.links or tokens[j].text in _QUOTES or tokens[j].lower == "ال"):
            return None
        j -= 1
        links += 1
    return None


def _outcome_of_verb_and_doer(tokens: list[Token], j: int, lex: ArabicLexicon):
    """ "قتلت القوات الروسية 8 مدنيين", "أعدم تنظيم الدولة 12 شخصا": verb, doer, count."""
    k = j
    while k >= 0 and j - k < _DOER_WORDS:
        actor = lex.actors.match_ending(tokens, k)
        k = k - actor[0] if actor else k - (1 if tokens[k].lower.startswith("ال") or k == j - 1 else _DOER_WORDS)
        found = lex.before.match_ending(tokens, k) if k >= 0 else None
        if found:
            return found[1], (k - found[0] + 1, k + 1)
    return None


def _outcome_of_object(tokens: list[Token], j: int, lex: ArabicLexicon):
    """ "اغتيال خلايا مسلحة لـ 296 مدنيا": the victims of a verbal noun follow its doer, after لـ."""
    for k in range(j - 1, max(-1, j - 1 - _OBJECT_REACH), -1):
        found = lex.before.match_ending(tokens, k)
        if found:
            return found[1], (k - found[0] + 1, k + 1)
        if tokens[k].text in "،,.:":
            return None
    return None


def _outcome_after(tokens, candidates, index, lex):
    """ "15 شخصا قتلوا", "10 أشخاص على الأقل قتلوا", "اثنين من المصابين استشهدا"."""
    candidate = candidates[index]
    k = candidate.last
    qualifier = number_words().qualifiers_after.match(tokens, k)
    if qualifier:
        k += qualifier[0]
    found = lex.after.match(tokens, k)
    if not found or tokens[k].lower.startswith("و") or any(c.quantity.start == k + found[0] for c in candidates):
        return None  # "مقتل 4 أشخاص وأصيب 5", "قتل 14 وأصيب آخرون": the verb opens a clause of its own
    return found[1], (k, k + found[0])


def _outcome_of_noun(tokens, candidates, index, lex):
    candidate = candidates[index]
    if candidate.victim and candidate.victim.outcome:
        return candidate.victim.outcome, (candidate.noun, candidate.noun + 1)
    return None


def _outcome_of_toll(tokens, candidates, index, lex):
    """ "حصيلة القتلى جراء المواجهات ... ارتفعت إلى نحو 1990 شخصا": a toll completed far back."""
    candidate = candidates[index]
    j = candidate.quantity.start - 1
    if j < 0 or tokens[j].lower not in ("الي", "بلغت", "بلغ") and candidate.victim is not None:
        return None  # only a toll's figure, or a bare count ("اللاذقية: 683"), reaches back
    for k in range(j, max(-1, j - _TOLL_REACH), -1):
        if any(c.quantity.start <= k < c.quantity.end for c in candidates):
            return None
        victim = lex.victim(tokens[k])
        if victim and victim.outcome and victim.number is None:
            return victim.outcome, (k, k + 1)
        found = lex.after.match(tokens, k)
        if found and not tokens[k].lower.startswith("و"):
            return found[1], (k, k + found[0])
        if "حصيله" in stems(tokens[k].lower):
            return "killed", (k, k + 1)
    if tokens[j].lower == "الي":  # "ارتفع إلى 25 ... عدد الشهداء": the toll named after its figure
        for k in range(candidate.last, min(len(tokens), candidate.last + _TOLL_REACH)):
            if any(c.quantity.start == k and c.victim and not c.victim.outcome for c in candidates if c.parent is None):
                return None
            victim = lex.victim(tokens[k])
            if victim and victim.outcome and victim.number is None:
                return victim.outcome, (k, k + 1)
    return None


def _find_total(tokens: list[Token], candidates: list[_Candidate], index: int, lex: ArabicLexicon) -> None:
    """Tie a sub-count to its total ("بينهم 4 أطفال", "18 منهم") or a listed count to its
    partner ("13 مدنيا ... و8 مواطنات", "وطرطوس: 433")."""
    candidate = candidates[index]
    if index == 0:
        return
    start = candidate.first
    j = start - 1
    while j > 0 and tokens[j].text in ":：":  # "هم: 112 من المدنيين"
        j -= 1
    opener = lex.subcounts_before.match_ending(tokens, j) if j >= 0 else None
    after = candidate.last < len(tokens) and tokens[candidate.last].lower in lex.subcounts_after
    before = candidates[index - 1]
    if opener or after:
        candidate.parent = index - 1 if before.parent is None else before.parent
        if after:
            candidate.trigger = (candidate.last, candidate.last + 1)
        return
    if _opens_list_item(tokens, before.last, start, lex) or start == before.last:
        candidate.partner = index - 1
        candidate.parent = before.parent


def _total_after(tokens: list[Token], candidates: list[_Candidate], index: int, lex: ArabicLexicon) -> int | None:
    """The total a count names after it: "21 طفلا ومواطنة من ضمن 25 شهيدا"."""
    candidate = candidates[index]
    for k in range(candidate.last, min(len(tokens), candidate.last + 2)):
        found = lex.of_total.match(tokens, k)
        if found:
            after = k + found[0]
            return next((i for i, c in enumerate(candidates) if c.quantity.start == after), None)
    return None


def _share_outcomes(candidates: list[_Candidate]) -> None:
    """Sub-counts take their total's outcome, listed counts their partner's."""
    for candidate in candidates:
        if candidate.outcome:
            continue
        for source in (candidate.partner, candidate.parent):
            if source is not None and candidates[source].outcome:
                candidate.outcome = candidates[source].outcome
                break


def _projected(tokens: list[Token], candidate: _Candidate, lex: ArabicLexicon) -> bool:
    """ "يتوقع أن يرتفع عدد القتلى إلى 100": a figure expected or feared is no claim."""
    return said_in(tokens[: candidate.first], lex.projection)


def _mixes_outcomes(tokens: list[Token], candidate: _Candidate, lex: ArabicLexicon) -> bool:
    """ "25 قتيلاً وجريحاً": killed and injured told as one figure is no claim."""
    if candidate.noun is None or candidate.noun + 1 >= len(tokens):
        return False
    here, next_ = stems(tokens[candidate.noun].lower), stems(tokens[candidate.noun + 1].lower)
    return any((a, b) in lex.mixed for a in here for b in next_)


def _to_claim(text, tokens, candidates, index, claims, previous, lex) -> Claim:
    candidate = candidates[index]
    group, side = _victims_of(tokens, candidates, index, claims, previous, lex)
    q = candidate.quantity
    start, end = tokens[candidate.first].start, tokens[candidate.last - 1].end
    return Claim(
        count=q.count,
        high=q.high,
        vague=q.vague,
        qualifier=_qualifier(tokens, candidate),
        outcome=candidate.outcome,
        group=group,
        side=side,
        scope=scope(tokens, q.start, q.count, lex),
        status="superseded" if earlier_toll(tokens, q.start, lex) else "current",
        quote=text[start:end],
        span=(start, end),
        part_of=_span_of(tokens, candidates, candidate.parent),
        beside=_span_of(tokens, candidates, candidate.partner),
    )


def _span_of(tokens: list[Token], candidates: list[_Candidate], index: int | None) -> tuple[int, int] | None:
    if index is None:
        return None
    other = candidates[index]
    return tokens[other.first].start, tokens[other.last - 1].end


def _qualifier(tokens: list[Token], candidate: _Candidate) -> str:
    """The qualifier before the count, else "على الأقل" after the count or its noun."""
    if candidate.quantity.qualifier != "exact" or candidate.quantity.count is None:
        return candidate.quantity.qualifier
    after = number_words().qualifiers_after
    for k in (candidate.quantity.end, max(candidate.quantity.end, (candidate.noun or 0) + 1)):
        found = after.match(tokens, k)
        if found:
            return found[1]
    return "exact"


def _victims_of(tokens, candidates, index, claims, previous, lex) -> tuple[str, str | None]:
    """The group and side of the counted people: their noun's, or the adjective's after
    a noun of the dead ("قتلى عسكريين"); a sub-count of fighters is theirs ("6 عسكريين
    بينهم 3 نساء"); "آخرون" or a bare count take those of the count it is listed with,
    its total, the sentence's last total or the last sentence's claim."""
    candidate = candidates[index]
    victim = _named_victim(tokens, candidate, lex)
    parent = _victims_of(tokens, candidates, candidate.parent, [], None, lex) if candidate.parent is not None else None
    if parent and parent[0] == "combatants":
        return parent
    if victim and not victim.anaphoric:
        if _of_civilian_body(tokens, candidate, lex):
            return "civilians", None
        if victim.group != "combatants":
            return victim.group, None
        return "combatants", _side(tokens, candidate, victim, lex)
    for source in (candidate.partner, candidate.parent):
        if source is not None and candidates[source].victim and not candidates[source].victim.anaphoric:
            return _victims_of(tokens, candidates, source, [], None, lex)
    toll = _people_of_toll(tokens, candidate, lex)
    if toll:
        return toll
    if any(c.parent == index for c in candidates) and candidate.victim is None:
        return "unspecified", None  # "استشهاد 5 بينهم طفل": a bare total says nothing of who
    totals = [c for c in claims if c.part_of is None]
    if totals:
        return totals[-1].group, totals[-1].side
    if previous is not None:
        return previous.group, previous.side
    return "unspecified", None


def _people_of_toll(tokens: list[Token], candidate: _Candidate, lex: ArabicLexicon) -> tuple[str, str | None] | None:
    """The people a bare toll's noun names after it: "عدد قتلى قوات النظام ... إلى 312",
    "عدد الشهداء المدنيين إلى 40"."""
    if candidate.victim is not None or candidate.trigger is None or candidate.trigger[1] >= len(tokens):
        return None
    k = candidate.trigger[1]
    actor = lex.actors.match(tokens, k)
    if actor:
        return "combatants", actor[1]
    named = lex.victim(tokens[k])
    if named and not named.anaphoric and not named.outcome and named.group != "unspecified":
        return named.group, named.side if named.group == "combatants" else None
    return None


def _named_victim(tokens: list[Token], candidate: _Candidate, lex: ArabicLexicon) -> Victim | None:
    """The counted noun, or the people an unspecified noun of the dead is said to be
    ("6 قتلى عسكريين", "شهيد مدني")."""
    victim = candidate.victim
    if victim is None or victim.group != "unspecified" or not victim.outcome or victim.anaphoric:
        return victim
    after = candidate.noun + 1
    if after + 1 < len(tokens) and tokens[after].lower == "من":  # "4 قتلى من المدنيين"
        after += 1
    described = lex.victim(tokens[after]) if after < len(tokens) and not tokens[after].lower.startswith("و") else None
    return described if described and not described.anaphoric and described.group != "unspecified" else victim


def _of_civilian_body(tokens: list[Token], candidate: _Candidate, lex: ArabicLexicon) -> bool:
    """ "عنصر من الدفاع المدني": a member of a rescue or medical body is a civilian."""
    end = min(len(tokens), candidate.noun + 1 + _SIDE_REACH)
    return any(lex.civilian_bodies.match(tokens, k) for k in range(candidate.noun + 1, end))


def _side(tokens: list[Token], candidate: _Candidate, victim: Victim, lex: ArabicLexicon) -> str:
    """The party named right after the fighters ("من عناصر قوات النظام"; "من الطرفين":
    mixed), else their noun's side (جنود: the state's army), else the one armed group the
    sentence names (not the state's or a foreign army: those do the killing), else unknown."""
    for k in range(candidate.noun, min(len(tokens), candidate.noun + 1 + _SIDE_REACH)):  # "قوات النظام" names both
        found = lex.mixed_sides.match(tokens, k) or lex.actors.match(tokens, k)
        if found:
            return found[1]
    if victim.side:
        return victim.side
    named = {found[1] for k in range(len(tokens)) if (found := lex.actors.match(tokens, k))}
    armed = named - {"government", "foreign"}
    return armed.pop() if len(armed) == 1 else "unknown"

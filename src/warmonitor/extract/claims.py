"""The claim reader: which quantities in a sentence count people killed or injured.

A quantity becomes a claim when an outcome is tied to it by one of the ways English
reports say so, tried in this order:

1. an active verb right before it: "killed 55 combatants", "claimed the lives of 23";
2. the victims' own noun: "100 bodies", "five martyrs";
3. an outcome right after its victims: "55 were killed", "19 wounded", "were among those killed";
4. a toll it completes: "the death toll rose to 55", "a toll of 126";
5. its neighbours: a sub-count takes the outcome of its total ("48 people including ten
   children"), a coordinated count that of its partner ("23 soldiers as well as 32 rebels").

Scope and status come from :mod:`warmonitor.extract.context`; the reading of the victims
from :mod:`warmonitor.extract.victims`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from types import SimpleNamespace

from ..packs import read_data
from ..records import Claim
from . import context
from .lexicon import Actor, Lexicon, load, phrase_table, phrases_in
from .numbers import Quantity, find_quantities
from .doc import Doc, read_doc
from .tokens import Token
from .victims import VictimPhrase, age_span, is_plural, names_one_person, person_by_age, read_victim_phrase

_MAX_LINKS = 6
_MAX_ASIDE = 8
_TOLL_REACH = 40  # "the death toll from Tuesday's shelling of the depot on the edge of town has climbed to 64"
_MAX_POSTMODIFIER = 12
_MAX_ADJACENT = 3  # words between victims and an outcome after them that still count as right after
_QUOTES = frozenset({'"', "“", "”", "'", "‘", "’"})
_ASIDE_MARKS = frozenset({",", "-", "–", "—"})  # "seven people - four of them children - were killed"


@cache
def _words() -> SimpleNamespace:
    """``[claim_words]`` of data/casualties_en.toml, as sets (coordinations: word lists)."""
    data = read_data("casualties_en.toml")["claim_words"]
    phrases = ("coordinations", "other_incidents")
    return SimpleNamespace(
        coordinations=data["coordinations"], other_incidents=phrase_table(data["other_incidents"]),
        **{key: frozenset(words) for key, words in data.items() if key not in phrases},
    )


@dataclass
class _Candidate:
    """A quantity being read: what it counts and how its outcome was found."""

    quantity: Quantity
    victims: VictimPhrase
    outcome: str | None = None
    trigger: tuple[int, int] | None = None  # token range of the words that gave the outcome
    trigger_kind: str | None = None  # which finder gave it: "before", "after", "noun", "toll"
    parent: int | None = None  # index of the total a sub-count belongs to
    partner: int | None = None  # index of the count it is coordinated with
    mixed: bool = False
    earlier_figure: bool = False  # "risen to 17 from 6": the figure a toll was raised from

    @property
    def first(self) -> int:
        return min(self.quantity.start, self.trigger[0]) if self.trigger else self.quantity.start

    @property
    def last(self) -> int:
        end = max(self.quantity.end, self.victims.end)
        return max(end, self.trigger[1]) if self.trigger else end


def read_claims(text: str, title: str | None = None, lex: Lexicon | None = None) -> list[Claim]:
    """Every casualty claim in ``text``, in text order, each figure told once. ``lex`` is
    the vocabulary with the actors of the report's conflict (default: no conflict's actors, only the nouns of any war)."""
    return claims_in(read_doc(text), title, lex)


def claims_in(doc: Doc, title: str | None = None, lex: Lexicon | None = None) -> list[Claim]:
    """The claims of a report already read into sentences and tokens (see :func:`read_claims`)."""
    lex = lex or load()
    text = doc.text
    found: list[context.FoundClaim] = []
    seen_sentences: set[str] = set()
    for sentence in doc.sentences:
        if text[sentence.start : sentence.end] in seen_sentences:  # a paragraph pasted twice tells nothing new
            continue
        seen_sentences.add(text[sentence.start : sentence.end])
        number = len(seen_sentences)
        tokens = sentence.tokens
        # A count with no noun may refer to victims named in this sentence or the one before.
        previous = found[-1].claim if found and found[-1].sentence >= number - 1 else None
        read = _read_sentence(text, tokens, lex, previous)
        day = context.weekday(tokens) if read else None  # asked only of the few sentences with figures
        named = _actors_named(tokens, lex) if read else []
        for claim, fresh, part_of in read:
            found.append(context.FoundClaim(claim, number, fresh, day, part_of, parties=_parties_of(claim, named)))
    found = context.read_paragraphs(found, doc)
    return context.drop_repeats(found, _title_span(text, title))


def _actors_named(tokens: list[Token], lex: Lexicon) -> list[Actor]:
    """The named actors of a sentence (generic names such as "gunmen" name none)."""
    return [actor for _, _, actor in phrases_in(lex.actors, tokens) if actor.canonical]


def _parties_of(claim: Claim, named: list[Actor]) -> frozenset[str]:
    """The parties whose fighters a figure counts: those its sentence names on the side
    its fighters are of ("killed 60 Nusra Front militants": Nusra Front; "struck IS
    positions, killing 60 terrorists": the Islamic State), by canonical name ("ISIL" and
    "Daesh" are one). None for civilians, or fighters of no known side."""
    if claim.group != "combatants":
        return frozenset()
    return frozenset(actor.canonical for actor in named if actor.side == claim.side)


def _title_span(text: str, title: str | None) -> tuple[int, int] | None:
    if not title:
        return None
    found = text.find(title.strip(), 0, len(title) + 200)
    return (found, found + len(title.strip())) if found >= 0 else None


def _read_sentence(text, tokens, lex, previous):
    """The sentence's claims, each with whether it is announced as a new figure ("two more")
    and the (count, outcome) of the total it is a sub-count of."""
    candidates = []
    for quantity in _quantities(tokens, lex):
        victims = read_victim_phrase(tokens, quantity.end, lex, after_vague=quantity.vague is not None)
        if quantity.singular and not victims.has_head:
            victims = person_by_age(tokens, quantity.end, lex) or victims
        if quantity.singular and _is_one_more(tokens, quantity.end):
            victims = VictimPhrase(end=quantity.end + 1, anaphoric=True)
        elif quantity.singular and (not victims.has_head or _is_speaker(tokens, victims, lex)):
            continue
        candidates.append(_Candidate(quantity, victims))
    for index in range(len(candidates)):
        _link_neighbours(tokens, candidates, index, lex)
    for index in range(len(candidates)):
        _find_outcome(tokens, candidates, index, lex)
    _drop_perpetrators(candidates)
    _share_outcomes(candidates)
    for candidate in candidates:
        _read_predicate_victims(tokens, candidate, candidates, lex)
    totals: list[Claim] = []  # claims read so far that are not sub-counts: who "30 more" are
    read_as: dict[int, Claim] = {}  # candidate index -> its claim
    for index, candidate in enumerate(candidates):
        if _is_claim(candidate, tokens, lex):
            read_as[index] = _to_claim(text, tokens, candidate, candidates, totals, previous, lex)
            if candidate.parent is None:
                totals.append(read_as[index])
    read = []
    for index, claim in read_as.items():
        candidate = candidates[index]
        total, partner = read_as.get(candidate.parent), read_as.get(candidate.partner)
        if partner is None and total is None and _counts_others(tokens, candidate, lex):
            # "31 civilians ... the 16 others": beside them, not among them; the sentence's
            # first figure, beside the last of the sentence before ("... killed 58
            # civilians. It added that 24 other people were killed")
            partner = read_as.get(index - 1) if index else _beside_the_figure_before(tokens, previous, claim)
        claim = replace(claim, part_of=total.span if total else None, beside=partner.span if partner else None)
        parent = candidates[candidate.parent] if candidate.parent is not None else None
        part_of = (parent.quantity.count, parent.outcome) if parent else None
        read.append((claim, _announced_as_new(tokens, candidate), part_of))
    return read


def _read_predicate_victims(tokens: list[Token], candidate: _Candidate, candidates: list[_Candidate], lex: Lexicon) -> None:
    """Victims named after the count instead of beside it: "six of the 19 dead were
    schoolchildren", "of the 40 dead, 25 were Islamic State fighters", "12 dead among
    government forces"."""
    if candidate.victims.has_head and not candidate.victims.anaphoric or candidate.outcome is None:
        return
    if _is_total_of_previous(tokens, candidate):  # "of the 19 dead": the predicate is the part's
        return
    k = max(candidate.quantity.end, candidate.victims.end)
    if candidate.trigger and candidate.trigger[0] >= k:
        k = candidate.trigger[1]
    if k + 1 >= len(tokens) or any(c.quantity.start == k + 1 for c in candidates):
        return
    if tokens[k].lower in ("were", "was", "are", "is") or (
        tokens[k].lower in ("among", "amongst") and tokens[k + 1].lower not in ("them", "whom", "those")
    ):
        among = tokens[k].lower in ("among", "amongst")
        named = read_victim_phrase(tokens, k + 1 + (among and tokens[k + 1].lower == "the"), lex)
        if named.has_head and not named.not_people and not (among and named.group() == "unspecified"):
            candidate.victims = named


def _is_one_more(tokens: list[Token], k: int) -> bool:
    """ "a third was injured", "the other died": one more of the people just told, from ``k`` on."""
    return k + 1 < len(tokens) and tokens[k].lower in _words().one_more and tokens[k + 1].lower in _words().auxiliaries | _words().one_more_verbs


def _is_speaker(tokens: list[Token], victims: VictimPhrase, lex: Lexicon) -> bool:
    """ "the mayor said", "a doctor told AFP": one person who speaks, not a victim."""
    return victims.end < len(tokens) and tokens[victims.end].lower in lex.speech_verbs


def _quantities(tokens: list[Token], lex: Lexicon) -> list[Quantity]:
    """The sentence's numbers, and each person named without one: "the village headman",
    "his nephew", "the town's only pharmacist" each count one."""
    found = find_quantities(tokens, lex)
    taken = {k for q in found for k in range(q.start, q.end)}
    for k, token in enumerate(tokens):
        if token.lower not in lex.person_determiners or k in taken:
            continue
        if names_one_person(tokens, k + 1, lex) or token.lower == "the" and _is_one_more(tokens, k + 1):
            found.append(Quantity(k, k + 1, 1, singular=True))
    return sorted(found, key=lambda q: q.start)


def _announced_as_new(tokens: list[Token], candidate: _Candidate) -> bool:
    """ "two more civilians", "another 27 students": a figure that adds to those told before."""
    q = candidate.quantity
    before = tokens[q.start - 1].lower if q.start else ""
    after = tokens[q.end].lower if q.end < len(tokens) else ""
    return before in _words().new_figure or after in _words().new_figure

def _is_claim(candidate: _Candidate, tokens: list[Token], lex: Lexicon) -> bool:
    q, victims = candidate.quantity, candidate.victims
    if candidate.outcome is None or candidate.mixed or victims.not_people or victims.is_age:
        return False
    if age_span(tokens, q.start, q.end, lex):
        return False
    return not _is_year(tokens, q, victims, lex) and not _is_day_after_its_month(tokens, q, victims, lex)


def _is_year(tokens: list[Token], q: Quantity, victims: VictimPhrase, lex: Lexicon) -> bool:
    """ "in 2011", "Sun 10 Jul 2016 Terrorists executed", "Thu Jul 30 2015 Commander
    Killed", "© AFP 2018 US Service Member Dies": a year, not a count."""
    token = tokens[q.end - 1]
    if q.qualifier != "exact" or len(token.text) != 4 or not token.text.isdigit() or not 1900 <= int(token.text) <= 2100:
        return False
    before = tokens[max(0, q.start - 2) : q.start]
    after_month = bool(before) and before[-1].lower in lex.months
    after_month_day = len(before) == 2 and before[0].lower in lex.months and _day_of_month(before[1])
    after_agency = bool(before) and before[-1].text.isalpha() and before[-1].text.isupper() and len(before[-1].text) > 1
    return after_month or after_month_day or after_agency or not victims.has_head


def _is_day_after_its_month(tokens: list[Token], q: Quantity, victims: VictimPhrase, lex: Lexicon) -> bool:
    """ "airstrikes between April 27 and May 18 had eliminated three leaders": the day of
    a date, with no one named after it, not a count of the dead."""
    return (
        q.end - q.start == 1 and q.start > 0 and tokens[q.start - 1].lower in lex.months
        and _day_of_month(tokens[q.start]) and not victims.has_head
    )


def _day_of_month(token: Token) -> bool:
    return token.text.isdigit() and 1 <= int(token.text) <= 31


def _link_neighbours(tokens: list[Token], candidates: list[_Candidate], index: int, lex: Lexicon) -> None:
    """Find the total a sub-count belongs to, and the count a coordinated one pairs with."""
    if index == 0:
        return
    q = candidates[index].quantity
    previous = candidates[index - 1]
    between = tokens[max(previous.victims.end, previous.quantity.end) : q.start]
    words = [t.lower for t in between if t.lower not in _QUOTES and t.lower not in lex.person_determiners]
    words = _without_postmodifier(words, lex)
    opener = lex.subcount_openers.match_ending(tokens, q.start - 1)
    if opener or _is_partitive(tokens, candidates[index]) or _ends_among_them(tokens, candidates[index]):
        candidates[index].parent = _nearest_total(candidates, index)
    elif words[-1:] == [","] and len(words) <= 3 and _opens_partitive_frame(tokens, previous):  # "Of the 40 dead, 25 were ..."
        candidates[index].parent = index - 1
    elif words in _words().coordinations:
        # "19 people including six children in X and another 23 in Y": a new figure
        # after a sub-count is told beside that sub-count's total, not beside the part
        new_after_part = previous.parent is not None and _announced_as_new(tokens, candidates[index])
        candidates[index].partner = previous.parent if new_after_part else index - 1
    elif _is_earlier_figure(words, candidates[index]):
        candidates[index].partner = index - 1
        candidates[index].earlier_figure = True
    elif previous.parent is None and words[-1:] in (["among"], ["amongst"]) and _is_total_of_previous(tokens, candidates[index]):
        # "Ten children were among at least 48 people killed": the count before is a part
        # of this one
        previous.parent = index


def _beside_the_figure_before(tokens: list[Token], previous: Claim | None, claim: Claim) -> Claim | None:
    """The figure of the sentence before that "others" opening a sentence are counted
    beside: of the same outcome, unless the others died in other attacks."""
    if previous is None or previous.outcome != claim.outcome:
        return None
    return None if next(phrases_in(_words().other_incidents, tokens), None) else previous


def _counts_others(tokens: list[Token], candidate: _Candidate, lex: Lexicon) -> bool:
    """Is the count one of "others" ("the 16 others", "12 more"), the people not yet counted?"""
    end = candidate.quantity.end
    return end < len(tokens) and tokens[end].lower in lex.anaphora


def _is_earlier_figure(words: list[str], candidate: _Candidate) -> bool:
    """ "has risen to 17 from the initially reported 6": the figure a toll rose from is
    the same kind of count, told before (context.status marks it superseded)."""
    return (
        words[:1] == ["from"]
        and all(w in _words().earlier_figure for w in words[1:])
        and not candidate.victims.has_head
    )


def _without_postmodifier(words: list[str], lex: Lexicon) -> list[str]:
    """ "79 members of the border forces and seven civilians": the phrase after the first
    count's noun stands between it and the coordinator, which is all that links them."""
    if len(words) < 2 or words[-1] not in ("and", ",") or words[0] not in _words().simple_prepositions:
        return words
    if any(w in lex.clause_words or w in _words().coordination_breaks for w in words[:-1]):
        return words
    return words[-1:]


def _is_partitive(tokens: list[Token], candidate: _Candidate) -> bool:
    """ "five of them", "two of whom": a part of the count told before."""
    q = candidate.quantity
    return candidate.victims.anaphoric and q.end < len(tokens) and tokens[q.end].lower == "of"


def _ends_among_them(tokens: list[Token], candidate: _Candidate) -> bool:
    """ "two toddlers among them": a part of the count told before."""
    k = candidate.victims.end
    told_after = k + 2 < len(tokens) and tokens[k + 2].text not in _ASIDE_MARKS | {".", "and"}
    return (  # "546 people among them many children" opens a sub-count instead
        k + 1 < len(tokens) and tokens[k].lower in ("among", "amongst") and tokens[k + 1].lower in ("them", "whom") and not told_after
    )


def _opens_partitive_frame(tokens: list[Token], candidate: _Candidate) -> bool:
    start = candidate.quantity.start
    return start >= 2 and tokens[start - 2].lower == "of" and tokens[start - 1].lower == "the"


def _nearest_total(candidates: list[_Candidate], index: int) -> int:
    """The count a sub-count belongs to: the nearest earlier one that is not itself a sub-count."""
    for j in range(index - 1, -1, -1):
        if candidates[j].parent is None:
            return j
    return index - 1


def _find_outcome(tokens: list[Token], candidates: list[_Candidate], index: int, lex: Lexicon) -> None:
    candidate = candidates[index]
    before = _outcome_before(tokens, candidate, candidates, lex)
    after = _outcome_after(tokens, candidate, candidates, lex)
    if after and not before and _is_far(candidate, after):
        # "the death toll was 20 with 50 others injured": the toll right before is the figure's
        toll = _outcome_of_toll(tokens, candidate, candidates, lex)
        after = None if toll else after
    if before and after:
        # "killed 5 soldiers wounded 10": "wounded" is the next count's verb, so "killed" is ours;
        # a headline's "Child killed 9 Civilians Injured": nothing follows "Injured", so it is ours;
        # "killed five members of a family in the village and left others injured": an outcome
        # reached only across a phrase is weaker than the verb right before.
        after_serves_next = any(c.quantity.start == after[1][1] for c in candidates)
        found = ("before", before) if after_serves_next or _is_far(candidate, after) else ("after", after)
    elif before or after:
        found = ("before", before) if before else ("after", after)
    else:
        noun = _outcome_of_noun(tokens, candidate, candidates, lex)
        toll = None if noun else _outcome_of_toll(tokens, candidate, candidates, lex)
        found = ("noun", noun) if noun else ("toll", toll)
    kind, outcome = found
    if outcome:
        candidate.outcome, candidate.trigger = outcome
        candidate.trigger_kind = kind
        candidate.mixed = _mixes_outcomes(tokens, candidate.trigger, lex)


def _is_far(candidate: _Candidate, outcome) -> bool:
    """Was the outcome after the victims reached only across a phrase?"""
    return outcome[1][0] > max(candidate.victims.end, candidate.quantity.end) + _MAX_ADJACENT


def _drop_perpetrators(candidates: list[_Candidate]) -> None:
    """In "a suicide bomber killed five policemen" the verb belongs to the five, not the bomber."""
    taken_as_verb = {c.trigger for c in candidates if c.trigger_kind == "before"}
    for candidate in candidates:
        if candidate.trigger_kind == "after" and candidate.trigger in taken_as_verb:
            candidate.outcome = candidate.trigger = candidate.trigger_kind = None


def _outcome_before(tokens, candidate, candidates, lex):
    """ "killed 55", "claimed the lives of 23", "wounding six", "the deaths of over 700"."""
    j = candidate.quantity.start - 1
    skipped = 0
    while j >= 0 and skipped < 4 and (tokens[j].lower in lex.before_links or tokens[j].text in _QUOTES):
        found = lex.before.match_ending(tokens, j)
        if found and found[0] > 1:
            break
        j -= 1
        skipped += 1
    j = _skip_aside(tokens, j)
    found = lex.before.match_ending(tokens, j)
    if not found:
        return None
    n, outcome = found
    return outcome, (j - n + 1, j + 1)


def _skip_aside(tokens: list[Token], j: int) -> int:
    """Step back over an aside between commas: "has killed, according to the Observatory, 800"."""
    if j < 1 or tokens[j].text != ",":
        return j
    for k in range(j - 1, max(-1, j - 1 - _MAX_ASIDE), -1):
        if tokens[k].is_digit:
            return j
        if tokens[k].text == ",":
            return k - 1
    return j


def _outcome_of_noun(tokens, candidate, candidates, lex):
    """ "100 bodies", "five martyrs": the noun says the people are dead (not "the world
    body" or "an opposition body": an organisation)."""
    victims = candidate.victims
    nouns, modifiers = lex.organisation_bodies
    for k in range(candidate.quantity.end, victims.end):
        found = lex.victim_outcomes.match(tokens, k)
        if found and not (tokens[k].lower in nouns and k > 0 and tokens[k - 1].lower in modifiers):
            return found[1], (k, k + found[0])
    return None


def _outcome_after(tokens, candidate, candidates, lex):
    """ "55 were killed", "22 people died", "nine children were among those killed"."""
    k = max(candidate.quantity.end, candidate.victims.end)
    steps = 0
    while k < len(tokens) and steps <= _MAX_LINKS:
        found = lex.after.match(tokens, k)
        if found:
            return found[1], (k, k + found[0])
        word = tokens[k].lower
        if word in ("among", "amongst"):
            if _ends_among_them(tokens, candidate):
                return None  # a sub-count: its outcome is its total's
            return _outcome_of_group(tokens, k + 1, lex)
        if word == "of" and k + 1 < len(tokens) and tokens[k + 1].lower in ("the", "those"):  # "109 of the dead"
            found = _outcome_of_group(tokens, k + 2, lex)
            if found:  # else a phrase: "a policeman of the border unit, was killed"
                return found
        if word == "including" or (k != candidate.victims.end and lex.subcount_openers.match(tokens, k)):
            after_comma = k > 0 and tokens[k - 1].text == ","
            k = _skip_subcount(tokens, k, candidates, lex)
            if after_comma and k < len(tokens) and lex.after.match(tokens, k):
                return None  # "22 victims, including five dead": the outcome is the sub-count's
            continue
        age = _age_phrase_end(tokens, k, candidates, lex)
        if age:
            k = age
            continue
        if tokens[k].text == "," and k + 1 < len(tokens) and _opens_predicate(tokens, k + 1, lex):
            k += 1  # the comma that closes a phrase: "a policeman of the border unit, was killed"
            continue
        modifier = _postmodifier_end(tokens, k, candidates, lex)
        if modifier:
            k = modifier
            steps += 1
            continue
        if word not in lex.after_links and tokens[k].text not in _QUOTES:
            return None
        if _starts_other_count(tokens, k, candidates, candidate):
            return None
        k += 1
        steps += 1
    return None


def _is_ordinal(tokens: list[Token], candidate: _Candidate) -> bool:
    """ "the 19th Division": a rank in a name, not a count."""
    end = candidate.quantity.end
    return end < len(tokens) and tokens[end].lower in ("st", "nd", "rd", "th") and tokens[end].start == tokens[end - 1].end


def _opens_predicate(tokens: list[Token], k: int, lex: Lexicon) -> bool:
    return tokens[k].lower in _words().auxiliaries or lex.after.match(tokens, k) is not None


def _postmodifier_end(tokens: list[Token], k: int, candidates: list[_Candidate], lex: Lexicon) -> int | None:
    """Step over what may stand between victims and their outcome: a prepositional phrase
    ("passengers from the night ferry to the island were killed") up to the next comma or
    auxiliary, or an aside between commas ("17 workers, most of them teenagers, were
    killed"). Neither may hold a clause word or another count: those tell another fact."""
    opener = lex.postmodifier_openers.match(tokens, k)
    is_aside = tokens[k].text in _ASIDE_MARKS
    if not opener and not is_aside or any(c.quantity.start == k for c in candidates):
        return None  # "at least 10 civilians" opens a count, not a phrase
    first = k + (opener[0] if opener else 1)
    for j in range(first, min(len(tokens), first + _MAX_POSTMODIFIER)):
        token = tokens[j]
        if token.lower in lex.clause_words and not (is_aside and token.lower in lex.speech_verbs):
            return None  # an aside may credit someone: ", witnesses said,"
        inner = next((c for c in candidates if c.quantity.start <= j < c.quantity.end and not _is_ordinal(tokens, c)), None)
        if inner and not (is_aside and (inner.victims.anaphoric or inner.parent is not None)):
            return None  # an aside's sub-count is part of it: ", five of them children,", ", including ten children,"
        if token.text in _ASIDE_MARKS:
            if is_aside and token.text != tokens[k].text:
                return None  # ", ... —" does not close
            return j + 1 if is_aside and j > first else (j if j > first else None)
        if not is_aside and j > first and _opens_predicate(tokens, j, lex):
            return j
        if lex.after.match(tokens, j) or lex.before.match(tokens, j):
            return None
    return None


def _outcome_of_group(tokens: list[Token], k: int, lex: Lexicon):
    """ "among those killed", "among at least 48 people killed", "among the dead"."""
    for j in range(k, min(len(tokens), k + 8)):
        if tokens[j].text == ",":
            return None
        found = lex.after.match(tokens, j) or lex.victim_outcomes.match(tokens, j)
        if found:
            return found[1], (j, j + found[0])
        if tokens[j].lower in ("injured", "wounded"):
            return "injured", (j, j + 1)
    return None


def _age_phrase_end(tokens: list[Token], k: int, candidates: list[_Candidate], lex: Lexicon) -> int | None:
    """Step over an age between victims and outcome: "eight students between 7 and 12 years
    old were killed", "children, aged 7 to 12, were killed"."""
    opener = 1 if tokens[k].lower in ("between", ",") else 0
    for other in candidates:
        q = other.quantity
        if q.start < k:
            continue
        age = age_span(tokens, q.start, q.end, lex)
        if age and age[0] in (k, k + opener) or other.victims.is_age and q.start == k + opener:
            end = max(age[1] if age else q.end, other.victims.end)
            aside = tokens[k].text == "," and end < len(tokens) and tokens[end].text == ","
            return end + aside  # ", aged 7 to 12," closes its aside
    return None


def _skip_subcount(tokens: list[Token], k: int, candidates: list[_Candidate], lex: Lexicon) -> int:
    """Step over "including ten children" or "including civilians" to the words after it."""
    opener = lex.subcount_openers.match(tokens, k)
    k += opener[0] if opener else 1
    for other in candidates:
        if other.quantity.start == k:
            return max(other.quantity.end, other.victims.end)
    phrase = read_victim_phrase(tokens, k, lex)
    return phrase.end if phrase.has_head else k


def _starts_other_count(tokens, k, candidates, candidate) -> bool:
    return any(c is not candidate and c.quantity.start == k for c in candidates)


def _outcome_of_toll(tokens, candidate, candidates, lex):
    """ "the death toll rose to 55", "a toll of 126", "the toll ... has reached at least 126"."""
    start = candidate.quantity.start
    if start == 0 or tokens[start - 1].lower not in lex.toll_links:
        return None
    for j in range(start - 1, max(-1, start - 1 - _TOLL_REACH), -1):
        if any(c.quantity.start <= j < c.quantity.end and c.victims.has_head and not c.victims.not_people for c in candidates):
            return None  # another count of people stands between: the toll is its
        found = lex.toll.match_ending(tokens, j)
        if found:
            return found[1], (j - found[0] + 1, j + 1)
    return None


def _mixes_outcomes(tokens: list[Token], trigger: tuple[int, int], lex: Lexicon) -> bool:
    """ "50 killed or wounded" is not a claim: the figure mixes outcomes."""
    for k in range(max(0, trigger[0] - 2), min(len(tokens), trigger[1] + 1)):
        if lex.mixed.match(tokens, k):
            return True
    return False


def _share_outcomes(candidates: list[_Candidate]) -> None:
    """Sub-counts take their total's outcome, and a total the verb after its list of
    sub-counts; coordinated counts share theirs (both ways)."""
    for _ in range(2):
        for candidate in candidates:
            if candidate.outcome:
                continue
            for source in (candidate.parent, candidate.partner):
                if source is not None and candidates[source].outcome:
                    candidate.outcome = candidates[source].outcome
                    candidate.mixed = candidates[source].mixed
                    break
        for index, candidate in enumerate(candidates):
            if candidate.partner is not None and candidate.outcome:
                partner = candidates[candidate.partner]
                if partner.outcome is None:
                    partner.outcome, partner.mixed = candidate.outcome, candidate.mixed
            if candidate.parent is not None and candidate.outcome and _verb_after_list(candidates, index):
                total = candidates[candidate.parent]  # "18 civilians including five children were killed"
                if total.outcome is None:
                    total.outcome, total.mixed = candidate.outcome, candidate.mixed


def _verb_after_list(candidates: list[_Candidate], index: int) -> bool:
    """Is the outcome of a sub-count, or of the counts listed after it, a verb after the
    list ("including five children and two women were killed"), rather than its own
    noun ("22 victims, including five dead")?"""
    while index is not None:
        candidate = candidates[index]
        if candidate.trigger_kind == "after" and candidate.victims.has_head and candidate.trigger[0] >= candidate.victims.end:
            return True
        index = next((k for k, c in enumerate(candidates) if c.partner == index), None)
    return False


def _to_claim(text, tokens, candidate, candidates, sentence_claims, previous, lex) -> Claim:
    q = candidate.quantity
    group, side = candidate.victims.group(), candidate.victims.side()
    if group is None:
        group, side = _inherited_victims(tokens, candidate, candidates, sentence_claims, previous, lex)
    elif group == "unspecified" and _listed_with_civilians(candidate, candidates):
        group = "civilians"
    elif group == "combatants" and candidate.victims.side_from_context():
        side = _side_named_nearby(tokens, lex, killers=_subject_party(tokens, candidate, lex)) or side
    start, end = tokens[candidate.first].start, tokens[candidate.last - 1].end
    return Claim(
        count=q.count,
        high=q.high,
        vague=q.vague,
        qualifier=q.qualifier,
        outcome=candidate.outcome,
        group=group,
        side=side,
        scope=context.scope(tokens, q.start, q.count),
        status="superseded" if candidate.earlier_figure else context.status(tokens, q.start, lex),
        quote=text[start:end],
        span=(start, end),
    )


def _side_named_nearby(tokens: list[Token], lex: Lexicon, killers: str | None = None) -> str | None:
    """ "ISIL strongholds ... killing 31 terrorists": unnamed fighters belong to the one armed
    group the sentence names (GUIDELINES: "terrorists" are opposition only when no group is named).
    The government and foreign forces named beside them are the ones doing the killing, and so
    is the party whose fighters the sentence opens with (``killers``: "The Kurdish-led SDF
    repelled ISIL's attacks ..., killing around 80 militants"). A group's kind told right after
    its name ("the ISIL terrorist group") is that group, not a second one."""
    sides, named_end = set(), None
    for start, end, actor in phrases_in(lex.actors, tokens):
        if not (start == named_end and tokens[end - 1].lower in lex.kind_words):
            sides.add(actor.side)
        named_end = end
    armed_groups = sides - {"government", "foreign", killers}
    return armed_groups.pop() if len(armed_groups) == 1 else None


_SUBJECT_REACH = 4  # tokens from a sentence's start within which its subject's party is named


def _subject_party(tokens: list[Token], candidate: _Candidate, lex: Lexicon) -> str | None:
    """The side of the party a sentence opens with, when the figure is the object of an
    outcome verb after it ("The SDF repelled the attack, killing 80 militants": the SDF
    killed them); not of two parties together ("Rebels and IS clashed, killing 20"), nor of
    a speaker ("an opposition activist said the blast killed 20 militants")."""
    if candidate.trigger_kind != "before" or tokens[candidate.trigger[0]].lower not in _words().killing_verbs:
        return None  # "IS lost 15 fighters", "executed 40 of its own": the subject's own dead
    if any(t.lower in ("its", "their", "own") for t in tokens[candidate.quantity.start : candidate.victims.end]):
        return None
    first = next(iter(phrases_in(lex.actors, tokens, lex.generic_actors)), None)
    if first is None or first[0] >= _SUBJECT_REACH or first[1] >= candidate.quantity.start:
        return None
    if not all(t.lower in ("the", "a", "an") or t.text[0].isupper() or t.text in _QUOTES for t in tokens[: first[0]]):
        return None  # "Strikes on ISIL strongholds killed ...": named after a preposition, not the subject
    if any(t.lower in lex.speech_verbs for t in tokens[first[1] : candidate.trigger[0]]):
        return None  # "an opposition activist said the blast killed 20 militants": a speaker, not the killer
    after = tokens[first[1]].lower if first[1] < len(tokens) else ""
    return None if after in ("and", "with", ",") else first[2].side


def _inherited_victims(tokens, candidate, candidates, sentence_claims, previous, lex) -> tuple[str, str | None]:
    """A count with no noun ("Four others were wounded") refers to the victims just named,
    unless the count before belongs to it: "three children were among the 20 killed"."""
    if _is_total_of_previous(tokens, candidate):
        return "unspecified", None
    for source in (candidate.partner, candidate.parent):
        if source is not None and candidates[source].victims.group():
            victims = candidates[source].victims
            return victims.group(), victims.side()
    if sentence_claims:
        return sentence_claims[-1].group, sentence_claims[-1].side
    if _civilians_attacked_before(tokens, candidate, lex):
        return "civilians", None
    if previous is not None:
        return previous.group, previous.side
    return "unspecified", None


def _civilians_attacked_before(tokens: list[Token], candidate: _Candidate, lex: Lexicon) -> bool:
    """ "Gunmen attacked 12 villagers gathering firewood, killing one and injuring two",
    "ambushed travellers on the road, killing two": a bare count is one of the people the
    sentence named last before it, when those were civilians (the attackers named before
    them are not: the nearest people named are the ones attacked). Only for the object of
    an outcome verb ("killing two"): a count before its verb has a subject of its own."""
    if candidate.trigger_kind != "before":
        return False
    for k in range(candidate.trigger[0] - 1, -1, -1):
        found = lex.victims.match(tokens, k)
        if found and k + found[0] <= candidate.quantity.start:
            end = k + found[0]
            followed_by = tokens[end].lower if end < len(tokens) else ""
            plural = is_plural(tokens[end - 1].lower, lex)
            return plural and found[1].group == "civilians" and followed_by not in lex.speech_verbs
    return False


def _listed_with_civilians(candidate: _Candidate, candidates: list[_Candidate]) -> bool:
    """ "102 men, 17 women and 12 children": men listed beside women and children are
    counted by sex and age, as civilians are; alone, "men" says nothing of who they were."""
    if not candidate.victims.has_head or any(h.named_group is None for h in candidate.victims.heads):
        return False
    listed = _coordinated_with(candidate, candidates)
    return bool(listed) and all(c.victims.group() == "civilians" for c in listed)


def _coordinated_with(candidate: _Candidate, candidates: list[_Candidate]) -> list[_Candidate]:
    """Every other count of ``candidate``'s list (a partner is always the count just before)."""
    start = candidates.index(candidate)
    while candidates[start].partner is not None:
        start = candidates[start].partner
    end = start + 1
    while end < len(candidates) and candidates[end].partner == end - 1:
        end += 1
    return [c for c in candidates[start:end] if c is not candidate]


def _is_total_of_previous(tokens: list[Token], candidate: _Candidate) -> bool:
    """ "among the 20 killed", "of the 20 dead": a total that an earlier count is part of."""
    j = candidate.quantity.start - 1
    if j >= 0 and tokens[j].lower in ("the", "those"):
        return j >= 1 and tokens[j - 1].lower in ("among", "amongst", "of")
    return j >= 0 and tokens[j].lower in ("among", "amongst")

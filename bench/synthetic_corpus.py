"""Write a synthetic corpus of N reports made of real FA-KES sentences, for load tests.

Each synthetic report is recombined from real sentences of FA-KES (Abu Salem et al.,
"FA-KES: A Fake News Dataset around the Syrian War", ICWSM 2019; CC BY 4.0), read from
../shared/corpus/fa-kes.csv (804 articles):

- its title, date, outlet (``source``) and ``location`` are those of one article, and its
  first sentence is that article's first sentence (which often carries the dateline, so
  the date the text prints agrees with the date column);
- the next two sentences are a pair of sentences of the whole corpus that no other report
  of the run gets in that place (see below), and 1 to 9 more come from the rest of that
  article and from one to three other articles: 4 to 12 sentences in all, most
  often from three to six articles;
- sentences after the first are at least 20 characters long and are not page furniture
  that ``warmonitor.ingest.clean`` would cut ("Follow us on Instagram.", "Read Also"):
  such a line at the end of a short one-line report makes the reader drop the whole row;
- every sentence is kept exactly as written (cut with
  ``warmonitor.extract.tokens.sentence_spans``) and joined to the next by one space;
- ``unit_id`` is ``syn-000001``, ``syn-000002``, ...; ``labels`` is left empty, since
  FA-KES's credibility label does not carry over to a recombined report.

Every report's text is distinct, so none is dropped as an identical copy: the second and
third sentences form an ordered pair of distinct pool sentences (the non-first sentences of
the corpus, deduplicated by text and shuffled), and report i gets pair number
``(A * i + B) mod P(P - 1)`` with A coprime to that modulus, a bijection, so no two reports
of a run share it (P is about 7,900, so N may go up to some 63 million). Reports that
share a first article and several sentences may still be linked as near-duplicates by the
store's MinHash copy detection, as reposted wire stories are.

The corpus is written one row at a time: memory does not grow with ``--count``. The same
``--seed`` and ``--count`` give the same file.

    .venv/bin/python bench/synthetic_corpus.py --count 100000 --seed 1 --out /tmp/syn.csv
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from warmonitor.extract.tokens import sentence_spans
from warmonitor.ingest.clean import clean

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "fa-kes.csv"
COLUMNS = ["unit_id", "article_title", "article_content", "source", "date", "location", "labels"]

MIN_SENTENCES, MAX_SENTENCES = 4, 12
MIN_POOL_CHARS = 20
"""Shorter fragments ("Read Also", a byline) are drawn only as part of a first sentence."""


@dataclass(frozen=True, slots=True)
class Article:
    title: str
    source: str
    date: str
    location: str
    lead: str
    rest: tuple[str, ...]
    """The sentences after the first that may be drawn: long enough and no page furniture."""


def load_articles(path: Path) -> list[Article]:
    """The corpus's articles that have a title and text, each cut into sentences."""
    csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))
    articles = []
    with open(path, newline="", encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            title, content = (row.get("article_title") or "").strip(), row.get("article_content") or ""
            sentences = [content[start:end] for start, end in sentence_spans(content)]
            if not title or not sentences:
                continue
            articles.append(
                Article(
                    title=title,
                    source=row.get("source") or "",
                    date=row.get("date") or "",
                    location=row.get("location") or "",
                    lead=sentences[0],
                    rest=tuple(s for s in sentences[1:] if len(s) >= MIN_POOL_CHARS and clean(s) == s),
                )
            )
    return articles


def sentence_pool(articles: list[Article]) -> list[str]:
    """The non-first sentences of all articles, each text once, in corpus order."""
    seen: dict[str, None] = {}
    for article in articles:
        for sentence in article.rest:
            seen.setdefault(sentence, None)
    return list(seen)


def usable(article: Article, taken: set[str]) -> list[str]:
    """The article's non-first sentences that may follow in a report, in order."""
    return [s for s in article.rest if s not in taken]


def reports(articles: list[Article], count: int, seed: int) -> Iterator[list[str]]:
    """``count`` synthetic rows (in :data:`COLUMNS` order), generated one at a time."""
    rng = random.Random(seed)
    pool = sentence_pool(articles)
    rng.shuffle(pool)
    size = len(pool)
    pairs = size * (size - 1)  # ordered pairs of distinct pool sentences
    if count > pairs:
        raise ValueError(f"at most {pairs} distinct reports from a pool of {size} sentences")
    step = rng.randrange(1, pairs)
    while math.gcd(step, pairs) != 1:
        step = rng.randrange(1, pairs)
    offset = rng.randrange(pairs)
    width = max(6, len(str(count)))
    for number in range(count):
        pair = (step * number + offset) % pairs
        first = pair % size
        second = (first + 1 + pair // size) % size
        head = rng.choice(articles)
        wanted = rng.randint(MIN_SENTENCES, MAX_SENTENCES) - 3
        taken = {head.lead, pool[first], pool[second]}
        candidates = usable(head, taken)
        for donor in rng.sample(articles, rng.randint(1, 3)):
            candidates.extend(usable(donor, taken))
        for _ in range(len(articles)):  # short articles: draw from more (a tiny corpus may run dry)
            if len(set(candidates)) >= wanted:
                break
            candidates.extend(usable(rng.choice(articles), taken))
        others: list[str] = []
        for sentence in rng.sample(candidates, len(candidates)):
            if sentence not in taken:
                taken.add(sentence)
                others.append(sentence)
                if len(others) == wanted:
                    break
        text = " ".join([head.lead, pool[first], pool[second], *others])
        yield [f"syn-{number + 1:0{width}d}", head.title, text, head.source, head.date, head.location, ""]


def write_corpus(corpus: Path, count: int, seed: int, out: Path | None) -> int:
    """Write ``count`` reports as CSV to ``out`` (standard output when None); the count written."""
    articles = load_articles(corpus)
    if not articles:
        raise ValueError(f"no article with a title and text in {corpus}")
    stream = sys.stdout if out is None else open(out, "w", newline="", encoding="utf-8")
    try:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(COLUMNS)
        written = 0
        for row in reports(articles, count, seed):
            writer.writerow(row)
            written += 1
    finally:
        if out is not None:
            stream.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, required=True, help="how many reports")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", required=True, help="CSV file to write, or - for standard output")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="FA-KES CSV to draw from")
    args = parser.parse_args()
    if args.count < 0:
        parser.error("--count must be 0 or more")
    if not args.corpus.is_file():
        sys.exit(f"no corpus at {args.corpus}")
    try:
        write_corpus(args.corpus, args.count, args.seed, None if args.out == "-" else Path(args.out))
    except ValueError as error:
        sys.exit(str(error))


if __name__ == "__main__":
    main()

"""Outline quality on a corpus of real documents with hand-checked gold outlines.

``python -m newsreader.bench outline [--corpus DIR] [--json]`` opens every post
of ``DIR/docs`` through the product's own core (:func:`open_document`, which
builds the outline), compares each outline with ``DIR/gold/<post stem>.json``
and prints one row per document and the corpus figures:

- precision, recall and F1 over ``(level, title)`` pairs, counted as a
  multiset (a pair that occurs twice must be found twice), titles normalised
  by :func:`normalise_title` so that width, spacing and a trailing ``。`` do
  not count as errors: *strict*, since a heading at the wrong level is wrong;
- the same over titles alone, which tells a wrong level from a missed heading;
- the exact-tree rate: documents whose whole list of ``(level, marker,
  title)`` equals the gold one;
- for negatives (gold outline empty: interviews, flash news), the number of
  nodes found, since any node there is a false heading.

It also counts the mirror's navigation (``[返回…新闻](…)｜[返回首页](…)``) that
reaches a reader in the posts of ``DIR/finews``: lines of the export text,
links of the link list and lines of the search text that are such navigation.
docs/OUTLINE.md (rule 7) says there should be none.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from newsreader.core.archive.loader import load_archive, read_body
from newsreader.core.document.open import open_document
from newsreader.core.export.render import export_post
from newsreader.core.index.quicktext import searchable_text
from newsreader.core.model import Archive, Post
from newsreader.core.outline.build import iter_nodes

DOCS = "docs"
GOLD = "gold"
FINEWS = "finews"
DEFAULT_CORPUS = Path("tests") / "corpus"

# A mirror's own navigation: 返回 + a short name ending in 首页 or 新闻
# (返回首页, 返回东财滚动新闻, 返回常州日报新闻), as text or as a link's text.
NAVIGATION = re.compile(r"返回[^\s\[\]()｜|，。、；：！？,.;:!?]{0,16}?(?:首页|新闻)")
_SPACE = re.compile(r"\s+")
# Punctuation a title may end in without being another title: 。，：；！？ and dashes.
_TRAILING = frozenset({"Po", "Pd"})


class GoldError(ValueError):
    """A gold file that cannot be used: the message says which file and what is wrong."""


@dataclass(frozen=True, slots=True)
class Heading:
    """One outline node as the gold files and the scorer see it: no children, no position."""

    level: int
    marker: str
    title: str


@dataclass(frozen=True, slots=True)
class Score:
    """Precision, recall and F1 of one comparison, with the counts they come from."""

    precision: float
    recall: float
    f1: float
    matched: int
    found: int
    expected: int


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """How one document's outline compares with its gold outline."""

    name: str
    strict: Score
    titles: Score
    exact: bool

    @property
    def negative(self) -> bool:
        """A document with no headings at all (its gold outline is empty)."""
        return self.strict.expected == 0


@dataclass(frozen=True, slots=True)
class NavigationLeaks:
    """Navigation lines of the mirror that reach a reader, by where they show."""

    posts: int
    export_lines: int
    links: int
    search_lines: int
    by_post: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """All leaks together."""
        return self.export_lines + self.links + self.search_lines


@dataclass(frozen=True, slots=True)
class CorpusReport:
    """Every document's result and the corpus figures."""

    documents: tuple[DocumentResult, ...]
    navigation: NavigationLeaks | None

    @property
    def positives(self) -> tuple[DocumentResult, ...]:
        """The documents that have headings."""
        return tuple(result for result in self.documents if not result.negative)

    @property
    def negatives(self) -> tuple[DocumentResult, ...]:
        """The documents that have none."""
        return tuple(result for result in self.documents if result.negative)

    @property
    def mean_strict_f1(self) -> float:
        """Mean strict F1 over the documents that have headings (negatives are counted apart)."""
        return _mean(result.strict.f1 for result in self.positives)

    @property
    def mean_title_f1(self) -> float:
        """Mean title-only F1 over the documents that have headings."""
        return _mean(result.titles.f1 for result in self.positives)

    @property
    def exact_rate(self) -> float:
        """Share of all documents whose outline equals the gold one exactly."""
        return _mean(float(result.exact) for result in self.documents)

    @property
    def negative_nodes(self) -> int:
        """Nodes found in all negatives together (each one a false heading)."""
        return sum(result.strict.found for result in self.negatives)

    @property
    def worst_negative(self) -> int:
        """Nodes found in the negative with the most."""
        return max((result.strict.found for result in self.negatives), default=0)


def normalise_title(text: str) -> str:
    """A title as the scorer compares it: NFKC, no white space, no trailing punctuation.

    Full- and half-width forms (``（一）``/``(一)``), spaces inside a title
    (``总  则``) and a final ``。``, ``：`` or ``——`` are presentation, not a
    different heading, so they must not count as an error. Closing brackets and
    quotes stay: they belong to the words they close (``（试行）``, ``“先锋行动”``).
    """
    folded = _SPACE.sub("", unicodedata.normalize("NFKC", text))
    end = len(folded)
    while end and unicodedata.category(folded[end - 1]) in _TRAILING:
        end -= 1
    return folded[:end]


def score(found: Sequence[Heading], expected: Sequence[Heading], *, levels: bool = True) -> Score:
    """Compare two outlines as multisets of ``(level, title)`` (or titles alone).

    Args:
        found: The outline the product built, flattened in document order.
        expected: The gold outline.
        levels: Count the level as part of a heading (strict); ``False``
            compares titles alone.

    Returns:
        The score. Two empty outlines agree perfectly (1.0 everywhere); an
        empty side against a non-empty one scores 0.0.
    """
    found_keys = Counter(_key(heading, levels) for heading in found)
    expected_keys = Counter(_key(heading, levels) for heading in expected)
    matched = sum((found_keys & expected_keys).values())
    n_found, n_expected = len(found), len(expected)
    if not n_found and not n_expected:
        return Score(1.0, 1.0, 1.0, 0, 0, 0)
    precision = matched / n_found if n_found else 0.0
    recall = matched / n_expected if n_expected else 0.0
    f1 = 2 * precision * recall / (precision + recall) if matched else 0.0
    return Score(precision, recall, f1, matched, n_found, n_expected)


def same_tree(found: Sequence[Heading], expected: Sequence[Heading]) -> bool:
    """Whether two outlines are the same list of ``(level, marker, title)``, normalised."""
    return [_full_key(heading) for heading in found] == [_full_key(h) for h in expected]


def compare(name: str, found: Sequence[Heading], expected: Sequence[Heading]) -> DocumentResult:
    """All the figures for one document."""
    return DocumentResult(
        name=name,
        strict=score(found, expected),
        titles=score(found, expected, levels=False),
        exact=same_tree(found, expected),
    )


def load_gold(path: Path) -> list[Heading]:
    """Read one gold file: a JSON list of ``{"level": int, "marker": str, "title": str}``.

    The title may be empty when the marker stands alone (a paragraph that is just ``第一條``).

    Raises:
        GoldError: The file is missing, is not JSON, or a node is malformed
            (the message names the file and the node).
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise GoldError(f"{path}: no gold outline for this document") from error
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise GoldError(f"{path}: not a readable JSON file ({error})") from error
    if not isinstance(data, list):
        raise GoldError(f"{path}: the gold outline must be a JSON list of nodes")
    return [_gold_node(path, number, node) for number, node in enumerate(data, start=1)]


def _gold_node(path: Path, number: int, node: object) -> Heading:
    """One validated gold node."""
    where = f"{path}: node {number}"
    if not isinstance(node, dict) or set(node) != {"level", "marker", "title"}:
        raise GoldError(f"{where}: must be an object with exactly level, marker and title")
    level, marker, title = node["level"], node["marker"], node["title"]
    if not isinstance(level, int) or isinstance(level, bool) or level < 1:
        raise GoldError(f"{where}: level must be a whole number of at least 1")
    if not isinstance(marker, str) or not isinstance(title, str):
        raise GoldError(f"{where}: marker and title must be text")
    if not (title.strip() or marker.strip()):
        raise GoldError(f"{where}: a node needs a title or a marker (a bare 第一條 has no title)")
    return Heading(level, marker, title)


def found_outline(archive: Archive, post: Post) -> list[Heading]:
    """The outline the product builds for ``post``, flattened in document order."""
    document, _problems = open_document(archive, post)
    return [Heading(node.level, node.marker, node.title) for node in iter_nodes(document.outline)]


def gold_path(corpus: Path, post: Post) -> Path:
    """Where the gold outline of a corpus post lives: ``gold/<file stem>.json``."""
    return corpus / GOLD / f"{Path(post.path).stem}.json"


def evaluate_documents(corpus: Path) -> tuple[DocumentResult, ...]:
    """Score every post of ``corpus/docs`` against its gold outline.

    Raises:
        GoldError: A post has no gold file or its gold file is malformed.
    """
    archive = load_archive(corpus / DOCS)
    results = []
    for post in sorted(archive.posts, key=lambda post: post.path):
        expected = load_gold(gold_path(corpus, post))
        results.append(compare(Path(post.path).stem, found_outline(archive, post), expected))
    return tuple(results)


def navigation_leaks(root: Path) -> NavigationLeaks:
    """Count the mirror navigation that reaches a reader in every post under ``root``.

    A leak is a line of the export text, a link of the document's link list, or
    a line of the index's search text (:func:`searchable_text`) that holds
    navigation such as ``返回东财滚动新闻`` or ``返回首页``.
    """
    archive = load_archive(root)
    export = links = search = 0
    by_post: dict[str, int] = {}
    for post in archive.posts:
        document, _problems = open_document(archive, post)
        body, _body_problems = read_body(archive, post)
        in_export = _navigation_lines(export_post(post, document, width=None))
        in_links = sum(1 for link in document.links if NAVIGATION.search(link.text))
        in_search = _navigation_lines(searchable_text(body))
        export, links, search = export + in_export, links + in_links, search + in_search
        if in_export + in_links + in_search:
            by_post[post.path] = in_export + in_links + in_search
    return NavigationLeaks(len(archive.posts), export, links, search, by_post)


def _navigation_lines(text: str) -> int:
    return sum(1 for line in text.splitlines() if NAVIGATION.search(line))


def evaluate(corpus: Path) -> CorpusReport:
    """Score the documents and, when the corpus has a finews mirror, count its leaks."""
    finews = corpus / FINEWS
    navigation = navigation_leaks(finews) if finews.is_dir() else None
    return CorpusReport(evaluate_documents(corpus), navigation)


def _key(heading: Heading, levels: bool) -> tuple[int, str]:
    return (heading.level if levels else 0, normalise_title(heading.title))


def _full_key(heading: Heading) -> tuple[int, str, str]:
    return (heading.level, normalise_title(heading.marker), normalise_title(heading.title))


def _mean(values: Iterable[float]) -> float:
    collected = list(values)
    return statistics.fmean(collected) if collected else 0.0


def render_table(report: CorpusReport) -> str:
    """The per-document table and the corpus figures, as plain text."""
    name_width = max((len(result.name) for result in report.documents), default=8)
    header = f"{'document':<{name_width}}  kind  gold found     P     R    F1 titleF1 exact"
    lines = [header, "-" * len(header)]
    for result in report.documents:
        strict = result.strict
        lines.append(
            f"{result.name:<{name_width}}  {'neg ' if result.negative else 'doc '}"
            f"  {strict.expected:>4} {strict.found:>5} {strict.precision:>5.2f}"
            f" {strict.recall:>5.2f} {strict.f1:>5.2f} {result.titles.f1:>7.2f}"
            f" {'yes' if result.exact else 'no':>5}"
        )
    lines += [
        "",
        f"documents: {len(report.documents)} ({len(report.positives)} with headings,"
        f" {len(report.negatives)} negatives)",
        f"mean strict F1 (level, title): {report.mean_strict_f1:.3f}",
        f"mean title-only F1:            {report.mean_title_f1:.3f}",
        f"exact-tree rate:               {report.exact_rate:.3f}",
        f"negatives: {report.negative_nodes} false nodes in all,"
        f" {report.worst_negative} in the worst",
    ]
    if report.navigation is not None:
        nav = report.navigation
        lines.append(
            f"finews navigation reaching a reader ({nav.posts} posts): {nav.total}"
            f" = {nav.export_lines} export lines + {nav.links} links"
            f" + {nav.search_lines} search-text lines"
        )
    return "\n".join(lines)


def report_json(report: CorpusReport) -> dict[str, object]:
    """The report as JSON-ready data."""
    return {
        "documents": [
            {
                "name": result.name,
                "negative": result.negative,
                "strict": asdict(result.strict),
                "titles": asdict(result.titles),
                "exact": result.exact,
            }
            for result in report.documents
        ],
        "mean_strict_f1": report.mean_strict_f1,
        "mean_title_f1": report.mean_title_f1,
        "exact_rate": report.exact_rate,
        "negative_nodes": report.negative_nodes,
        "worst_negative": report.worst_negative,
        "navigation": None if report.navigation is None else asdict(report.navigation),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m newsreader.bench outline [--corpus DIR] [--json]``."""
    parser = argparse.ArgumentParser(
        prog="python -m newsreader.bench outline",
        description="Score the outline against a corpus of gold outlines.",
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        default=DEFAULT_CORPUS,
        help=f"corpus folder with {DOCS}/, {GOLD}/ and optionally {FINEWS}/ (default: %(default)s)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if not (args.corpus / DOCS).is_dir():
        print(f"newsreader.bench outline: {args.corpus / DOCS} is not a folder", file=sys.stderr)
        return 2
    try:
        report = evaluate(args.corpus)
    except GoldError as error:
        print(f"newsreader.bench outline: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report_json(report), ensure_ascii=False, indent=1))
    else:
        print(render_table(report))
    return 0

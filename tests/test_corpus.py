"""The real-document corpus (tests/corpus), its gold outlines, and the outline scorer.

Three kinds of test: the corpus itself is sound (every post loads, every gold
file belongs to a post and is well formed); the scorer's arithmetic is right on
tiny invented outlines; and a ratchet holds the product to the figures it
reaches today on the corpus, so an outline change that makes real documents
worse fails here. Raise the constants when the outline gets better.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsreader.bench import outline as bench
from newsreader.bench.outline import (
    GoldError,
    Heading,
    compare,
    load_gold,
    normalise_title,
    same_tree,
    score,
)
from newsreader.core.archive.loader import load_archive
from newsreader.core.document.open import open_document

CORPUS = Path(__file__).resolve().parent / "corpus"
DOCS = CORPUS / bench.DOCS
GOLD = CORPUS / bench.GOLD
FINEWS = CORPUS / bench.FINEWS

# The ratchet: what the outline reaches on the corpus today. Mean strict F1 rounded down to
# 0.01; the others are counts, exact. Tighten them when the outline improves.
FLOOR = 0.99
# False nodes the product may put in all negatives together (documents with no headings) ...
NEGATIVE_NODES_CEILING = 0
# ... and in the worst one.
WORST_NEGATIVE_CEILING = 0
# Finews navigation lines that may reach the export, link list or search text.
NAVIGATION_CEILING = 0

SEED_STEM = "2022-01-11-NW202201112242932867"  # the seed post, mirrored by finews


def h(level: int, title: str, marker: str = "") -> Heading:
    return Heading(level, marker, title)


# --- the corpus is sound -------------------------------------------------------------


@pytest.mark.parametrize("root", [DOCS, FINEWS], ids=["docs", "finews"])
def test_every_corpus_post_loads_and_opens_without_a_problem(root: Path) -> None:
    archive = load_archive(root)
    assert archive.posts, f"{root} holds no posts"
    assert not archive.problems, [str(problem) for problem in archive.problems]
    for post in archive.posts:
        document, problems = open_document(archive, post)
        assert not problems, (post.path, [str(problem) for problem in problems])
        assert document.blocks, f"{post.path} opened empty"


def test_every_post_has_a_gold_file_and_every_gold_file_a_post() -> None:
    posts = {Path(post.path).stem for post in load_archive(DOCS).posts}
    golds = {path.stem for path in GOLD.glob("*.json")}
    assert posts - golds == set(), "posts without a gold outline"
    assert golds - posts == set(), "gold outlines without a post"


@pytest.mark.parametrize("path", sorted(GOLD.glob("*.json")), ids=lambda path: path.stem)
def test_every_gold_file_is_a_valid_outline(path: Path) -> None:
    nodes = load_gold(path)
    levels = [node.level for node in nodes]
    assert not levels or levels[0] == 1, "an outline starts at level 1"
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), (
        "a level is never skipped on the way down"
    )


def test_the_corpus_is_as_large_and_mixed_as_documented() -> None:
    results = bench.evaluate_documents(CORPUS)
    assert len(results) >= 63
    assert sum(1 for result in results if result.negative) >= 16
    finews = load_archive(FINEWS)
    assert len(finews.posts) >= 2
    bodies = [(FINEWS / post.path).read_text(encoding="utf-8") for post in finews.posts]
    assert any("｜[返回首页]" in body for body in bodies), "a one-line 返回 trailer"


# --- the scorer ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("发展目标", "发展目标"),
        ("总  则", "总则"),  # spaces inside a title
        ("总\u3000则", "总则"),  # ideographic space
        ("强化组织领导。", "强化组织领导"),  # trailing punctuation
        ("依據：", "依據"),
        ("（试行）", "(试行)"),  # NFKC folds full-width brackets; a closing one stays
        ("ＡＢＣ１２", "ABC12"),  # full-width letters and digits
        ("“先锋行动”。", "“先锋行动”"),  # closing quotes stay, the full stop goes
        ("提升基层组织建设——", "提升基层组织建设"),  # a trailing dash goes
        ("", ""),
        ("。。", ""),
    ],
)
def test_normalise_title(raw: str, normal: str) -> None:
    assert normalise_title(raw) == normal


def test_f1_counts_matches_over_found_and_expected() -> None:
    expected = [h(1, "一"), h(2, "二"), h(2, "三"), h(1, "四")]
    found = [h(1, "一"), h(2, "二"), h(1, "五")]
    result = score(found, expected)
    assert (result.matched, result.found, result.expected) == (2, 3, 4)
    assert result.precision == pytest.approx(2 / 3)
    assert result.recall == pytest.approx(2 / 4)
    assert result.f1 == pytest.approx(2 * (2 / 3) * (1 / 2) / (2 / 3 + 1 / 2))


def test_a_wrong_level_is_wrong_when_strict_and_right_on_titles() -> None:
    expected, found = [h(1, "总则"), h(2, "目的")], [h(1, "总则"), h(1, "目的")]
    assert score(found, expected).f1 == pytest.approx(0.5)
    assert score(found, expected, levels=False).f1 == 1.0


def test_pairs_are_a_multiset() -> None:
    expected = [h(3, "加强组织领导")] * 3
    assert score([h(3, "加强组织领导")], expected).recall == pytest.approx(1 / 3)
    assert score([h(3, "加强组织领导")] * 5, expected).precision == pytest.approx(3 / 5)


def test_titles_match_after_normalisation() -> None:
    assert score([h(1, "总  则。")], [h(1, "总则")]).f1 == 1.0


@pytest.mark.parametrize(
    ("found", "expected", "f1"),
    [
        ([], [], 1.0),
        ([h(1, "x")], [], 0.0),
        ([], [h(1, "x")], 0.0),
        ([h(1, "x")], [h(1, "y")], 0.0),
    ],
)
def test_empty_and_disjoint_outlines(
    found: list[Heading], expected: list[Heading], f1: float
) -> None:
    assert score(found, expected).f1 == f1


def test_exact_tree_needs_the_same_order_levels_and_markers() -> None:
    gold = [h(1, "总则", "一、"), h(2, "目的", "（一）")]
    assert same_tree([h(1, "总则", "一、"), h(2, "目的。", "(一)")], gold)
    assert not same_tree([h(2, "目的", "（一）"), h(1, "总则", "一、")], gold)
    assert not same_tree([h(1, "总则", "一、"), h(2, "目的", "1.")], gold)
    assert not same_tree([h(1, "总则", "一、")], gold)


def test_a_document_with_an_empty_gold_outline_is_a_negative() -> None:
    assert compare("flash", [h(1, "相关新闻")], []).negative
    assert not compare("plan", [], [h(1, "总则")]).negative


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "not a readable JSON file"),
        ('{"level": 1}', "must be a JSON list"),
        ('[{"level": 1, "title": "x"}]', "node 1: must be an object with exactly"),
        ('[{"level": 0, "marker": "", "title": "x"}]', "node 1: level must be"),
        ('[{"level": true, "marker": "", "title": "x"}]', "node 1: level must be"),
        ('[{"level": 1, "marker": "", "title": " "}]', "node 1: a node needs a title or a marker"),
        ('[{"level": 1, "marker": 3, "title": "x"}]', "node 1: marker and title must be text"),
    ],
)
def test_a_malformed_gold_file_is_named_with_what_is_wrong(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "doc.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GoldError, match=message) as raised:
        load_gold(path)
    assert str(path) in str(raised.value)


def test_a_bare_marker_is_a_node_without_a_title(tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    path.write_text('[{"level": 1, "marker": "第一條", "title": ""}]', encoding="utf-8")
    assert load_gold(path) == [Heading(1, "第一條", "")]


def test_a_missing_gold_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(GoldError, match="no gold outline"):
        load_gold(tmp_path / "absent.json")


@pytest.mark.parametrize(
    ("line", "navigation"),
    [
        (
            "[返回东财滚动新闻](//finews.withounder.com/emnews/)｜[返回首页](//finews.withounder.com/)",
            True,
        ),
        ("[3] 返回常州日报新闻 //finews.withounder.com/category/changzhouribao.html", True),
        ("返回首页", True),
        ("他返回了家乡，成为当地新闻人物", False),
        ("返回", False),
    ],
)
def test_what_counts_as_navigation(line: str, navigation: bool) -> None:
    assert bool(bench.NAVIGATION.search(line)) is navigation


def test_navigation_is_counted_where_it_reaches_a_reader(tmp_path: Path) -> None:
    post = tmp_path / "_posts" / "2022-05-01-a.md"
    post.parent.mkdir()
    post.write_text(
        "---\ntitle: a\n---\n正文第一段。\n\n[返回首页](//x/) 之后还有正文\n",
        encoding="utf-8",
    )
    leaks = bench.navigation_leaks(tmp_path)
    assert leaks.posts == 1
    assert leaks.export_lines >= 1  # the body line and its entry in the link list
    assert leaks.links == 1
    assert leaks.search_lines == 1
    assert leaks.by_post == {"_posts/2022-05-01-a.md": leaks.total}


def test_command_line_reports_a_missing_corpus(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert bench.main(["--corpus", str(tmp_path)]) == 2
    assert "is not a folder" in capsys.readouterr().err


def test_command_line_reports_a_missing_gold_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    post = tmp_path / "docs" / "_posts" / "2022-05-01-a.md"
    post.parent.mkdir(parents=True)
    post.write_text("---\ntitle: a\n---\n正文。\n", encoding="utf-8")
    assert bench.main(["--corpus", str(tmp_path)]) == 2
    assert "2022-05-01-a.json: no gold outline" in capsys.readouterr().err


# --- the ratchet ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def report() -> bench.CorpusReport:
    return bench.evaluate(CORPUS)


def test_mean_strict_f1_does_not_fall_below_the_floor(report: bench.CorpusReport) -> None:
    assert report.mean_strict_f1 >= FLOOR, bench.render_table(report)


def test_negatives_gain_no_false_headings(report: bench.CorpusReport) -> None:
    assert report.negative_nodes <= NEGATIVE_NODES_CEILING, bench.render_table(report)
    assert report.worst_negative <= WORST_NEGATIVE_CEILING, bench.render_table(report)


def test_finews_navigation_reaches_no_more_readers(report: bench.CorpusReport) -> None:
    assert report.navigation is not None
    assert report.navigation.total <= NAVIGATION_CEILING, report.navigation


def test_the_seed_outline_stays_as_docs_outline_shows_it(report: bench.CorpusReport) -> None:
    (seed,) = [result for result in report.documents if result.name == SEED_STEM]
    assert seed.exact, seed


def test_the_table_and_json_cover_every_document(
    report: bench.CorpusReport, capsys: pytest.CaptureFixture[str]
) -> None:
    table = bench.render_table(report)
    assert all(result.name in table for result in report.documents)
    data = json.loads(json.dumps(bench.report_json(report)))
    assert len(data["documents"]) == len(report.documents)
    assert data["mean_strict_f1"] == pytest.approx(report.mean_strict_f1)

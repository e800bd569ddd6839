"""One query parser, one meaning: every mode and the reader agree on every query."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsreader.core.archive.loader import load_archive
from newsreader.core.index.search import (
    NoSearchableTerm,
    Query,
    matching_paths,
    parse_query,
    search,
)
from newsreader.core.model import Archive

MakeArchive = Callable[[dict[str, str | bytes]], Path]

PUNCTUATED = {
    "_posts/2022-03-01-a.md": "---\ntitle: 百分比\n---\n<p>增长 5% 以上！！！</p>\n",
    "_posts/2022-03-02-b.md": "---\ntitle: Wow!!!\n---\n<p>a, b and a-b, c_d 常。州</p>\n",
    "_posts/2022-03-03-c.md": "---\ntitle: plain\n---\n<p>no marks at all here</p>\n",
    "_posts/2022-03-04-d.md": '---\ntitle: "quote \\"x\\""\n---\n<p>"x" and (y) 常州</p>\n',
}


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("常州", ("常州",)),
        ("  科协   规划 ", ("科协", "规划")),
        ('"hello world" 常州', ("hello world", "常州")),
        ('"unclosed phrase', ("unclosed phrase",)),
        ("\x1b[31m红\x1b[0m", ("红",)),
        ("wow!!! (y)", ("wow", "y")),  # punctuation at a term's ends means nothing
        ("!!! a,b", ("a,b",)),  # a term of punctuation alone is no term
        ('"  x  "', ("x",)),
    ],
)
def test_parse_query(text: str, terms: tuple[str, ...]) -> None:
    assert parse_query(text) == Query(terms)


@pytest.mark.parametrize(
    "text", ["", " ", "\t", "!!!", "%", '"', '""', '" "', "。，", "\x1b[0m", "_"]
)
def test_query_without_a_searchable_term_is_refused(text: str) -> None:
    with pytest.raises(NoSearchableTerm, match="no searchable term"):
        parse_query(text)


def test_a_term_is_its_tokens_without_separators_at_the_ends() -> None:
    assert Query(("。",)).fts_expression() is None
    assert Query(("常州",)).fts_expression() == '"常 州"'
    assert Query(("a,b",)).fts_expression() == '"a \ue000 b"'


@pytest.fixture(scope="module")
def punctuated(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    root = tmp_path_factory.mktemp("punctuated") / "archive"
    for rel, text in PUNCTUATED.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return load_archive(root)


def _both(archive: Archive, query: str, cache: Path | None) -> tuple[list[str], list[str]] | str:
    """``--list --json``'s paths and ``--list``'s paths for ``query``, or the refusal."""
    use = cache is not None
    try:
        hits = search(archive.root, archive, query, cache_dir=cache, use_cache=use)
    except NoSearchableTerm as error:
        with pytest.raises(NoSearchableTerm):
            matching_paths(archive.root, archive, query, cache_dir=cache, use_cache=use)
        return str(error)
    paths = matching_paths(archive.root, archive, query, cache_dir=cache, use_cache=use)
    return [hit.path for hit in hits], paths


@pytest.mark.parametrize(
    ("query", "stems"),
    [
        ("wow", ["b"]),
        ("a,b", ["b"]),  # inner punctuation is any separator: "a, b" and "a-b"
        ("5%", ["a"]),
        ("常州", ["d"]),  # not across 。
        ('"x"', ["d"]),
        ("(y)", ["d"]),
    ],
)
def test_punctuation_means_the_same_everywhere(
    punctuated: Archive, tmp_path: Path, query: str, stems: list[str]
) -> None:
    for cache in (None, tmp_path / "cache"):
        both = _both(punctuated, query, cache)
        assert not isinstance(both, str), both
        hits, paths = both
        assert hits == paths
        assert sorted(Path(path).stem.rsplit("-", 1)[-1] for path in paths) == stems


QUERY_TEXT = st.text(
    st.sampled_from(list('abcxyzABC 5%!,.-_"()\t常州。，！') + ["\x1b", "\u200b", "é", "ß"]),
    max_size=12,
) | st.text(max_size=12)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=QUERY_TEXT)
def test_list_and_list_json_agree_on_any_query(punctuated: Archive, query: str) -> None:
    both = _both(punctuated, query, None)
    if not isinstance(both, str):
        hits, paths = both
        assert hits == paths


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=QUERY_TEXT)
def test_list_and_list_json_agree_through_the_index(
    punctuated: Archive, tmp_path_factory: pytest.TempPathFactory, query: str
) -> None:
    cache = tmp_path_factory.getbasetemp() / "query-cache"
    both = _both(punctuated, query, cache)
    if not isinstance(both, str):
        hits, paths = both
        assert hits == paths

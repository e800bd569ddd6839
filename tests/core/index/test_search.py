"""Archive search: Chinese at any length, Latin case, AND, phrases, sections, snippets."""

from __future__ import annotations

import os
import sqlite3
import sys
from bisect import bisect_right
from collections.abc import Callable, Iterator
from itertools import accumulate
from pathlib import Path
from typing import Protocol

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsreader.core.archive.loader import load_archive
from newsreader.core.archive.source import read_body_text, read_source
from newsreader.core.document.open import open_document
from newsreader.core.index import fill as textindex
from newsreader.core.index import tokens as fulltext
from newsreader.core.index.db import IndexDB
from newsreader.core.index.metadata import ensure_fulltext, load_indexed
from newsreader.core.index.place import fold
from newsreader.core.index.quicktext import read_searchable_text, searchable_text
from newsreader.core.index.records import TextRow
from newsreader.core.index.search import Hit, matching_paths, search
from newsreader.core.index.tokens import PostText, index_tokens
from newsreader.core.model import Archive, Post
from newsreader.core.outline.build import section_path
from newsreader.core.text.narrow import narrow

MakeArchive = Callable[[dict[str, str | bytes]], Path]


class Find(Protocol):
    """The ``find`` fixture: search the test archive, optionally limited."""

    def __call__(self, query: str, limit: int | None = None) -> list[Hit]: ...


def post(title: str, day: int, *paragraphs: str) -> str:
    """A post whose body is one ``<p>`` per paragraph."""
    body = "\n".join(f"<p>{text}</p>" for text in paragraphs)
    return f"---\ntitle: {title}\ndate: 2022-03-{day:02d} 08:00:00 +0800\n---\n{body}\n"


FILES: dict[str, str | bytes] = {
    "_posts/2022-03-01-a.md": post("甲文", 1, "今年的工作要点", "到年底完成规划常"),
    "_posts/2022-03-02-b.md": post("乙文", 2, "州市的天气很好。", "Hello World from Changzhou"),
    "_posts/2022-03-03-c.md": post("丙文", 3, "常州市科协发布规划", "苹果和香蕉都有"),
    "_posts/2022-03-04-d.md": post("丁文", 4, "只有苹果", "常。州不相连", "world hello"),
    "_posts/2022-03-05-e.md": post("科协年会", 5, "会议在南京召开"),
    "_posts/2022-03-06-f.md": post("戊文", 6, "会议由科协主办，科协的同志参加"),
    "_posts/2022-03-07-g.md": post("己文", 7, "今年ＧＤＰ增长６．５％。"),
    "_posts/2022-03-08-h.md": post("庚文", 8, "GDP增长6.5%，PM2.5下降。"),
}


@pytest.fixture(params=["cache", "memory"])
def find(request: pytest.FixtureRequest, make_archive: MakeArchive, tmp_path: Path) -> Find:
    """Search the archive above through the index, or in memory."""
    root = make_archive(FILES)
    archive = load_archive(root)
    use_cache = request.param == "cache"

    def run(query: str, limit: int | None = None) -> list[Hit]:
        return search(
            root, archive, query, limit=limit, cache_dir=tmp_path / "cache", use_cache=use_cache
        )

    return run


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("常", {"a", "c", "d"}),  # one character, wherever it stands
        ("州", {"b", "c", "d"}),
        ("常州", {"c"}),  # not a's last + b's first, not across 。 in d
        ("科协规划", set()),
        ("科协发布规划", {"c"}),
        ("科协", {"c", "e", "f"}),  # title hits count
        ("hello", {"b", "d"}),
        ("HELLO", {"b", "d"}),  # Latin ignores case
        ("changzhou", {"b"}),
        ("chang", set()),  # Latin matches whole words
        ("苹果 香蕉", {"c"}),  # terms are ANDed
        ("苹果", {"c", "d"}),
        ('"hello world"', {"b"}),  # a phrase is exact, order and all
        ('"world hello"', {"d"}),
        ("world hello", {"b", "d"}),
        ("不存在", set()),
        ("GDP", {"g", "h"}),  # a full-width letter is its ASCII twin
        ("ＧＤＰ", {"g", "h"}),
        ("ｇｄｐ增长", {"g", "h"}),
        ("6.5", {"g", "h"}),  # digits too, the full stop a separator either way
        ("６．５", {"g", "h"}),
        ("ＰＭ２．５", {"h"}),
    ],
)
def test_search_finds_exactly(find: Find, query: str, expected: set[str]) -> None:
    found = {Path(hit.path).stem.rsplit("-", 1)[-1] for hit in find(query)}
    assert found == expected


@pytest.mark.parametrize("query", ["GDP", "ｇｄｐ", "6.5"])
def test_a_snippet_marks_a_term_written_full_width(find: Find, query: str) -> None:
    (hit,) = [hit for hit in find(query) if hit.path.endswith("-g.md")]
    assert hit.snippet == "今年ＧＤＰ增长６．５％。"
    start, end = hit.spans[0]
    assert narrow(hit.snippet[start:end]).lower() == narrow(query).lower()


@given(st.text())
def test_folding_keeps_every_offset_and_ignores_width(text: str) -> None:
    folded = fold(text)
    assert len(folded) == len(text)
    assert fold(narrow(text)) == folded


def test_title_weighs_more_than_body(find: Find) -> None:
    hits = find("科协")
    assert hits[0].path.endswith("-e.md")
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)


def test_snippet_marks_the_first_hit(find: Find) -> None:
    (hit,) = find("天气")
    assert hit.snippet == "州市的天气很好。"
    assert hit.spans == ((3, 5),)
    assert hit.block == 0


def test_snippet_is_a_window_of_one_block(make_archive: MakeArchive, tmp_path: Path) -> None:
    long_text = "前" * 100 + "目标" + "后" * 100
    root = make_archive({"_posts/2022-03-01-x.md": post("长文", 1, "第一段", long_text)})
    (hit,) = search(root, load_archive(root), "目标", cache_dir=tmp_path / "c")
    assert hit.block == 1
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert len(hit.snippet) <= 42 and "目标" in hit.snippet
    start, end = hit.spans[0]
    assert hit.snippet[start:end] == "目标"


def test_section_is_the_outline_path_of_the_hit(sample_archive: Path, tmp_path: Path) -> None:
    archive = load_archive(sample_archive)
    hits = search(sample_archive, archive, "爱国奋斗专题宣传", cache_dir=tmp_path / "c")
    hit = next(hit for hit in hits if hit.path.endswith("NW202201112242932867.md"))
    post = next(post for post in archive.posts if post.path == hit.path)
    document, _ = open_document(archive, post)
    assert "爱国奋斗专题宣传" in document.blocks[hit.block].text
    expected = tuple(f"{n.marker}{n.title}" for n in section_path(document.outline, hit.block))
    assert hit.section == expected
    assert hit.section[0].startswith("二、")


def test_changed_and_removed_posts_are_reindexed(make_archive: MakeArchive, tmp_path: Path) -> None:
    root = make_archive(FILES)
    cache = tmp_path / "cache"
    assert {hit.path for hit in search(root, load_archive(root), "苹果", cache_dir=cache)} == {
        "_posts/2022-03-03-c.md",
        "_posts/2022-03-04-d.md",
    }
    (root / "_posts/2022-03-03-c.md").write_text(post("丙文", 3, "只剩梨"), encoding="utf-8")
    (root / "_posts/2022-03-04-d.md").unlink()
    archive = load_archive(root)
    assert search(root, archive, "苹果", cache_dir=cache) == []
    assert [hit.path for hit in search(root, archive, "梨", cache_dir=cache)] == [
        "_posts/2022-03-03-c.md"
    ]


def test_parallel_build_matches_serial(
    make_archive: MakeArchive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_archive(FILES)
    archive = load_indexed(root, cache_dir=tmp_path / "serial").archive
    ensure_fulltext(root, archive, cache_dir=tmp_path / "serial", workers=1)
    monkeypatch.setattr(textindex, "PARALLEL_THRESHOLD", 1)
    ensure_fulltext(root, archive, cache_dir=tmp_path / "parallel", workers=2)
    for query in ("常", "科协", "hello"):
        serial = search(root, archive, query, cache_dir=tmp_path / "serial")
        parallel = search(root, archive, query, cache_dir=tmp_path / "parallel")
        assert serial == parallel and serial


def test_damaged_index_still_answers(make_archive: MakeArchive, tmp_path: Path) -> None:
    root = make_archive(FILES)
    archive = load_archive(root)
    cache = tmp_path / "cache"
    search(root, archive, "常", cache_dir=cache)
    next(cache.glob("*.sqlite3")).write_bytes(b"garbage" * 1000)
    notices: list[str] = []
    hits = search(root, load_archive(root), "常州", cache_dir=cache, notices=notices)
    assert [hit.path for hit in hits] == ["_posts/2022-03-03-c.md"]
    assert notices and "rebuilt" in notices[0]


@pytest.mark.parametrize("limit", [0, 1, 2, 5])
def test_limit_keeps_the_best(find: Find, limit: int) -> None:
    assert find("科协", limit) == find("科协", None)[:limit]


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("常州市", ["常", "州", "市"]),
        ("Hello World", ["hello", "\ue000", "world"]),
        ("5G网络", ["5g", "网", "络"]),
        ("常。州", ["常", "\ue000", "州"]),
        ("a——b", ["a", "\ue000", "b"]),
        ("𠀀字", ["𠀀", "字"]),  # an astral (extension B) ideograph is a token too
        ("ひらがな", ["ひ", "ら", "が", "な"]),
        ("snake_case", ["snake", "\ue000", "case"]),
        ("a\ue000\ue000b", ["a", "\ue000", "b"]),  # in text it is just a separator
    ],
)
def test_index_tokens(text: str, tokens: list[str]) -> None:
    assert index_tokens(text) == tokens


def test_a_character_alone_maps_as_the_whole_table_maps_it() -> None:
    """A query term is tokenized without the table; both must give the same tokens."""
    from newsreader.core.index.tokens import _bmp_table, _char_token

    table = _bmp_table()
    assert [code for code in range(0x10000) if _char_token(chr(code)) != table[code]] == []


@given(st.text(max_size=300))
def test_short_and_long_texts_tokenize_alike(text: str) -> None:
    from newsreader.core.index import tokens

    short = tokens.tokenize_for_index(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tokens, "_SHORT", -1)  # every text through the table
        assert tokens.tokenize_for_index(text) == short


@pytest.mark.parametrize(
    "query", ["常", "州", "常州", "科协", "hello", '"hello world"', "苹果 香蕉", "chang"]
)
def test_matching_paths_agree_with_search(
    find: Find, make_archive: MakeArchive, tmp_path: Path, query: str
) -> None:
    root = make_archive(FILES)
    expected = [hit.path for hit in find(query)]
    paths = matching_paths(root, load_archive(root), query, cache_dir=tmp_path / "paths")
    assert paths == expected


@pytest.mark.parametrize("query", ["常", "州", "科协", "hello"])
def test_hits_streamed_a_few_at_a_time_are_the_hits_of_one_search(
    make_archive: MakeArchive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, query: str
) -> None:
    """Texts are held (and located) a chunk at a time: the chunks must not show."""
    from newsreader.core.index import search as searching

    root = make_archive(FILES)
    whole = search(root, load_archive(root), query, cache_dir=tmp_path / "whole")
    monkeypatch.setattr(searching, "_CHUNK", 2)
    archive = load_archive(root)
    streamed = searching.stream_search(root, archive, query, list, cache_dir=tmp_path / "few")
    assert streamed == whole and len(whole) >= 2


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ("<p>第一段</p>\n<p>第二\n段</p>", "第一段\n第二段"),  # CJK line wrap joins
        ("<p>第二 \t\n \n 段 and\t\nmore</p>", "第二段 and more"),  # blanks around the wrap
        ("<p>第二\nx 段</p>", "第二 x 段"),  # a wrap next to Latin is a space
        ("<p>a  b\nc</p>", "a b c"),
        ("<p>x<script>hidden()</script>y</p><style>p{}</style>", "xy"),
        ("<p>&lt;tag&gt; &amp; &#x4e2d;</p>", "<tag> & 中"),
        ("<p>文&#27;[31m</p>", "文[31m"),  # a decoded escape is still removed
        ("<p>正文</p>\n\n<http://a.example/x>\n\n[返回首页](//a.example/)", "正文"),
        ("# 标题\n\n段落 *强调*", "标题\n段落 强调"),  # Markdown is rendered first
        ("<p>one<br>two</p><!-- note -->", "one\ntwo"),
    ],
)
def test_searchable_text(body: str, text: str) -> None:
    assert searchable_text(body) == text


def test_shown_hits_are_located_once_and_kept(
    sample_archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    original = fulltext.extract_text

    def spy(root: Path, post: Post) -> PostText:
        calls.append(post.path)
        return original(root, post)

    monkeypatch.setattr(textindex, "extract_text", spy)
    archive = load_archive(sample_archive)
    first = search(sample_archive, archive, "爱国奋斗专题宣传", cache_dir=tmp_path / "c")
    assert first and sorted(calls) == sorted(hit.path for hit in first)
    calls.clear()
    again = search(
        sample_archive, load_archive(sample_archive), "爱国奋斗专题宣传", cache_dir=tmp_path / "c"
    )
    assert again == first and calls == []


@pytest.mark.parametrize(
    "content",
    [
        "---\ntitle: t\n---\n<p>正文</p>\n",  # ordinary front matter
        "---\ntitle: [unclosed\n---\nbody after bad YAML\n",  # YAML the loader rejects
        "no front matter at all\n",
        "\ufeff---\r\ntitle: t\r\n...\r\nCRLF body, BOM, Jekyll's closing dots\r\n",
        "---\ntitle: t\nno closing fence\n",
        "---\ntitle: t\n---\n",  # empty body
    ],
)
def test_body_text_is_the_loaders_body(make_archive: MakeArchive, content: str) -> None:
    root = make_archive({"_posts/2022-03-01-a.md": content})
    path = root / "_posts/2022-03-01-a.md"
    expected = read_source(path, "a.md").body
    assert read_body_text(path, "a.md") == expected


def test_body_text_of_gb18030_file(make_archive: MakeArchive) -> None:
    root = make_archive({"a.md": "---\ntitle: 标题\n---\n常州市科协发布规划\n".encode("gb18030")})
    assert read_body_text(root / "a.md", "a.md") == "常州市科协发布规划\n"


@pytest.mark.parametrize("kind", ["binary", "directory", "missing", "fifo"])
def test_unreadable_post_has_no_searchable_text(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "post.md"
    if kind == "binary":
        path.write_bytes(b"---\ntitle: t\n---\n\x00\x01\x02")
    elif kind == "directory":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)  # must not block waiting for a writer
    assert read_searchable_text(path, "post.md") == ""


@pytest.mark.parametrize("use_cache", [True, False])
def test_build_takes_file_keys_from_the_metadata_cache(
    make_archive: MakeArchive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, use_cache: bool
) -> None:
    root = make_archive(FILES)
    archive = load_indexed(root, cache_dir=tmp_path / "cache").archive
    looked: list[Path] = []
    original = textindex.file_key

    def spy(path: Path) -> tuple[int, int] | None:
        looked.append(path)
        return original(path)

    monkeypatch.setattr(textindex, "file_key", spy)
    found = matching_paths(root, archive, "科协", cache_dir=tmp_path / "cache", use_cache=use_cache)
    assert sorted(found) == [f"_posts/2022-03-0{day}.md" for day in ("3-c", "5-e", "6-f")]
    assert len(looked) == (0 if use_cache else len(FILES))  # in memory, nothing was recorded


def test_rows_are_stored_as_searchable_text() -> None:
    row = textindex.text_row("a.md", (1, 2), fulltext.PostText("标题\ud800", "常州市科协"))
    with IndexDB.memory() as db:
        textindex._write_all(db.conn, [row], per_commit=1)
        stored = db.conn.execute(
            "SELECT typeof(title), typeof(body), title, body FROM texts"
        ).fetchone()
        found = db.conn.execute("SELECT rowid FROM fts WHERE fts MATCH '\"科 协\"'").fetchall()
    assert stored == ("text", "text", "标题?", "常州市科协")  # a lone surrogate cannot be stored
    assert found == [(1,)]
    assert textindex.row_text(row) == fulltext.PostText("标题?", "常州市科协")


def _journal(db: IndexDB) -> str:
    return str(db.conn.execute("PRAGMA journal_mode").fetchone()[0])


def test_bulk_build_uses_a_rollback_journal_others_can_still_open(
    make_archive: MakeArchive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, cache = make_archive(FILES), tmp_path / "cache"
    archive = load_indexed(root, cache_dir=cache).archive
    monkeypatch.setattr(textindex, "PARALLEL_THRESHOLD", 1)  # a bulk build, in-process
    seen: list[tuple[str, int]] = []
    insert = textindex._insert

    def insert_and_peek(conn: sqlite3.Connection, batch: list[TextRow]) -> None:
        insert(conn, batch)
        with IndexDB.open(root, cache) as other:  # as another process would, mid-build
            count = other.conn.execute("SELECT count(*) FROM files").fetchone()[0]
            seen.append((_journal(other), count))

    monkeypatch.setattr(textindex, "_insert", insert_and_peek)
    ensure_fulltext(root, archive, cache_dir=cache, workers=1)
    assert seen == [("delete", len(FILES))]
    with IndexDB.open(root, cache) as db:
        assert _journal(db) == "wal"
    assert sorted(matching_paths(root, archive, "苹果", cache_dir=cache)) == [
        "_posts/2022-03-03-c.md",
        "_posts/2022-03-04-d.md",
    ]


def test_bulk_build_keeps_the_wal_when_the_index_is_shared(
    make_archive: MakeArchive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, cache = make_archive(FILES), tmp_path / "cache"
    archive = load_indexed(root, cache_dir=cache).archive
    monkeypatch.setattr(textindex, "PARALLEL_THRESHOLD", 1)
    with IndexDB.open(root, cache) as other:
        other.conn.execute("SELECT count(*) FROM files").fetchone()  # a reader, idle
        found = matching_paths(root, archive, "科协", cache_dir=cache)
        assert _journal(other) == "wal"
    assert len(found) == 3


def test_ranked_windows_agree_with_the_full_ranking(
    make_archive: MakeArchive, tmp_path: Path
) -> None:
    """More matches than the first window: a limited search is the top of the full one."""
    files: dict[str, str | bytes] = {
        f"_posts/2022-01-01-p{index}.md": (
            f"---\ntitle: 第{index}篇\n---\n<p>{'州' * (1 + index % 7)}，其他内容{index}。</p>\n"
        )
        for index in range(300)
    }
    root = make_archive(files)
    archive = load_archive(root)
    cache = tmp_path / "windows"
    everything = [hit.path for hit in search(root, archive, "州", cache_dir=cache)]
    assert len(everything) == 300
    assert [hit.path for hit in search(root, archive, "州", limit=280, cache_dir=cache)] == (
        everything[:280]
    )
    assert matching_paths(root, archive, "州", limit=290, cache_dir=cache) == everything[:290]


CORPUS = Path(__file__).parents[2] / "corpus"


def _expected_hit_places(
    root: Path, hit: Hit, terms: tuple[str, ...]
) -> tuple[int, tuple[str, ...]]:
    """Block and section of a hit's first exact occurrence, from the reader's own document."""
    archive = load_archive(root)
    post = next(post for post in archive.posts if post.path == hit.path)
    document, _ = open_document(archive, post)
    text = "\n".join(block.text for block in document.blocks).lower()
    found = [text.find(term.lower()) for term in terms]
    first = min((at for at in found if at >= 0), default=-1)
    if first < 0:
        return 0, ()
    ends = list(accumulate(len(block.text) + 1 for block in document.blocks))
    block = bisect_right(ends, first)  # a block's text may hold line breaks (a table's rows)
    path = tuple(f"{node.marker}{node.title}" for node in section_path(document.outline, block))
    return block, path


@pytest.mark.parametrize(
    ("where", "query"),
    [
        ("sample", "爱国奋斗专题宣传"),
        ("sample", "州"),
        ("sample", "科普"),
        ("docs", "第"),
        ("docs", "安全"),
        ("finews", "的"),
        ("docs", "APP"),
    ],
)
def test_hits_are_the_same_located_stored_in_memory_and_streamed(
    sample_archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, query: str
) -> None:
    """Every path to a hit gives the same hit, placed where the reader's document puts it.

    The first search parses the shown posts and stores their block maps; the
    second reads the maps back; in memory nothing is stored; a stream reads
    the texts a few at a time. The block and section must be the reader's.
    """
    from newsreader.core.index import search as searching

    root = sample_archive if where == "sample" else CORPUS / where
    cache = tmp_path / "cache"
    first = search(root, load_archive(root), query, cache_dir=cache)
    stored = search(root, load_archive(root), query, cache_dir=cache)
    in_memory = search(root, load_archive(root), query, use_cache=False)
    monkeypatch.setattr(searching, "_CHUNK", 3)
    monkeypatch.setattr(searching, "_FETCH", 2)
    streamed = searching.stream_search(root, load_archive(root), query, list, cache_dir=cache)
    fresh = searching.stream_search(
        root, load_archive(root), query, list, cache_dir=tmp_path / "fresh"
    )
    assert first and first == stored == in_memory == streamed == fresh
    terms = searching.parse_query(query).terms
    for hit in first[:12]:
        assert (hit.block, hit.section) == _expected_hit_places(root, hit, terms), hit.path
    assert any(hit.section for hit in first) or where == "finews"


def test_a_damaged_block_map_is_located_again(sample_archive: Path, tmp_path: Path) -> None:
    archive = load_archive(sample_archive)
    expected = search(sample_archive, archive, "爱国奋斗专题宣传", cache_dir=tmp_path / "c")
    with IndexDB.open(sample_archive, tmp_path / "c") as db:
        db.conn.execute("UPDATE texts SET located = x'0100' WHERE located IS NOT NULL")
    again = search(
        sample_archive, load_archive(sample_archive), "爱国奋斗专题宣传", cache_dir=tmp_path / "c"
    )
    assert again == expected and expected[0].section


def test_folding_a_piece_is_the_piece_of_the_folded_text() -> None:
    """What finding a term without folding a whole body relies on, over all of Unicode."""
    from newsreader.core.index.place import fold

    for code in range(sys.maxunicode + 1):
        char = chr(code)
        folded = fold(char)
        assert len(folded) == 1 and fold(folded) == folded
        wide = "\uff01" <= char <= "\uff5e"  # full width: folds to its ASCII twin
        # No other character folds onto one without an upper case (so such a term is found as
        # is, unless its text holds a full-width twin: core.text.narrow.wide_twins).
        assert folded == char or folded.upper() != folded or wide, hex(code)
        # Only the Kelvin sign and the full-width forms fold onto ASCII (so bytes.lower folds
        # an ASCII term's text, unless it holds a full-width twin).
        assert char.isascii() or not folded.isascii() or char == "\u212a" or wide, hex(code)
    assert fold("ΟΔΟΣ") == "οδοσ" == fold("ΟΔΟΣ Α")[:4]  # no word-final ς from context


_TEXT_CHARS = "aAbBσΣςİi̇kK\u212a州 \n"


@given(
    st.text(st.sampled_from(_TEXT_CHARS), max_size=30),
    st.text(st.sampled_from("abσςi̇k州 "), min_size=1, max_size=3),
)
def test_a_term_is_found_where_the_folded_text_holds_it(text: str, term: str) -> None:
    from newsreader.core.index import place

    folded_term = place.fold(term)
    expected = place.fold(text).find(folded_term)
    assert place.find_folded(text, folded_term) == expected
    in_bytes = place.find_folded_bytes(text.encode(), folded_term)
    assert in_bytes == (-1 if expected < 0 else len(text[:expected].encode()))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(place, "_FOLD_PIECE", 2)  # pieces shorter than the text
        assert place.find_folded(text, folded_term) == expected


def _char_window(text: str, hit: int) -> str:
    """The snippet as first written, over a whole ``str``: what cutting from bytes must give."""
    line_start = text.rfind("\n", 0, hit) + 1
    line_end = text.find("\n", hit)
    line_end = len(text) if line_end < 0 else line_end
    start = max(line_start, hit - 12)
    end = min(line_end, start + 40)
    return ("…" if start > line_start else "") + text[start:end] + ("…" if end < line_end else "")


@given(
    st.text(st.sampled_from("a州\U0001f600é\n"), max_size=120),
    st.text(st.sampled_from("a州\U0001f600é\n"), max_size=120),
)
def test_a_snippet_cut_from_bytes_is_the_one_cut_from_the_text(before: str, after: str) -> None:
    from newsreader.core.index.place import Placer

    text = before + "目标" + after
    placed = Placer(("目标",)).place("t", text.encode(), None)
    assert placed is not None and placed.snippet == _char_window(text, len(before))
    start, end = placed.spans[0]
    assert placed.snippet[start:end] == "目标"


def test_a_stream_reads_and_locates_only_as_far_as_it_is_read(
    sample_archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bounded memory: a consumer that stops early has parsed and held one chunk of hits."""
    from newsreader.core.index import search as searching

    monkeypatch.setattr(searching, "_CHUNK", 2)
    monkeypatch.setattr(searching, "_FETCH", 1)
    located: list[int] = []
    fetched: list[int] = []
    original_locate, original_texts = textindex.locate_rows, searching._texts

    def locate(conn: sqlite3.Connection, archive: Archive, rows: dict[int, str]) -> object:
        located.extend(rows)
        return original_locate(conn, archive, rows)

    def texts(conn: sqlite3.Connection, row_ids: list[int]) -> object:
        fetched.extend(row_ids)
        return original_texts(conn, row_ids)

    monkeypatch.setattr(searching, "locate_rows", locate)
    monkeypatch.setattr(searching, "_texts", texts)
    archive = load_archive(sample_archive)
    total = len(search(sample_archive, archive, "州", use_cache=False))
    located.clear()
    fetched.clear()

    def first_three(hits: Iterator[Hit]) -> list[Hit]:
        return [hit for _, hit in zip(range(3), hits, strict=False)]

    taken = searching.stream_search(sample_archive, archive, "州", first_three, use_cache=False)
    assert len(taken) == 3 < total - 2
    assert len(located) <= 4 and len(fetched) <= 3


def test_a_stream_locates_a_few_hits_first_and_a_bounded_query_all_at_once(
    sample_archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stream's chunks grow from one (its first hit waits for one post), a limit's do not."""
    from newsreader.core.index import search as searching

    monkeypatch.setattr(searching, "_FIRST_CHUNK", 1)
    calls: list[int] = []
    original_locate = textindex.locate_rows

    def locate(conn: sqlite3.Connection, archive: Archive, rows: dict[int, str]) -> object:
        calls.append(len(rows))
        return original_locate(conn, archive, rows)

    monkeypatch.setattr(searching, "locate_rows", locate)
    archive = load_archive(sample_archive)
    everything = searching.stream_search(sample_archive, archive, "州", list, use_cache=False)
    assert len(everything) > 6 and calls[:2] == [1, 4]
    assert sum(calls) == len(everything)
    calls.clear()
    first = searching.stream_search(
        sample_archive, archive, "州", lambda hits: next(hits), use_cache=False
    )
    assert first == everything[0] and calls == [1]
    calls.clear()
    bounded = search(sample_archive, archive, "州", limit=6, use_cache=False)
    assert bounded == everything[:6] and calls == [6]


def test_a_term_with_a_lone_surrogate_is_in_no_text() -> None:
    """A file name's undecodable byte typed into a query matches no stored text (stored as ?)."""
    from newsreader.core.index.place import Placer

    body = ("前" * 60 + "州?州").encode()
    placed = Placer(("州\udcff州",)).place("t", body, None)
    assert placed is not None and placed.snippet == "前" * 40 + "…"

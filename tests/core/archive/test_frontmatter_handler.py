"""The Jekyll front-matter handler: fences, head-only reads, guarded YAML, and
python-frontmatter's handler protocol."""

from __future__ import annotations

import codecs
import io
from pathlib import Path

import frontmatter
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from newsreader.core.archive.frontmatter_handler import (
    CHUNK,
    SAFE_LOADER,
    AliasBombError,
    JekyllYAMLHandler,
)
from newsreader.core.archive.source import read_source

HANDLER = JekyllYAMLHandler()
BOMB = "\n".join(
    ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    + [
        f"{n}: &{n} [" + ",".join([f"*{p}"] * 9) + "]"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    ]
)


@pytest.mark.parametrize(
    ("text", "yaml_text", "body", "yaml_line", "body_line"),
    [
        ("---\ntitle: a\n---\nbody\n", "title: a\n", "body\n", 2, 4),
        ("---\ntitle: a\n...\nbody\n", "title: a\n", "body\n", 2, 4),
        ("---  \ntitle: a\n--- \t\nbody", "title: a\n", "body", 2, 4),
        ("\n \n---\ntitle: a\n---\nbody", "title: a\n", "body", 4, 6),
        ("---\n---\nbody", "", "body", 2, 3),
        ("---\ntitle: a\n---", "title: a\n", "", 2, 3),
        ("---\na: 1\n----\nb: 2\n---\nbody", "a: 1\n----\nb: 2\n", "body", 2, 6),
        ("no front matter\n---\nx", None, "no front matter\n---\nx", 1, 1),
        ("----\na: 1\n----\n", None, "----\na: 1\n----\n", 1, 1),
        ("", None, "", 1, 1),
    ],
)
def test_locate_follows_jekyll_fences(
    text: str, yaml_text: str | None, body: str, yaml_line: int, body_line: int
) -> None:
    found = HANDLER.locate(text)
    assert found.yaml_text == yaml_text
    assert text[found.body_start :] == body
    assert (found.yaml_line, found.body_line) == (yaml_line, body_line)
    assert found.problem is None


@pytest.mark.parametrize(
    ("text", "complete", "reason_part"),
    [
        ("---\ntitle: a\nbody\n", True, "no closing '---' line: read as body"),
        ("---\ntitle: a\nbody\n", False, "no closing '---' line in the part read"),
        ("---\n" + "k: v\n" * 30 + "---\n", True, "over 1 MB: ignored"),
        ("---\nx: " + "y" * 100 + "\n---\n", True, "closing '---' on line 3"),
    ],
)
def test_locate_explains_ignored_front_matter(text: str, complete: bool, reason_part: str) -> None:
    found = JekyllYAMLHandler(max_front_matter=100).locate(text, complete=complete)
    assert found.yaml_text is None
    assert found.problem is not None and reason_part in found.problem
    assert found.problem_line == 1


def test_a_fence_past_the_limit_still_ends_the_front_matter() -> None:
    """As Jekyll's match: the body follows the fence, however long the YAML before it."""
    text = "\n---\n" + "k: v\n" * 30 + "...\n<p>正文</p>\n"
    found = JekyllYAMLHandler(max_front_matter=100).locate(text)
    assert found.yaml_text is None
    assert text[found.body_start :] == "<p>正文</p>\n"
    assert found.body_line == 34
    assert found.problem == (
        "front matter is over 1 MB: ignored, the body read from after its closing '---' on line 33"
    )
    assert found.problem_line == 2


def test_read_head_reads_front_matter_over_the_limit_to_its_fence() -> None:
    """A listing names the case the full read names: over the limit, or no fence at all."""
    handler = JekyllYAMLHandler(max_front_matter=100)
    yaml_text = b"".join(b"k%d: v\n" % i for i in range(3 * CHUNK // 6))
    fenced = b"---\n" + yaml_text + b"---\n"
    assert handler.read_head(CountingReader(fenced + BIG_BODY).read) == (fenced, True)
    unclosed = b"---\n" + yaml_text
    assert handler.read_head(CountingReader(unclosed).read) == (unclosed, True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\na: 1\n---\n", True),
        ("\ufeff---\na: 1\n---\n", True),
        ("\n\n---\na: 1\n---\n", True),
        ("\ufeff\n---\na: 1\n---\n", True),
        ("----\na: 1\n----\n", False),
        ("a: 1\n---\n", False),
        ("", False),
    ],
)
def test_detect_sees_the_opening_fence_past_bom_and_blank_lines(text: str, expected: bool) -> None:
    assert HANDLER.detect(text) is expected


def test_split_raises_value_error_without_front_matter() -> None:
    """python-frontmatter relies on ValueError to keep the whole text as content."""
    with pytest.raises(ValueError, match="no front matter"):
        HANDLER.split("just a body\n")
    with pytest.raises(ValueError, match="no closing"):
        HANDLER.split("---\ntitle: a\n")
    assert HANDLER.split("\ufeff---\na: 1\n...\nbody") == ("a: 1\n", "body")


@pytest.mark.parametrize(
    ("yaml_text", "expected"),
    [
        ("title: a\n", {"title": "a"}),
        ("1: one\n2022-01-01: day\n", {"1": "one", "2022-01-01": "day"}),
        ("base: &b [x, y]\ntags: *b\n", {"base": ["x", "y"], "tags": ["x", "y"]}),
        ("", None),
        ("- a\n", ["a"]),
    ],
)
def test_load_is_safe_yaml_with_string_keys(yaml_text: str, expected: object) -> None:
    assert HANDLER.load(yaml_text) == expected


def test_load_refuses_an_alias_bomb_before_building_it() -> None:
    with pytest.raises(AliasBombError) as caught:
        HANDLER.load(BOMB)
    assert caught.value.limit == HANDLER.max_nodes
    assert isinstance(caught.value, yaml.YAMLError)
    assert len(JekyllYAMLHandler(max_nodes=10**9).load(BOMB)["i"]) == 9


def test_load_refuses_unsafe_tags_and_uses_libyaml() -> None:
    with pytest.raises(yaml.YAMLError):
        HANDLER.load("x: !!python/object/apply:os.system ['true']\n")
    if hasattr(yaml, "CSafeLoader"):
        assert issubclass(SAFE_LOADER, yaml.CSafeLoader)


class CountingReader(io.BytesIO):
    """A file that records how many bytes were asked of it."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.consumed = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.consumed += len(chunk)
        return chunk


BIG_BODY = b"<p>" + "\u957f".encode() * (5 * 1024 * 1024 // 3) + b"</p>\n"


@pytest.mark.parametrize(
    ("data", "head", "complete"),
    [
        (b"---\na: 1\n---\n" + BIG_BODY, b"---\na: 1\n---\n", True),
        (b"---\na: 1\n...\r\n" + BIG_BODY, b"---\na: 1\n...\r\n", True),
        (b"\xef\xbb\xbf\n\n---\na: 1\n---\n" + BIG_BODY, b"\xef\xbb\xbf\n\n---\na: 1\n---\n", True),
        (b"---\r\na: 1\r\n---\r\nbody", b"---\r\na: 1\r\n---\r\n", True),
        (b"---\na: 1\n---", b"---\na: 1\n---", True),
        (b"short, no fence", b"short, no fence", True),
        (b"x" * CHUNK * 3, b"x" * CHUNK, False),
    ],
    ids=["fence", "dots-crlf", "bom-blank-lines", "crlf", "fence-at-eof", "no-fence", "long"],
)
def test_read_head_stops_at_the_closing_fence(data: bytes, head: bytes, complete: bool) -> None:
    stream = CountingReader(data)
    assert HANDLER.read_head(stream.read) == (head, complete)
    assert stream.consumed <= max(CHUNK, len(head) + CHUNK)


def test_read_head_finds_a_fence_split_across_chunks() -> None:
    yaml_text = b"".join(b"k%d: '%s'\n" % (i, b"-" * 60) for i in range(CHUNK // 70))
    # The closing fence's dashes straddle the first chunk boundary.
    padding = b"p: '" + b"x" * (CHUNK - 2 - 4 - len(yaml_text) - 6) + b"'\n"
    data = b"---\n" + yaml_text + padding + b"---\n" + b"body\n" * 50_000
    assert data.index(b"\n---\n", 4) + 1 == CHUNK - 2
    head, complete = HANDLER.read_head(CountingReader(data).read)
    assert complete and head.endswith(b"'\n---\n") and head == data[: len(head)]


def test_read_head_reads_utf16_whole() -> None:
    """Fences are not ASCII bytes in UTF-16, so the whole file is the head."""
    data = "---\ntitle: a\n---\nbody\n".encode("utf-16") + "x".encode("utf-16-le") * CHUNK
    assert data.startswith(codecs.BOM_UTF16_LE)
    assert HANDLER.read_head(CountingReader(data).read) == (data, True)


def _sample_posts() -> list[Path]:
    root = Path(__file__).resolve().parents[3] / "sample_posts" / "_posts"
    return sorted(root.glob("*.md"))


@pytest.mark.parametrize("path", _sample_posts(), ids=lambda path: path.name[:30])
def test_frontmatter_loads_with_the_handler_matches_the_reader(path: Path) -> None:
    post = frontmatter.loads(path.read_text("utf-8"), handler=JekyllYAMLHandler())
    ours = read_source(path, path.name)
    assert post.metadata == ours.front_matter
    assert post.content == ours.body.strip()


@pytest.mark.parametrize(
    "text",
    [
        "\ufeff---\ntitle: 带BOM\n---\n正文\n",
        "\n\n---\ntitle: blank lines\n...\nbody\n",
        "---\r\ntitle: crlf\r\n---\r\nbody\r\n",
        "no front matter at all\n",
    ],
)
def test_frontmatter_loads_agrees_on_odd_posts(tmp_path: Path, text: str) -> None:
    path = tmp_path / "p.md"
    path.write_bytes(text.encode("utf-8"))
    post = frontmatter.loads(text, handler=JekyllYAMLHandler())
    ours = read_source(path, "p.md")
    assert post.metadata == ours.front_matter
    assert post.content == ours.body.strip()


# PyYAML itself folds NEL and the Unicode line separators in scalars it dumped,
# so those are left out: the property is about fences, not YAML's escaping.
CHARS = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"))
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(CHARS, max_size=40)
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(CHARS, max_size=10), inner),
    max_leaves=12,
)


@settings(deadline=None, max_examples=50)
@given(
    st.dictionaries(st.text(CHARS, min_size=1, max_size=20), VALUES, max_size=8),
    st.booleans(),
)
def test_any_safe_dumped_mapping_round_trips(mapping: dict[str, object], unicode: bool) -> None:
    dumped = yaml.safe_dump(mapping, allow_unicode=unicode) if mapping else ""
    text = "---\n" + dumped + "---\nbody\n"
    fm, content = HANDLER.split(text)
    assert HANDLER.load(fm) == (mapping or None)
    assert content == "body\n"
    assert frontmatter.loads(text, handler=HANDLER).metadata == mapping
    head, complete = HANDLER.read_head(io.BytesIO(text.encode("utf-8") + b"x" * CHUNK).read)
    assert complete and head == text[: -len("body\n")].encode("utf-8")


@pytest.mark.parametrize(
    "written",
    ["2022-13-45", "2022-02-30", "2022-01-09 25:61:00", "0000-01-01", "2022-01-12 10:00 +25:00"],
)
def test_a_timestamp_no_datetime_can_hold_stays_its_text(written: str) -> None:
    """Not an error for the whole document: the date check reports the one value."""
    expected = {"date": written, "published": False, "also": [written]}
    text = f"date: {written}\npublished: false\nalso: [{written}]\n"
    assert HANDLER.load(text) == expected
    assert HANDLER.load(f"date: {written}\n") == {"date": written}  # the flat fast path


_DIGITS = st.integers(min_value=0, max_value=99).map("{:02d}".format)
_TIMESTAMPS = st.builds(
    lambda year, month, day, clock, offset: f"{year:04d}-{month}-{day}{clock}{offset}",
    st.integers(min_value=0, max_value=9999),
    _DIGITS,
    _DIGITS,
    st.one_of(st.just(""), st.builds(" {}:{}:{}".format, _DIGITS, _DIGITS, _DIGITS)),
    st.one_of(st.just(""), st.just("Z"), st.builds(" +{}:{}".format, _DIGITS, _DIGITS)),
)


@given(written=_TIMESTAMPS)
@settings(max_examples=300)
def test_any_timestamp_shape_loads_and_keeps_the_rest(written: str) -> None:
    """libyaml calls these timestamps by their shape; none may cost the other keys."""
    loaded = HANDLER.load(f"title: t\ndate: {written}\npublished: false\n")
    assert (loaded["title"], loaded["published"]) == ("t", False)
    value = loaded["date"]
    assert value == written or not isinstance(value, str)

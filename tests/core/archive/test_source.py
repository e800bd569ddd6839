"""Reading one post file: decoding, splitting front matter, bounded YAML."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from newsreader.core.archive import source
from newsreader.core.archive.source import UnusableFile, read_source, split_front_matter
from newsreader.core.model import Problem

SEED_HEAD = "---\ntitle: 常州市科协\ndate: 2022-01-11 09:13:27 +0800\n---\n"


def _write(tmp_path: Path, content: str | bytes, name: str = "2022-01-11-post.md") -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8"))
    else:
        path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("text", "front_matter", "body", "body_line"),
    [
        (SEED_HEAD + "<p>正文</p>\n", {"title": "常州市科协"}, "<p>正文</p>\n", 5),
        ("---\ntitle: a\n...\nbody\n", {"title": "a"}, "body\n", 4),
        ("\n\n---\ntitle: a\n---\nbody", {"title": "a"}, "body", 6),
        ("---   \ntitle: a\n---  \nbody", {"title": "a"}, "body", 4),
        ("---\n---\nbody", {}, "body", 3),
        ("---\n\n---\nbody", {}, "body", 4),
        ("no front matter\n---\nx", {}, "no front matter\n---\nx", 1),
        ("", {}, "", 1),
        ("---\ntitle: a\n---", {"title": "a"}, "", 3),
        ("---\ntitle: a\n----\nstill yaml?\n---\nbody", None, "body", 6),
    ],
)
def test_split_cases(
    tmp_path: Path, text: str, front_matter: dict[str, object] | None, body: str, body_line: int
) -> None:
    result = read_source(_write(tmp_path, text), "p.md")
    if front_matter is not None:
        assert {k: result.front_matter[k] for k in front_matter} == front_matter
    assert result.body == body
    assert result.body_line == body_line


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (b"\xef\xbb\xbf" + SEED_HEAD.encode() + "正文".encode(), "utf-8-sig"),
        (SEED_HEAD.replace("\n", "\r\n").encode() + "正文\r\n".encode(), "utf-8"),
        (SEED_HEAD.encode("utf-16") + "正文".encode("utf-16-le"), "utf-16"),
    ],
)
def test_bom_crlf_and_utf16_read_cleanly(tmp_path: Path, raw: bytes, encoding: str) -> None:
    for with_body in (True, False):
        result = read_source(_write(tmp_path, raw), "p.md", with_body=with_body)
        assert result.front_matter["title"] == "常州市科协"
        assert result.encoding == encoding
        assert "\r" not in result.body
    assert read_source(_write(tmp_path, raw), "p.md").body.startswith("正文")


@pytest.mark.parametrize("codec", ["gbk", "gb18030"])
def test_legacy_chinese_encoding_is_detected_and_reported(tmp_path: Path, codec: str) -> None:
    raw = (SEED_HEAD + "<p>为深入贯彻新时代科技工作精神，特制定本规划。</p>\n").encode(codec)
    for with_body in (True, False):
        result = read_source(_write(tmp_path, raw), "p.md", with_body=with_body)
        assert result.front_matter["title"] == "常州市科协"
        assert result.encoding == "gb18030"
        assert [p.reason for p in result.problems] == ["not UTF-8: read as GB18030"]


@pytest.mark.parametrize(
    ("raw", "reason_part"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"---\ntitle: x\n---\n\x00\x01\x02", "binary"),
    ],
)
def test_binary_files_are_unusable(tmp_path: Path, raw: bytes, reason_part: str) -> None:
    with pytest.raises(UnusableFile) as caught:
        read_source(_write(tmp_path, raw), "p.md")
    assert reason_part in caught.value.reason


def test_missing_file_and_fifo_are_unusable(tmp_path: Path) -> None:
    with pytest.raises(UnusableFile, match="cannot read"):
        read_source(tmp_path / "gone.md", "gone.md")
    fifo = tmp_path / "2022-01-01-pipe.md"
    os.mkfifo(fifo)
    with pytest.raises(UnusableFile, match="not a regular file"):
        read_source(fifo, "pipe.md", with_body=False)


def test_file_over_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "MAX_FILE_BYTES", 1000)
    with pytest.raises(UnusableFile, match="over the 20 MB limit"):
        read_source(_write(tmp_path, SEED_HEAD + "x" * 2000), "p.md")


@pytest.mark.parametrize(
    ("yaml_text", "line", "reason_part"),
    [
        # An unclosed bracket or quote is met where the YAML ends: the line opening it is named.
        ("title: a\ndate: [unclosed\n", 3, "a flow sequence begun on this line is never closed"),
        ("title: a\n  bad: indent\n", 3, "bad YAML in front matter"),
        ("title: 'a\n", 2, "a quoted scalar begun on this line is never closed"),
        (
            'title: a\nsub: "b\nc: 1\nd: 2\n',
            3,
            "a quoted scalar begun on this line is never closed",
        ),
        # Met before the end: placed where met, the construct's first line named.
        (
            "a: {b: 1\nc: 2\n",
            3,
            "did not find expected ',' or '}', in a flow mapping begun on line 2",
        ),
        ("title: [a\ndate: 2022-01-02\n", 3, "',' or ']', in a flow sequence begun on line 2"),
        ("- a\n- b\n", 2, "is a list, not 'key: value' lines"),
        ("just a string\n", 2, "is a string, not 'key: value' lines"),
        # libyaml counts this position in UTF-8 bytes: the Chinese title must not shift the line.
        (
            'title: 标题标题标题标题标题标题\nsub: ok\nthird: "x\x1by"\nfourth: 1\nfifth: 2\n',
            4,
            "character U+001B: control characters are not allowed",
        ),
        ('title: "a\x9b"\n', 2, "character U+009B"),
    ],
)
def test_bad_yaml_is_a_problem_with_a_line(
    tmp_path: Path, yaml_text: str, line: int, reason_part: str
) -> None:
    path = _write(tmp_path, "---\n" + yaml_text + "---\nbody kept\n")
    result = read_source(path, "p.md")
    assert result.front_matter == {}
    assert result.body == "body kept\n"
    [problem] = result.problems
    assert reason_part in problem.reason
    assert problem.line == line
    assert "  " not in problem.reason and "\n" not in problem.reason


def test_unclosed_front_matter_is_read_as_body(tmp_path: Path) -> None:
    result = read_source(_write(tmp_path, "\n---\ntitle: a\nbody\n"), "p.md")
    assert result.front_matter == {}
    assert result.body == "\n---\ntitle: a\nbody\n"
    [problem] = result.problems
    assert "no closing" in problem.reason and problem.line == 2


def test_alias_bomb_is_rejected_before_expansion(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    bomb = "---\n" + "\n".join(lines) + "\ntitle: boom\n---\nbody\n"
    result = read_source(_write(tmp_path, bomb), "p.md", with_body=False)
    assert result.front_matter == {}
    [problem] = result.problems
    assert "aliases expand" in problem.reason


def test_a_few_aliases_are_fine(tmp_path: Path) -> None:
    text = "---\nbase: &b [x, y]\ntags: *b\ncategories: *b\n---\n"
    result = read_source(_write(tmp_path, text), "p.md")
    assert result.front_matter["tags"] == ["x", "y"]
    assert result.problems == ()


@pytest.mark.parametrize("filler_kb", [1, 63, 64, 65, 200, 900])
def test_head_read_matches_full_read(tmp_path: Path, filler_kb: int) -> None:
    """Front matter spanning many chunks is read whole, fences never misread."""
    filler = "".join(f"k{i}: '{'-' * 60}'\n" for i in range(filler_kb * 1024 // 70))
    text = f"---\ntitle: 长\n{filler}---\n" + "正文\n" * 20000
    path = _write(tmp_path, text)
    head = read_source(path, "p.md", with_body=False)
    full = read_source(path, "p.md")
    assert head.front_matter == full.front_matter and head.front_matter["title"] == "长"
    assert head.body_line == full.body_line
    assert head.body == "" and full.body.startswith("正文")


def test_front_matter_over_limit_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(source.FRONT_MATTER, "max_front_matter", 100)
    text = "---\n" + "".join(f"k{i}: v\n" for i in range(100)) + "---\nbody\n"
    for with_body in (True, False):
        result = read_source(_write(tmp_path, text), "p.md", with_body=with_body)
        assert result.front_matter == {}
        assert "over 1 MB" in result.problems[0].reason


@pytest.mark.parametrize("lines", [100, 20_000])  # within the first chunk, and past it
def test_the_body_of_front_matter_over_limit_follows_its_fence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lines: int
) -> None:
    """Not the YAML shown as the article: the export, outline and search read the body."""
    monkeypatch.setattr(source.FRONT_MATTER, "max_front_matter", 100)
    text = "---\n" + "".join(f"k{i}: v\n" for i in range(lines)) + "---\n<p>正文</p>\n"
    path = _write(tmp_path, text)
    reason = "front matter is over 1 MB: ignored, the body read from after its closing"
    reason += f" '---' on line {lines + 2}"
    full, head = read_source(path, "p.md"), read_source(path, "p.md", with_body=False)
    assert full.body == "<p>正文</p>\n" == source.read_body_text(path, "p.md")
    assert full.body_line == head.body_line == lines + 3
    assert full.problems == head.problems == (Problem("p.md", reason, 1),)


def test_unclosed_front_matter_over_limit_is_read_as_body(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not 'over 1 MB or has no closing': the listing and the full read say which."""
    monkeypatch.setattr(source.FRONT_MATTER, "max_front_matter", 100)
    text = "---\n" + "".join(f"k{i}: v\n" for i in range(20_000)) + "<p>正文</p>\n"
    path = _write(tmp_path, text)
    full, head = read_source(path, "p.md"), read_source(path, "p.md", with_body=False)
    assert full.body == text
    reason = "front matter has no closing '---' line: read as body"
    assert full.problems == head.problems == (Problem("p.md", reason, 1),)


def test_split_front_matter_reports_yaml_position() -> None:
    split = split_front_matter("\n---\na: 1\n---\nbody")
    assert split.yaml_text == "a: 1\n"
    assert split.yaml_line == 3
    assert split.body_line == 5


# Bytes as mirrors leave them: UTF-8 but for a byte or a cut last character.
_BODY = (
    "<p>各单位：为贯彻落实有关要求，现将有关事项通知如下。</p>\n<p>第二段正文内容</p>\n".encode()
)
_HEAD = "---\ntitle: 截断的文件\ndate: 2022-09-10\n---\n".encode()
_CUT = _BODY.rindex("容".encode()) + 1  # one byte of the last character left
_GAP = _BODY.index("贯".encode())  # between two characters
_BAD_UTF8 = [
    pytest.param(_HEAD + _BODY[:_CUT], len(_HEAD) + _CUT - 1, 6, id="cut-last-char"),
    pytest.param(
        _HEAD + _BODY[:_GAP] + b"\xc0" + _BODY[_GAP:], len(_HEAD) + _GAP, 5, id="one-bad-byte"
    ),
    pytest.param(_HEAD + _BODY + b"<p>\xff</p>\n", len(_HEAD) + len(_BODY) + 3, 7, id="last-byte"),
]


@pytest.mark.parametrize(("raw", "at", "line"), _BAD_UTF8)
def test_utf8_with_a_few_bad_bytes_keeps_its_body_and_says_where(
    tmp_path: Path, raw: bytes, at: int, line: int
) -> None:
    """Once 'not text' on export (the body lost) and no problem at all in a listing."""
    path = _write(tmp_path, raw)
    full, listed = read_source(path, "p.md"), read_source(path, "p.md", with_body=False)
    assert full.encoding == listed.encoding == "utf-8"
    assert full.front_matter["title"] == listed.front_matter["title"] == "截断的文件"
    assert "贯彻落实有关要求" in full.body and "\ufffd" in full.body
    expected = [(f"not valid UTF-8 at byte {at}: bad bytes replaced", line)]
    for result in (full, listed):
        assert [(p.reason, p.line) for p in result.problems] == expected


def test_several_bad_bytes_are_counted_in_one_problem(tmp_path: Path) -> None:
    raw = _HEAD + _BODY.replace("，".encode(), b"\xff").replace("。".encode(), b"\xff")
    [problem] = read_source(_write(tmp_path, raw), "p.md").problems
    assert problem.reason.endswith("(and 1 more places): bad bytes replaced")


@pytest.mark.parametrize("codec", ["utf-32", "utf-32-be"])
def test_utf32_with_its_mark_is_read_as_utf32(tmp_path: Path, codec: str) -> None:
    """Its little-endian mark starts with UTF-16's: it was read as UTF-16, front matter lost."""
    raw = "---\ntitle: 常州市科协\n---\n正文\n".encode(codec)
    raw = raw if raw.startswith(b"\xff\xfe\x00\x00") else codecs.BOM_UTF32_BE + raw
    for with_body in (True, False):
        result = read_source(_write(tmp_path, raw), "p.md", with_body=with_body)
        assert result.front_matter["title"] == "常州市科协" and result.encoding == "utf-32"


@pytest.mark.parametrize(
    ("text", "codec", "read_as"),
    [
        (
            "---\ntitle: 繁體通知\n---\n<p>為落實交通安全政策，本府訂定相關辦法。</p>\n",
            "big5",
            "big5",
        ),
        (
            "---\ntitle: お知らせ\n---\n<p>今年度の説明会は来月に開催されます。</p>\n",
            "shift_jis",
            "cp932",
        ),
        (
            "---\ntitle: 通知\n---\n<p>为落实交通安全政策，本府制定相关办法。</p>\n",
            "gbk",
            "gb18030",
        ),
    ],
    ids=["big5", "shift-jis", "gbk"],
)
def test_a_cjk_codec_is_read_as_the_one_its_text_reads_best_in(
    tmp_path: Path, text: str, codec: str, read_as: str
) -> None:
    """Once every CJK guess was read as GB18030: 繁體通知 came out as 羉砰硄."""
    path = _write(tmp_path, text.encode(codec))
    for with_body in (True, False):
        result = read_source(path, "p.md", with_body=with_body)
        assert result.encoding == read_as
        assert result.front_matter["title"] == text.split("title: ")[1].split("\n")[0]


@pytest.mark.parametrize(
    ("raw", "title", "encoding"),
    [
        # GBK whose two-character title happens to be valid UTF-8 (U+0368 U+05AA).
        ("---\ntitle: 通知\n---\n<p>关于举办活动的通知。</p>\n".encode("gbk"), "通知", "gb18030"),
        # Latin-1 is read with whichever codec is guessed, but with the same one both ways.
        (
            "---\ntitle: Café résumé\n---\n<p>Ceci est un café naïve.</p>\n".encode("latin-1"),
            None,
            None,
        ),
    ],
)
def test_a_listing_and_a_full_read_decide_the_codec_on_the_same_bytes(
    tmp_path: Path, raw: bytes, title: str | None, encoding: str | None
) -> None:
    path = _write(tmp_path, raw)
    full, listed = read_source(path, "p.md"), read_source(path, "p.md", with_body=False)
    assert full.encoding == listed.encoding and full.problems == listed.problems
    assert full.front_matter == listed.front_matter
    if title is not None:
        assert (listed.front_matter["title"], listed.encoding) == (title, encoding)


def test_a_nul_in_the_body_makes_the_listing_refuse_the_file_too(tmp_path: Path) -> None:
    path = _write(tmp_path, b"---\ntitle: nul\n---\n<p>a\x00b</p>\n")
    for with_body in (True, False):
        with pytest.raises(UnusableFile, match="binary file"):
            read_source(path, "p.md", with_body=with_body)


def test_bad_bytes_past_the_sample_are_found_by_the_full_read(tmp_path: Path) -> None:
    """The listing decides on the first SAMPLE_BYTES; the full read reports the rest too."""
    filler = ("<p>" + "长" * 1000 + "</p>\n").encode()
    body = filler * (source.SAMPLE_BYTES // len(filler) + 2)
    path = _write(tmp_path, _HEAD + body + b"\xe9\x95")
    listed = read_source(path, "p.md", with_body=False)
    full = read_source(path, "p.md")
    assert (listed.encoding, listed.problems) == ("utf-8", ())
    assert full.encoding == "utf-8" and full.body.endswith("</p>\n\ufffd")
    [problem] = full.problems
    assert problem.reason == f"not valid UTF-8 at byte {len(_HEAD) + len(body)}: bad bytes replaced"


_CHINESE = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=9)


@given(text=_CHINESE, cut=st.integers(min_value=1, max_value=2), where=st.floats(0, 1))
@example(text="贯" * 9, cut=1, where=0.0)
def test_chinese_utf8_with_one_bad_byte_or_a_cut_end_reads_as_utf8(
    text: str, cut: int, where: float
) -> None:
    """Anywhere a byte is changed, or the last character cut, the text stays UTF-8."""
    raw = text.encode()
    at = int(where * (len(raw) - 1))
    for damaged in (raw[:-cut], raw[:at] + b"\xff" + raw[at + 1 :], raw[:at] + b"\xc0" + raw[at:]):
        encoding, damage = source.choose_encoding(damaged, final=True)
        assert encoding == "utf-8" and damage is not None
        decoded, _, [problem] = source.decode_bytes(damaged, "p.md")
        assert problem.reason.startswith(f"not valid UTF-8 at byte {damage.first}")
        assert len(decoded) >= len(text) - 2  # at most the damaged character is lost


@pytest.mark.parametrize(
    "sentence",
    [
        "通知",
        "关于举办活动的通知。",
        "为深入贯彻新时代科技工作精神，特制定本规划。",
        "常州市科协事业发展“十四五”规划（纲要）",
        "各单位：为贯彻落实有关要求，现将有关事项通知如下。",
    ],
)
def test_chinese_in_gbk_is_not_taken_for_damaged_utf8(sentence: str) -> None:
    """Read as UTF-8, GBK gives a damaged place every character or two: far from the rule.

    (A short GBK text can be valid UTF-8 throughout, like 通知: that is read as
    UTF-8, as Jekyll reads it; the first case is in a file whose body decides.)
    """
    raw = f"---\ntitle: {sentence}\n---\n<p>{sentence}</p>\n<p>关于举办活动的通知。</p>\n"
    assert source.choose_encoding(raw.encode("gbk"), final=True)[0] == "gb18030"


_PIECES = st.one_of(
    st.text(max_size=40).map(str.encode),
    st.text(max_size=40).map(lambda t: t.encode("gb18030")),
    st.binary(max_size=8),
    st.sampled_from([b"---\n", b"\n", b"title: x\n", "标题：\n".encode(), b"\xef\xbb\xbf"]),
)


@given(pieces=st.lists(_PIECES, max_size=12))
def test_a_listing_and_a_full_read_of_any_file_agree_on_its_codec(
    tmp_path_factory: pytest.TempPathFactory, pieces: list[bytes]
) -> None:
    """One rule on the same bytes: the same codec and problems, or unusable both ways."""
    path = tmp_path_factory.mktemp("any") / "2022-01-01-p.md"
    path.write_bytes(b"".join(pieces))
    answers: list[tuple[str, list[str]]] = []
    for with_body in (True, False):
        try:
            result = read_source(path, "p.md", with_body=with_body)
        except UnusableFile as error:
            answers.append(("unusable", [error.reason]))
        else:
            answers.append((result.encoding, _decoding_problems(result.problems)))
    assert answers[0] == answers[1]


def _decoding_problems(problems: tuple[Problem, ...]) -> list[str]:
    return [str(p) for p in problems if "UTF-8" in p.reason]

"""_config.yml: timezone and front matter defaults, as Jekyll applies them."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from newsreader.core.archive.config import (
    MAX_CONFIG_BYTES,
    ScopeGlob,
    SiteConfig,
    apply_defaults,
    read_config,
)

MakeArchive = Callable[[dict[str, str | bytes]], Path]


def test_missing_config_is_empty(tmp_path: Path) -> None:
    assert read_config(tmp_path) == (SiteConfig(), [])


def test_timezone_is_looked_up(make_archive: MakeArchive) -> None:
    config, problems = read_config(make_archive({"_config.yml": "timezone: Asia/Shanghai\n"}))
    assert config.timezone == ZoneInfo("Asia/Shanghai")
    assert problems == []


@pytest.mark.parametrize(
    ("text", "reason_part", "line"),
    [
        ("timezone: Mars/Olympus\n", "unknown timezone 'Mars/Olympus'", 1),
        ("title: x\n\ntimezone: ../../etc/passwd\n", "unknown timezone", 3),
        ("title: x\ntimezone: [\n", "bad YAML in _config.yml", 3),
        ('title: x\ntimezone: "\n', "a quoted scalar begun on this line is never closed", 2),
        ("- a\n", "_config.yml is a list", 1),
        ("defaults: {a: 1}\n", "'defaults' is not a list", 1),
        ("defaults:\n  - scope: {path: ''}\n", "'defaults' entry 1 needs a 'values'", 2),
        ("future: 'no'\n", "'future' is a string", 1),
        (
            "defaults:\n  - values: {a: 1}\n  - scope:\n      path: [1]\n    values: {a: 2}\n",
            "'defaults' entry 2 has a scope 'path' that is a list, not text: ignored",
            4,
        ),
        (
            "defaults:\n  - scope: {type: {a: 1}}\n    values: {a: 2}\n",
            "'defaults' entry 1 has a scope 'type' that is a mapping, not text: ignored",
            2,
        ),
        (
            "defaults:\n  - scope: posts\n    values: {a: 2}\n",
            "'defaults' entry 1 has a 'scope' that is a string, not a mapping: ignored",
            2,
        ),
        # A key written twice: the value loading kept, the last, is the one named.
        ("timezone: UTC\ntimezone: Nowhere/At_All\n", "unknown timezone 'Nowhere/At_All'", 2),
    ],
)
def test_bad_config_is_a_problem(
    make_archive: MakeArchive, text: str, reason_part: str, line: int | None
) -> None:
    config, problems = read_config(make_archive({"_config.yml": text}))
    assert config.timezone is None
    [problem] = problems
    assert problem.path == "_config.yml"
    assert reason_part in problem.reason
    assert problem.line == line


def test_defaults_are_read_in_order(make_archive: MakeArchive) -> None:
    text = (
        "defaults:\n"
        "  - scope: {path: ''}\n    values: {layout: post}\n"
        "  - scope: {path: 'news/_posts/', type: posts}\n    values: {category: news}\n"
        "  - values: {author: 编辑部}\n"
    )
    config, problems = read_config(make_archive({"_config.yml": text}))
    assert problems == []
    assert [(d.path, d.type) for d in config.defaults] == [
        ("", None),
        ("news/_posts", "posts"),
        ("", None),
    ]


def test_a_bad_scope_leaves_out_its_entry_alone(make_archive: MakeArchive) -> None:
    text = (
        "defaults:\n"
        "  - scope: {path: [news]}\n    values: {published: false}\n"
        "  - scope: {path: 2024}\n    values: {a: 1}\n"
        "  - scope:\n    values: {b: 2}\n"
    )
    config, problems = read_config(make_archive({"_config.yml": text}))
    assert [problem.line for problem in problems] == [2]
    assert [(d.path, d.type) for d in config.defaults] == [("2024", None), ("", None)]
    assert apply_defaults(config, "news/_posts/2024-01-01-a.md", {}) == {"b": 2}


Entry = tuple[str, str | None, dict[str, object]]


def _config(root: Path, *entries: Entry) -> SiteConfig:
    """Write ``entries`` as a real ``defaults:`` list and read it back."""
    defaults = [
        {"scope": {"path": path, **({"type": kind} if kind else {})}, "values": values}
        for path, kind, values in entries
    ]
    (root / "_config.yml").write_text(yaml.safe_dump({"defaults": defaults}), encoding="utf-8")
    config, problems = read_config(root)
    assert problems == []
    return config


POST = "news/local/_posts/2022-01-11-a.md"


@pytest.mark.parametrize(
    ("entries", "front_matter", "expected"),
    [
        # scope path: empty, prefix, non-matching, leading ./ and trailing /
        ([("", None, {"layout": "post"})], {}, {"layout": "post"}),
        ([("news", None, {"x": 1})], {}, {"x": 1}),
        ([("./news/local/", None, {"x": 1})], {}, {"x": 1}),
        ([("sport", None, {"x": 1})], {}, {}),
        ([("news/local/_posts/2022-01-11-a.md", None, {"x": 1})], {}, {"x": 1}),
        # globs: * within a folder, ** across folders
        ([("news/*/_posts", None, {"x": 1})], {}, {"x": 1}),
        ([("*/_posts", None, {"x": 1})], {}, {}),
        ([("**/_posts", None, {"x": 1})], {}, {"x": 1}),
        # scope type: posts (and legacy post) apply, pages do not
        ([("", "posts", {"x": 1})], {}, {"x": 1}),
        ([("", "post", {"x": 1})], {}, {"x": 1}),
        ([("", "pages", {"x": 1})], {}, {}),
        # front matter wins; mappings merge deeply
        ([("", None, {"title": "默认"})], {"title": "自己的"}, {"title": "自己的"}),
        (
            [("", None, {"meta": {"a": 1, "b": 1}})],
            {"meta": {"b": 2}},
            {"meta": {"a": 1, "b": 2}},
        ),
        # precedence: a longer scope path wins whatever the order
        ([("news", None, {"x": "news"}), ("", None, {"x": "all"})], {}, {"x": "news"}),
        ([("", None, {"x": "all"}), ("news", None, {"x": "news"})], {}, {"x": "news"}),
        # same length: the later wins, unless only the earlier names a type
        ([("news", None, {"x": 1}), ("news", None, {"x": 2})], {}, {"x": 2}),
        ([("news", "posts", {"x": 1}), ("news", None, {"x": 2})], {}, {"x": 1}),
        ([("news", None, {"x": 1}), ("news", "posts", {"x": 2})], {}, {"x": 2}),
        # values from every matching entry combine
        ([("", None, {"a": 1}), ("news", None, {"b": 2})], {"c": 3}, {"a": 1, "b": 2, "c": 3}),
    ],
)
def test_apply_defaults(
    tmp_path: Path,
    entries: list[Entry],
    front_matter: dict[str, object],
    expected: dict[str, object],
) -> None:
    assert apply_defaults(_config(tmp_path, *entries), POST, front_matter) == expected


def test_apply_defaults_leaves_front_matter_untouched(tmp_path: Path) -> None:
    front_matter: dict[str, object] = {"meta": {"b": 2}}
    apply_defaults(_config(tmp_path, ("", None, {"meta": {"a": 1}})), POST, front_matter)
    assert front_matter == {"meta": {"b": 2}}


def _reference_regex(pattern: str) -> re.Pattern[str]:
    """The scope glob as the regex it used to be translated to (prefix match).

    Correct but backtracking: exponential on long runs of ``*``, so it serves
    only as the reference for small patterns.
    """
    tokens = {"**/": "(?:[^/]*/)*", "**": ".*", "*": "[^/]*", "?": "[^/]"}
    parts = re.split(r"(\*\*/|\*\*|\*|\?)", pattern)
    return re.compile("".join(tokens.get(part, re.escape(part)) for part in parts))


GLOB_PARTS = st.sampled_from(["a", "b", "/", "*", "?", "**", "**/", "ab", "."])


@settings(max_examples=400)
@given(
    pattern=st.lists(GLOB_PARTS, max_size=7).map("".join),
    path=st.text(alphabet="ab/.", max_size=14),
)
def test_scope_glob_matches_as_the_regex_did(pattern: str, path: str) -> None:
    expected = _reference_regex(pattern).match(path) is not None
    assert ScopeGlob(pattern).matches_prefix(path) == expected


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("news/*/_posts", POST, True),
        ("news/**/_posts", POST, True),
        ("news/**/**/**/_posts", POST, True),
        ("**/**/local", POST, True),
        ("*****/local", POST, True),
        ("news/?????/_posts", POST, True),
        ("news/????/_posts", POST, False),
        ("*" * 40 + "x", POST, False),
        ("*" * 40 + "s", POST, True),
        ("news*", POST, True),
    ],
)
def test_scope_glob_examples(pattern: str, path: str, expected: bool) -> None:
    assert ScopeGlob(pattern).matches_prefix(path) is expected


@pytest.mark.parametrize(
    "pattern",
    ["*" * 40 + "x", "*a" * 40 + "x", "**/" * 40 + "x", "?*" * 40 + "x", "**" * 40 + "x"],
)
def test_scope_glob_work_is_bounded(monkeypatch: pytest.MonkeyPatch, pattern: str) -> None:
    """Each character of the path costs at most one step over at most the pattern.

    Counted rather than timed: a backtracking matcher fails this by the
    number of steps, not by a clock on a busy machine.
    """
    glob = ScopeGlob(pattern)
    steps: list[int] = []
    moves = ScopeGlob._moves

    def counted(self: ScopeGlob, states: frozenset[int], char: str) -> frozenset[int]:
        steps.append(len(states))
        return moves(self, states, char)

    monkeypatch.setattr(ScopeGlob, "_moves", counted)
    path = "/".join(["a" * 200] * 50)
    assert glob.matches_prefix(path) is False
    assert len(steps) <= len(path)
    assert max(steps) <= len(pattern) + 1
    glob.matches_prefix(path)  # a second post: every step is cached
    assert len(steps) <= len(path)


@pytest.mark.parametrize("size", [MAX_CONFIG_BYTES + 1, 35 * 1024 * 1024])
def test_a_config_over_the_limit_is_not_read(tmp_path: Path, size: int) -> None:
    with (tmp_path / "_config.yml").open("wb") as file:
        file.write(b"timezone: Asia/Shanghai\n")
        file.truncate(size)  # sparse: cheap to make, costly to parse
    config, [problem] = read_config(tmp_path)
    assert config == SiteConfig()
    assert problem.path == "_config.yml"
    assert "MB limit for _config.yml: using defaults" in problem.reason


def test_a_config_at_the_limit_is_read(tmp_path: Path) -> None:
    text = "timezone: Asia/Shanghai\n"
    padding = "#" * (MAX_CONFIG_BYTES - len(text) - 1) + "\n"
    (tmp_path / "_config.yml").write_text(text + padding, encoding="utf-8")
    assert read_config(tmp_path) == (SiteConfig(ZoneInfo("Asia/Shanghai")), [])


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_config_that_is_no_regular_file_is_not_read(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "_config.yml"
    os.mkfifo(path) if kind == "fifo" else path.mkdir()
    config, [problem] = read_config(tmp_path)  # a FIFO would block a plain open
    assert config == SiteConfig()
    assert problem.reason == "not a regular file: using defaults"


def test_a_config_linked_outside_the_archive_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "shared.yml").write_text("timezone: Asia/Shanghai\n", encoding="utf-8")
    root = tmp_path / "archive"
    root.mkdir()
    (root / "_config.yml").symlink_to(tmp_path / "shared.yml")
    config, [problem] = read_config(root)
    assert config == SiteConfig()
    assert (problem.path, problem.reason) == (
        "_config.yml",
        "links outside the archive: using defaults",
    )


def test_a_config_linked_inside_the_archive_is_read(make_archive: MakeArchive) -> None:
    root = make_archive({"_data/site.yml": "timezone: Asia/Shanghai\n"})
    (root / "_config.yml").symlink_to(root / "_data" / "site.yml")
    assert read_config(root) == (SiteConfig(ZoneInfo("Asia/Shanghai")), [])

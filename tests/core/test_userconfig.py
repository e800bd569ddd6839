"""The user's config file: every setting read, every mistake one line, never a crash."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsreader.core.userconfig import (
    SETTINGS,
    ConfigProblem,
    UserConfig,
    config_path,
    key_lines,
    parse_user_config,
    read_user_config,
)

SHOWN = "config.toml"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", UserConfig()),
        ('archive = "/srv/mirror"', UserConfig(archive=Path("/srv/mirror"))),
        ('archive = "~/mirror"', UserConfig(archive=Path.home() / "mirror")),
        ('theme = "gruvbox"', UserConfig(theme="gruvbox")),
        ("text_width = 72", UserConfig(text_width=72)),
        ("text_width = 0", UserConfig(text_width=0)),
        ('read_on = "end"', UserConfig(read_on="end")),
        ('read_on = "open"', UserConfig(read_on="open")),
        ('[keys]\nsearch = "ctrl+f"', UserConfig(keys={"search": "ctrl+f"})),
        ('[keys]\nnext-post = "n, ctrl+n"', UserConfig(keys={"next-post": "n,ctrl+n"})),
        ('[keys]\nhelp = "?"', UserConfig(keys={"help": "?"})),
        ('keys = { quit = "ctrl+q" }', UserConfig(keys={"quit": "ctrl+q"})),
    ],
)
def test_good_settings_are_read(text: str, expected: UserConfig) -> None:
    config, problems = parse_user_config(text, SHOWN)
    assert problems == []
    fields = ("archive", "theme", "text_width", "read_on", "keys")
    assert {f: getattr(config, f) for f in fields} == {f: getattr(expected, f) for f in fields}


@pytest.mark.parametrize(
    ("text", "line", "key", "words"),
    [
        ("text_width = 5", 1, "text_width", "from 20 to 1000, got 5"),
        ('text_width = "wide"', 1, "text_width", "got 'wide'"),
        ("text_width = true", 1, "text_width", "got true"),
        ("text_width = 72.5", 1, "text_width", "got 72.5"),
        ('# a comment\nread_on = "scroll"', 2, "read_on", "got 'scroll'"),
        ("theme = 3", 1, "theme", "expected a theme name"),
        ('archive = "mirror"', 1, "archive", "is relative"),
        ("archive = []", 1, "archive", "expected a folder path"),
        ('archive = "~nr-no-such-user/news"', 1, "archive", "no user 'nr-no-such-user' for"),
        ('colour = "red"', 1, "colour", "unknown setting"),
        ('thme = "x"', 1, "thme", "did you mean theme?"),
        ('\n\n[keys]\nsearch = ""', 4, "keys.search", "expected keys"),
        ("[keys]\nsearch = 3", 2, "keys.search", "got 3"),
        ('keys = "ctrl+f"', 1, "keys", "expected a [keys] table"),
        ("[text_width]\nx = 1", 1, "text_width", "got {'x': 1}"),
    ],
)
def test_a_bad_value_names_the_line_and_key(text: str, line: int, key: str, words: str) -> None:
    config, problems = parse_user_config(text, SHOWN)
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.path, problem.line, problem.key) == (SHOWN, line, key)
    assert words in problem.reason
    assert str(problem).startswith(f"{SHOWN}:{line}: {key}: ")


def test_a_bad_value_keeps_its_default_and_the_others_apply() -> None:
    config, problems = parse_user_config('text_width = 3\ntheme = "nord"\nread_on = 1', SHOWN)
    assert (config.text_width, config.theme, config.read_on) == (None, "nord", "open")
    assert [p.key for p in problems] == ["text_width", "read_on"]


@pytest.mark.parametrize(
    ("text", "line"),
    [("theme = ", 1), ('theme = "a"\ntheme = "b"', 2), ("\n\n[keys\n", 3), ("text_width = 0x", 1)],
)
def test_invalid_toml_is_one_problem_with_its_line(text: str, line: int) -> None:
    config, problems = parse_user_config(text, SHOWN)
    assert config == UserConfig()
    assert len(problems) == 1 and problems[0].line == line and problems[0].key == ""
    assert str(problems[0]).startswith(f"{SHOWN}:{line}: not valid TOML (")
    assert "(at line" not in str(problems[0])


@pytest.mark.parametrize(
    "value",
    ["[" * 500 + "]" * 500, "{a=" * 500 + "1" + "}" * 500, "[\n" * 5000 + "]" * 5000],
    ids=["arrays", "tables", "a line each"],
)
def test_nesting_too_deep_is_one_problem_not_a_crash(value: str) -> None:
    """tomllib recurses per level and raises RecursionError, not TOMLDecodeError."""
    config, problems = parse_user_config(f'theme = "nord"\nlayout = {value}\n', SHOWN)
    assert config == UserConfig()
    assert [str(p) for p in problems] == [
        f"{SHOWN}:2: not valid TOML (nested too deeply): defaults used"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('theme = "x"\n[keys]\nsearch = "f"', {"theme": 1, "keys": 2, "keys.search": 3}),
        ('"theme" = "x"', {"theme": 1}),
        ('keys.search = "f"', {"keys.search": 1}),
        ("# theme = 1\n[ keys ] # remaps\nquit = 'q'", {"keys": 2, "keys.quit": 3}),
    ],
)
def test_key_lines(text: str, expected: dict[str, int]) -> None:
    assert key_lines(text) == expected


def test_the_file_is_in_the_user_config_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert config_path() == tmp_path / "newsreader" / "config.toml"


def test_a_missing_file_is_the_defaults(tmp_path: Path) -> None:
    assert read_user_config(tmp_path / "none.toml") == (UserConfig(), [])


def test_an_unreadable_file_is_one_problem(tmp_path: Path) -> None:
    config, problems = read_user_config(tmp_path)  # a folder
    assert config == UserConfig()
    assert problems == [ConfigProblem(str(tmp_path), None, "", problems[0].reason)]
    assert "defaults used" in problems[0].reason


def test_a_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    os.mkfifo(path)
    config, problems = read_user_config(path)
    assert config == UserConfig() and "not a regular file" in problems[0].reason


def test_a_file_that_is_not_utf8_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'theme = "nord"\n# \xff\xfe\n')
    config, problems = read_user_config(path)
    assert config.theme == "nord" and problems == []


def test_a_byte_order_mark_is_not_part_of_the_file(tmp_path: Path) -> None:
    """Windows editors save UTF-8 with a BOM; TOML read it as a stray character on line 1."""
    path = tmp_path / "config.toml"
    path.write_bytes(b'\xef\xbb\xbftheme = "nord"\ntext_width = 3\n')
    config, problems = read_user_config(path)
    assert config.theme == "nord"
    assert [(p.line, p.key) for p in problems] == [(2, "text_width")]


def test_every_setting_has_a_readme_entry() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for name in SETTINGS:
        assert f"`{name}`" in readme


_FRAGMENTS = st.sampled_from(
    [
        "theme", "text_width", "read_on", "archive", "keys", "[keys]", "[[keys]]", "=", '"', "'",
        "\n", " ", "1", "-1", "1e9", "true", "[", "]", "{", "}", ",", ".", "#", "~/x", "ctrl+f",
        '"""', "2022-01-01", "inf", "nan", "\\", "é", "常",
    ]
)  # fmt: skip


@settings(max_examples=300)
@given(st.one_of(st.text(), st.lists(_FRAGMENTS, max_size=30).map("".join)))
def test_any_text_gives_settings_and_problems_never_an_exception(text: str) -> None:
    config, problems = parse_user_config(text, SHOWN)
    assert isinstance(config, UserConfig)
    for problem in problems:
        assert "\n" not in str(problem).strip() or "\n" in problem.reason
        assert problem.line is None or problem.line >= 1

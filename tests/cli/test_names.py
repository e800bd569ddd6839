"""Filters by the names the reader shows, and one clear line for a name that names nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.helpers import run_cli
from tests.conftest import SAMPLE

SEED_NAME = "_posts/2022-01-11-NW202201112242932867.md"
MakeArchive = Callable[[dict[str, str | bytes]], Path]


def _paths(out: str) -> list[str]:
    return [json.loads(line)["path"] for line in out.splitlines()]


@pytest.mark.parametrize(
    ("option", "human", "slug"),
    [
        ("--category", "常州日报新闻", "changzhouribao"),  # the reader's name (a category page)
        ("--category", "文化", "culture"),
        ("--category", "CULTURE", "culture"),  # any case
        ("--tag", "常州日报新闻", "常州日报新闻"),
    ],
)
def test_a_human_name_selects_what_the_slug_does(
    capsys: pytest.CaptureFixture[str], option: str, human: str, slug: str
) -> None:
    base = (str(SAMPLE), "--list", "--json", "--no-cache")
    code, by_name, err = run_cli(capsys, *base, option, human)
    _, by_slug, _ = run_cli(capsys, *base, option, slug)
    assert code == 0 and err == ""
    assert _paths(by_name) and _paths(by_name) == _paths(by_slug)


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (
            ["--category", "cultur"],
            "newsreader: unknown category 'cultur' (nearest: culture)",
        ),
        (["--tag", "常州日报"], "newsreader: unknown tag '常州日报' (nearest: 常州日报新闻)"),
        (
            ["--post", "_posts/2022-01-11-NW20220111224293286.md"],
            "newsreader: unknown post '_posts/2022-01-11-NW20220111224293286.md' "
            f"(nearest: {SEED_NAME})",
        ),
        (
            ["--category", "zzzzzz"],
            "newsreader: unknown category 'zzzzzz' (no category of the archive is close)",
        ),
    ],
)
@pytest.mark.parametrize("mode", ["--list", "--export", "--outline"])
def test_an_unknown_name_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], line: str, mode: str
) -> None:
    code, out, err = run_cli(capsys, str(SAMPLE), mode, *argv, "--no-cache")
    assert (code, out, err) == (2, "", line + "\n")


def test_each_unknown_name_has_its_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, str(SAMPLE), "--list", "--tag", "qq1", "--tag", "qq2")
    assert code == 2
    assert [line.split("'")[1] for line in err.splitlines()] == ["qq1", "qq2"]


@pytest.mark.parametrize(
    "argv",
    [
        ["--category", "culture", "--since", "2030-01-01"],
        ["--post", SEED_NAME, "--tag", "科技"],
        ["--search", "不存在的短语xyz"],
    ],
)
def test_a_filter_that_matches_nothing_is_not_an_error(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code, out, err = run_cli(capsys, str(SAMPLE), "--list", *argv, "--no-cache")
    assert (code, out) == (0, "")
    assert "unknown" not in err


@pytest.mark.parametrize("mode", ["--list", "--export", "--outline"])
@pytest.mark.parametrize("cache", [[], ["--no-cache"]])
def test_a_post_whose_file_the_loader_refused_says_why_not_unknown(
    capsys: pytest.CaptureFixture[str],
    make_archive: MakeArchive,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    mode: str,
    cache: list[str],
) -> None:
    """The file is there: 'unknown post' (nearest: others) would send its reader looking."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    rel = "_posts/2022-09-09-nul.md"
    root = make_archive(
        {rel: b"---\ntitle: nul\n---\n<p>a\x00b</p>\n", "_posts/2022-09-08-a.md": ""}
    )
    code, out, err = run_cli(capsys, str(root), mode, "--post", rel, *cache)
    reason = "binary file (contains NUL bytes), not a text post"
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == f"newsreader: post '{rel}' is not listed: {reason}"

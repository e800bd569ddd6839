"""An archive cannot hang, escape or crash the loader: each attack, its promise, its check.

Every attack is run through the real command line in a child process with a
timeout, so a regression fails the test instead of hanging the suite, and
the check sees what a user would: the listing, the export, the problems.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsreader.core.archive.loader import load_archive

POST = "---\ntitle: {}\n---\n<p>body of {}</p>\n"
OWN = "_posts/2022-01-01-own.md"
TIMEOUT = 120  # generous on a busy machine; the attacks took seconds to forever


@dataclass(frozen=True)
class Run:
    """What one run of the command line gave."""

    code: int
    out: str
    err: str

    @property
    def records(self) -> list[dict[str, object]]:
        return [json.loads(line) for line in self.out.splitlines()]


Cli = Callable[..., Run]


@pytest.fixture
def cli() -> Cli:
    """Run ``python -m newsreader`` on an archive, failing on a hang."""

    def run(*argv: str | Path, tz: str = "UTC") -> Run:
        env = {**os.environ, "TZ": tz}
        done = subprocess.run(
            [sys.executable, "-m", "newsreader", *map(str, argv)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            timeout=TIMEOUT,
        )
        return Run(done.returncode, done.stdout, done.stderr)

    return run


def _archive(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "archive"
    for rel, text in {OWN: POST.format("own", "own"), **files}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def _link(root: Path, rel: str, target: str | Path) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).symlink_to(target, target_is_directory=Path(target).is_dir())


# Each attack builds its archive in tmp_path and checks the promise.


def star_scope(tmp_path: Path, cli: Cli) -> None:
    stars = "*" * 40
    config = (
        "defaults:\n"
        f"  - scope: {{path: '{stars}x'}}\n    values: {{tags: never}}\n"
        f"  - scope: {{path: '{stars}s'}}\n    values: {{tags: always}}\n"
    )
    root = _archive(tmp_path, {"_config.yml": config})
    run = cli("--list", "--json", "--no-cache", root)
    assert run.code == 0
    assert [record["tags"] for record in run.records] == [["always"]]


def huge_config(tmp_path: Path, cli: Cli) -> None:
    root = _archive(tmp_path, {"_config.yml": "timezone: Asia/Shanghai\n"})
    os.truncate(root / "_config.yml", 35 * 1024 * 1024)  # sparse: cheap to make
    run = cli("--list", "--json", "--no-cache", root)
    assert run.code == 0
    assert [record["date"] for record in run.records] == ["2022-01-01T00:00:00+00:00"]
    assert "_config.yml: file is 35.0 MB, over the 1 MB limit" in run.err


def fifo_config(tmp_path: Path, cli: Cli) -> None:
    root = _archive(tmp_path, {})
    os.mkfifo(root / "_config.yml")
    run = cli("--list", "--no-cache", root)
    assert run.code == 0
    assert "_config.yml: not a regular file" in run.err


def post_to_passwd(tmp_path: Path, cli: Cli) -> None:
    root = _archive(tmp_path, {})
    _link(root, "_posts/2022-01-02-passwd.md", "/etc/passwd")
    listing = cli("--list", "--json", "--no-cache", root)
    assert [record["path"] for record in listing.records] == [OWN]
    assert "_posts/2022-01-02-passwd.md: links outside the archive" in listing.err
    export = cli("--export", "--no-cache", root)
    assert "root:" not in export.out
    assert export.err.count("links outside the archive") == 1


def folder_to_root(tmp_path: Path, cli: Cli) -> None:
    root = _archive(tmp_path, {})
    _link(root, "rootlink", "/")
    _link(root, "news/_posts", "/etc")
    run = cli("--list", "--json", "--no-cache", root)
    assert [record["path"] for record in run.records] == [OWN]
    assert "rootlink: links outside the archive" in run.err
    assert "news/_posts: links outside the archive" in run.err


def links_inside(tmp_path: Path, cli: Cli) -> None:
    root = _archive(tmp_path, {"_shared/_posts/2022-01-03-shared.md": POST.format("s", "s")})
    _link(root, "_posts/2022-01-02-alias.md", root / OWN)
    _link(root, "sport", root / "_shared")
    _link(root, "_posts/loop", root)
    run = cli("--list", "--json", "--no-cache", root)
    paths = [str(record["path"]) for record in run.records]
    assert sorted(paths) == [OWN, "_posts/2022-01-02-alias.md", "sport/_posts/2022-01-03-shared.md"]
    assert "links outside" not in run.err


def _leaked_page(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "news.md").write_text(POST.format("Leaked", "x"), encoding="utf-8")
    return outside


def category_page_outside(tmp_path: Path, cli: Cli) -> None:
    outside = _leaked_page(tmp_path)
    root = _archive(tmp_path, {"category/sport.md": POST.format("Sport", "x")})
    _link(root, "category/news.md", outside / "news.md")
    archive = load_archive(root)
    assert archive.category_titles == {"sport": "Sport"}
    assert [(p.path, p.reason) for p in archive.problems] == [
        ("category/news.md", "links outside the archive: skipped")
    ]


def category_folder_outside(tmp_path: Path, cli: Cli) -> None:
    outside = _leaked_page(tmp_path)
    root = _archive(tmp_path, {})
    _link(root, "category", outside)
    archive = load_archive(root)
    assert archive.category_titles == {}
    assert [(p.path, p.reason) for p in archive.problems] == [
        ("category", "links outside the archive: skipped")
    ]


def edge_dates(tmp_path: Path, cli: Cli) -> None:
    names = ["9999-12-31-last", "2022-01-11-middle", "0001-01-01-first"]
    posts = {f"_posts/{name}.md": POST.format(name, name) for name in names}
    root = _archive(tmp_path, {**posts, "_config.yml": "future: true\n"})  # 9999 is to come
    zone = "Pacific/Kiritimati"  # +14:00: the last day's instant is past year 9999 in UTC
    cold = cli("--list", "--json", root, tz=zone)  # fills the index
    warm = cli("--list", "--json", root, tz=zone)  # reads it back
    assert cold.code == warm.code == 0, cold.err
    assert cold.out == warm.out
    newest_first = [f"_posts/{name}.md" for name in names]
    assert [record["path"] for record in cold.records] == [*newest_first[:2], OWN, newest_first[2]]
    assert [str(record["date"])[:10] for record in cold.records][::3] == [
        "9999-12-31",
        "0001-01-01",
    ]
    assert cli("--list", root, tz=zone).code == 0
    first = cli("--list", "--json", "--until", "0001-01-01", root, tz=zone)
    assert [record["path"] for record in first.records] == newest_first[2:]
    last = cli("--list", "--json", "--since", "9999-12-31", root, tz=zone)
    assert [record["path"] for record in last.records] == newest_first[:1]
    export = cli("--export", "--no-cache", root, tz=zone)
    assert export.code == 0
    assert "Date: 0001-01-01 00:00:00" in export.out


def huge_front_matter(tmp_path: Path, cli: Cli) -> None:
    """2 MB of YAML with its closing fence: once shown as the body, outline and snippets."""
    yaml_lines = "".join(f"k{i}: '{'-' * 50}'\n" for i in range(36_000))
    rel = "_posts/2022-01-23-hugefm.md"
    root = _archive(tmp_path, {rel: f"---\n{yaml_lines}---\n<h2>一、总体要求</h2><p>正文</p>\n"})
    fence = 36_000 + 2
    said = f"{rel}:1: front matter is over 1 MB: ignored, the body read from after its"
    said += f" closing '---' on line {fence}"
    for cached in ([], ["--no-cache"]):
        listed = cli("--list", "--json", *cached, root)
        assert said in listed.err.splitlines()
        assert "Hugefm" in [record["title"] for record in listed.records]
        export = cli("--export", "--post", rel, *cached, root)
        assert export.out.endswith("一、总体要求\n\n正文\n") and "k1:" not in export.out
    outline = cli("--outline", "--json", "--post", rel, root)
    assert "k1:" not in outline.out
    found = cli("--search", "k1", "--list", root)
    assert found.out == ""


ATTACKS = [
    pytest.param(huge_front_matter, id="2 MB front matter, then its fence: the body follows it"),
    pytest.param(star_scope, id="scope glob of 40 * then x: matched in linear time"),
    pytest.param(huge_config, id="35 MB _config.yml: not read, reported, defaults used"),
    pytest.param(fifo_config, id="FIFO _config.yml: never blocks the load"),
    pytest.param(post_to_passwd, id="post linked to /etc/passwd: never listed nor exported"),
    pytest.param(folder_to_root, id="folder linked to /: never walked, reported once"),
    pytest.param(links_inside, id="links inside the archive, loops too: still followed"),
    pytest.param(category_page_outside, id="category page linked outside: not read, reported"),
    pytest.param(category_folder_outside, id="category folder linked outside: not read, reported"),
    pytest.param(edge_dates, id="posts dated 0001-01-01 and 9999-12-31: listed like any other"),
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_attack(attack: Callable[[Path, Cli], None], tmp_path: Path, cli: Cli) -> None:
    attack(tmp_path, cli)

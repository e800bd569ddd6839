"""The command line as scripts meet it: modes, filters, errors, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from newsreader.cli import main
from tests.conftest import SAMPLE

SEED_NAME = "_posts/2022-01-11-NW202201112242932867.md"


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_json_sample_has_seed(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, str(SAMPLE), "--list", "--json", "--no-cache")
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    seed = next(r for r in records if r["path"] == SEED_NAME)
    assert seed == {
        "path": SEED_NAME,
        "title": "常州市科协事业发展“十四五”规划（纲要）",
        "date": "2022-01-11T09:13:27+08:00",
        "categories": ["changzhouribao"],
        "tags": ["常州日报新闻"],
        "slug": "NW202201112242932867",
        "published": True,
        "source": "http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202201112242932867",
    }
    assert all(r["published"] for r in records)
    assert len(records) >= 16
    assert len({r["path"] for r in records}) == len(records)


def test_list_is_newest_first(capsys: pytest.CaptureFixture[str]) -> None:
    from datetime import datetime

    _, out, _ = run_cli(capsys, str(SAMPLE), "--list", "--json", "--no-cache")
    stamps = [datetime.fromisoformat(json.loads(line)["date"]) for line in out.splitlines()]
    assert stamps == sorted(stamps, reverse=True)


def test_unpublished_flag_shows_drafts(capsys: pytest.CaptureFixture[str]) -> None:
    _, shown, _ = run_cli(capsys, str(SAMPLE), "--list", "--json", "--no-cache")
    _, everything, _ = run_cli(
        capsys, str(SAMPLE), "--list", "--json", "--unpublished", "--no-cache"
    )
    drafts = [json.loads(x) for x in everything.splitlines() if '"published": false' in x]
    assert drafts and len(everything.splitlines()) == len(shown.splitlines()) + len(drafts)


def test_category_filter(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_cli(
        capsys, str(SAMPLE), "--list", "--json", "--category", "changzhouribao", "--no-cache"
    )
    records = [json.loads(line) for line in out.splitlines()]
    assert records and all("changzhouribao" in r["categories"] for r in records)


def test_since_until_filter(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_cli(
        capsys,
        str(SAMPLE),
        "--list",
        "--json",
        "--since",
        "2022-01-11",
        "--until",
        "2022-01-11",
        "--no-cache",
    )
    records = [json.loads(line) for line in out.splitlines()]
    assert SEED_NAME in {r["path"] for r in records}
    assert all(r["date"].startswith("2022-01-11") for r in records)


def test_text_list_line(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_cli(capsys, str(SAMPLE), "--list", "--post", SEED_NAME, "--no-cache")
    assert out == "2022-01-11 09:13 +0800  changzhouribao  常州市科协事业发展“十四五”规划（纲要）\n"


def test_text_list_line_has_a_four_digit_year(
    capsys: pytest.CaptureFixture[str], make_archive: Callable[[dict[str, str | bytes]], Path]
) -> None:
    root = make_archive({"_posts/0001-01-01-first.md": "---\ntitle: first\n---\nx\n"})
    for cache in ([], [], ["--no-cache"]):
        _, out, _ = run_cli(capsys, str(root), "--list", *cache)
        assert out == "0001-01-01 00:00 +0000  -  first\n"


@pytest.mark.parametrize(
    "argv, message",
    [
        (["/no/such/archive", "--list"], "no such archive: /no/such/archive"),
        ([str(SAMPLE), "--list", "--since", "2022-13-45"], "2022-13-45"),
        ([str(SAMPLE), "--json"], "--json goes with --list or --outline"),
        ([str(SAMPLE), "--list", "--export"], "not allowed with argument"),
        ([str(SAMPLE), "--bogus"], "unrecognized arguments: --bogus"),
        ([str(SAMPLE), "--export", "--width", "x"], "not a number"),
        ([str(SAMPLE), "--list", "--search", "!!!"], "query '!!!' has no searchable term"),
        ([str(SAMPLE), "--search", ""], "query '' has no searchable term"),
        # Options that say nothing or contradict each other were taken in silence.
        ([str(SAMPLE), "--export", "-o", ""], "-o/--output: an empty folder name"),
        ([str(SAMPLE), "--list", "--post", ""], "--post needs a path within the archive"),
        (
            [str(SAMPLE), "--list", "--since", "2022-03-01", "--until", "2022-01-01"],
            "--since 2022-03-01 is after --until 2022-01-01: no post can match",
        ),
        ([str(SAMPLE), "--export", "--no-wrap", "--width", "40"], "--width and --no-wrap"),
        # A path's control characters are written visibly, not sent to the terminal.
        (["/no/such\x1b[31m\u202e", "--list"], "no such archive: /no/such\\x1b[31m\\u202e"),
        # The reader's filter fields, typed as search words, matched nothing in silence.
        ([str(SAMPLE), "--list", "--search", "tag:科普"], "is a filter: use --tag '科普'"),
        ([str(SAMPLE), "--list", "--search", "科 CAT:x"], "'CAT:x' is a filter: use --category x"),
        ([str(SAMPLE), "--list", "--search", 'since:"7d"'], "is a filter: use --since 7d"),
        ([str(SAMPLE), "--list", "--search", "is:unread"], "read state is the reader's"),
        ([str(SAMPLE), "--search", "tag:"], "'tag:' is a filter: use --tag VALUE"),
    ],
)
def test_usage_errors_are_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    try:
        code = main(argv)
    except SystemExit as exit_:  # argparse's own errors exit through SystemExit
        code = int(exit_.code or 0)
    _, err = capsys.readouterr()
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


@pytest.mark.parametrize("query", ["tag", '"tag:科普"', "http://example.com 科", "GPS:12"])
def test_words_that_look_like_fields_are_still_searched(
    capsys: pytest.CaptureFixture[str], query: str
) -> None:
    assert main([str(SAMPLE), "--list", "--search", query]) == 0
    assert "is a filter" not in capsys.readouterr().err


@pytest.mark.parametrize("mode", [["--list"], ["--export"], []])
def test_a_fifo_or_device_as_the_archive_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, mode: list[str]
) -> None:
    """Walked as a folder it failed as '.: cannot read folder' with exit 0."""
    fifo = tmp_path / "2022-01-13-fifo.md"
    os.mkfifo(fifo)
    for path, kind in ((fifo, "a FIFO"), (Path("/dev/null"), "a character device")):
        code = main([str(path), *mode])
        _, err = capsys.readouterr()
        assert code == 2
        assert err == f"newsreader: {path}: not a folder or a post file ({kind})\n"


def test_strict_exit_code(
    capsys: pytest.CaptureFixture[str], make_archive: Callable[[dict[str, str | bytes]], Path]
) -> None:
    root = make_archive(
        {
            "_posts/2022-01-01-good.md": "---\ntitle: Good\n---\nbody\n",
            "_posts/2022-01-02-bad.md": "---\ntitle: [unclosed\n---\nbody\n",
        }
    )
    code, out, err = run_cli(capsys, str(root), "--list", "--no-cache")
    assert code == 0 and "Good" in out
    assert "_posts/2022-01-02-bad.md" in err and "1 problem(s)" in err
    code, _, _ = run_cli(capsys, str(root), "--list", "--strict", "--no-cache")
    assert code == 1


def test_no_control_characters_reach_stdout(
    capsys: pytest.CaptureFixture[str], make_archive: Callable[[dict[str, str | bytes]], Path]
) -> None:
    root = make_archive(
        {
            "_posts/2022-01-01-evil.md": (
                '---\ntitle: "[bold red]x[/] \\e[31mred\\e]0;pwned\\a \\x9b2J"\n'
                'tags: "\\e[5m"\n---\n'
                "<p>body \x1b[2J text \x07</p>\n"
            ),
        }
    )
    for mode in (["--list"], ["--list", "--json"], ["--export"], ["--outline"]):
        _, out, err = run_cli(capsys, str(root), *mode, "--no-cache")
        assert not any(ord(c) < 32 and c not in "\n\f\t" or 0x7F <= ord(c) <= 0x9F for c in out)
        assert "[bold red]x[/]" in out or mode[0] == "--outline"


def test_export_one_file_archive(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, str(SAMPLE / SEED_NAME), "--export", "--no-cache")
    assert code == 0
    assert "常州市科协事业发展“十四五”规划（纲要）" in out
    assert "一、发展目标" in out


def test_export_to_dir_refuses_overwrite(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out_dir = tmp_path / "out"
    args = [str(SAMPLE), "--export", "-o", str(out_dir), "--no-cache"]
    code, _, _ = run_cli(capsys, *args)
    written = sorted(out_dir.rglob("*.txt"))
    assert code == 0 and written
    code, _, err = run_cli(capsys, *args)
    assert code == 2 and "--force" in err
    code, _, _ = run_cli(capsys, *args, "--force")
    assert code == 0


def test_export_refuses_to_write_into_archive(
    capsys: pytest.CaptureFixture[str], make_archive: Callable[[dict[str, str | bytes]], Path]
) -> None:
    root = make_archive({"_posts/2022-01-01-a.md": "---\ntitle: A\n---\nbody\n"})
    code, _, err = run_cli(capsys, str(root), "--export", "-o", str(root / "out"), "--no-cache")
    assert code == 2 and "inside the archive" in err
    assert not (root / "out").exists()


def _run_module(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsreader", *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


def test_batch_modes_never_import_textual(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "sys.argv = ['newsreader', sys.argv[1], '--export', '--no-cache']\n"
        "from newsreader.cli import main\n"
        "import newsreader.core\n"
        "main(sys.argv[1:])\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
        "print('CLEAN', file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(SAMPLE)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert "CLEAN" in done.stderr, done.stderr[-2000:]


def test_python_m_newsreader_help() -> None:
    done = _run_module("--help")
    assert done.returncode == 0
    for word in ("--list", "--export", "--outline", "--json", "--search", "--category"):
        assert word in done.stdout


def test_unexpected_error_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import newsreader.cli.modes as modes

    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(modes, "run_batch", boom)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    code, _, err = run_cli(capsys, str(SAMPLE), "--list")
    assert code == 1
    assert err.count("\n") == 1 and "disk on fire" in err and "logged" in err


_WARM_IMPORTS = (
    "import sys\n"
    "from newsreader.cli import main\n"
    "main([sys.argv[1], '--list', '--json'])\n"
    "heavy = {'yaml', 'charset_normalizer', 'platformdirs'} & set(sys.modules)\n"
    "print('HEAVY', sorted(heavy), file=sys.stderr)\n"
)


def test_warm_list_needs_no_yaml(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("timezone: Asia/Shanghai\n", encoding="utf-8")
    text = "---\ntitle: 甲\ndate: 2022-01-01 10:00:00 +0800\n---\nbody\n"
    (root / "_posts/2022-01-01-a.md").write_text(text, encoding="utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    runs = [
        subprocess.run(
            [sys.executable, "-c", _WARM_IMPORTS, str(root)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            timeout=120,
        )
        for _cold_then_warm in range(2)
    ]
    assert runs[0].stdout == runs[1].stdout and '"title": "甲"' in runs[1].stdout
    assert "HEAVY ['yaml']" in runs[0].stderr  # the cold run parsed the post
    assert "HEAVY []" in runs[1].stderr, runs[1].stderr[-2000:]


def test_list_json_is_the_same_cold_warm_and_without_cache(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    outputs = [
        run_cli(capsys, str(SAMPLE), "--list", "--json", "--unpublished", *extra)[1]
        for extra in ([], [], ["--no-cache"])
    ]
    assert outputs[0] == outputs[1] == outputs[2] and outputs[0].count("\n") >= 16


def test_search_filters_list_in_rank_order(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, str(SAMPLE), "--search", "科普驿站", "--list", "--no-cache")
    assert code == 0
    assert out.splitlines() == [
        "2022-01-11 09:13 +0800  changzhouribao  常州市科协事业发展“十四五”规划（纲要）"
    ]


def test_search_json_carries_snippet_and_section(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_cli(
        capsys, str(SAMPLE), "--search", "科普驿站", "--list", "--json", "--no-cache"
    )
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert record["path"] == SEED_NAME
    assert "科普驿站" in record["snippet"]
    assert record["section"][:2] == ["二、重点任务", "(三)实施科学素质提升工程，夯实创新发展基础"]


@pytest.mark.parametrize("mode", [["--export"], ["--outline"], ["--list"]])
def test_search_filters_every_mode(capsys: pytest.CaptureFixture[str], mode: list[str]) -> None:
    _, out, _ = run_cli(capsys, str(SAMPLE), "--search", "先锋行动", *mode, "--no-cache")
    assert "常州市科协事业发展" in out
    assert "量子保密通信" not in out
    _, none, _ = run_cli(capsys, str(SAMPLE), "--search", "不存在的短语xyz", *mode, "--no-cache")
    assert none.strip() == ""


def test_outline_text_leaves_out_posts_without_headings(
    capsys: pytest.CaptureFixture[str], make_archive: Callable[[dict[str, str | bytes]], Path]
) -> None:
    """A morning of flash posts printed a title and two blank lines each around three outlines."""
    flash = "---\ntitle: 快讯{n}\ndate: 2021-05-01 0{n}:00:00 +08:00\n---\n某某指数收涨。\n"
    plan = "---\ntitle: 方案\ndate: 2021-05-01 09:30:00 +08:00\n---\n一、总体要求\n\n正文。\n"
    files: dict[str, str | bytes] = {
        f"_posts/2031-05-01-f{n}.md": flash.format(n=n) for n in (1, 2, 3)
    }
    root = make_archive({**files, "_posts/2031-05-01-plan.md": plan})
    code, out, err = run_cli(capsys, str(root), "--outline", "--no-cache")
    assert (code, err) == (0, "")
    assert out == "# 方案  (_posts/2031-05-01-plan.md)\n一、 总体要求\n\n"
    code, out, err = run_cli(capsys, str(root), "--outline", "--json", "--no-cache")
    assert len(out.splitlines()) == 4
    code, out, err = run_cli(capsys, str(root), "--outline", "--since", "2021-05-02", "--no-cache")
    assert (code, out, err) == (0, "", "")  # nothing selected: nothing to say
    code, out, err = run_cli(capsys, str(root), "--outline", "--post", "_posts/2031-05-01-f1.md")
    assert (code, out, err) == (0, "", "newsreader: no headings in the 1 post(s) selected\n")


@pytest.mark.parametrize("mode", [["--export"], ["--outline"], ["--export", "-o", "OUT"]])
def test_each_problem_is_printed_once(
    capsys: pytest.CaptureFixture[str],
    make_archive: Callable[[dict[str, str | bytes]], Path],
    tmp_path: Path,
    mode: list[str],
) -> None:
    """A problem found loading the archive and again opening the post shows once."""
    root = make_archive(
        {
            "_posts/2022-01-02-bad.md": "---\ntitle: [unclosed\n---\nbody\n",
            "_posts/2022-01-03-legacy.md": "---\ntitle: 旧\n---\n正文\n".encode("gb18030"),
        }
    )
    argv = [str(tmp_path / "out") if arg == "OUT" else arg for arg in mode]
    code, _, err = run_cli(capsys, str(root), *argv, "--no-cache")
    lines = [line for line in err.splitlines() if line.startswith("_posts/")]
    assert code == 0 and len(lines) == 2 and len(set(lines)) == 2
    assert "2 problem(s)" in err


def test_json_lines_keep_invisible_characters_as_escapes(
    capsys: pytest.CaptureFixture[str], make_archive: Callable[[dict[str, str | bytes]], Path]
) -> None:
    """A right-to-left override in a file name reaches a script as data, never raw."""
    name = "_posts/2022-01-08-\u202egnp.exe.md"
    root = make_archive({name: '---\ntitle: "x \\u202egnp.exe"\n---\n<h2>一、\u200b标题</h2>\n'})
    for mode in (["--list", "--json"], ["--outline", "--json"], ["--list"], ["--export"]):
        _, out, _ = run_cli(capsys, str(root), *mode, "--no-cache")
        assert "\u202e" not in out and "\u200b" not in out
    _, out, _ = run_cli(capsys, str(root), "--list", "--json", "--no-cache")
    record = json.loads(out)
    assert record["path"] == name and "\\u202e" in out
    assert record["title"] == "x gnp.exe"


def test_export_names_carry_no_invisible_characters(
    capsys: pytest.CaptureFixture[str],
    make_archive: Callable[[dict[str, str | bytes]], Path],
    tmp_path: Path,
) -> None:
    root = make_archive({"_posts/2022-01-08-\u202egnp.exe.md": "---\ntitle: x\n---\nbody\n"})
    code, _, _ = run_cli(capsys, str(root), "--export", "-o", str(tmp_path / "out"), "--no-cache")
    [written] = (tmp_path / "out").rglob("*.txt")
    assert code == 0 and written.name == "2022-01-08-gnp.exe.txt"


_LISTINGS = [
    ["--list"],
    ["--list", "--json"],
    ["--list", "--json", "--unpublished"],
    ["--list", "--category", "changzhouribao", "--category", "culture"],
    ["--list", "--json", "--tag", "常州日报新闻"],
    ["--list", "--since", "2022-01-05", "--until", "2022-01-11"],
    ["--list", "--json", "--post", SEED_NAME],
    ["--list", "--strict"],
    ["--search", "州", "--list"],
    ["--search", "科普 驿站", "--list", "--category", "changzhouribao", "--since", "2022-01-01"],
    ["--search", "州", "--list", "--json"],
    ["--search", "科普 驿站", "--list", "--json", "--since", "2022-01-01"],
    ["--search", "发展", "--list", "--json", "--unpublished", "--category", "changzhouribao"],
]


def _tied_archive(make_archive: Callable[[dict[str, str | bytes]], Path]) -> Path:
    """Posts whose order needs the path tie-break, a draft, a bad post and one in a folder."""
    post = "---\ntitle: {title}\ndate: 2022-01-0{day} 10:00:00 +0800\n{extra}---\n<p>x 常州</p>\n"
    return make_archive(
        {
            "_config.yml": "timezone: Asia/Shanghai\n",
            "_posts/2022-01-02-b.md": post.format(
                title="乙", day=2, extra="tags: [常州日报新闻]\n"
            ),
            "_posts/2022-01-02-a.md": post.format(
                title="甲", day=2, extra="categories: wujinribao\n"
            ),
            "x/_posts/2022-01-03-d.md": post.format(title="丁", day=3, extra="published: false\n"),
            "_posts/2022-01-04-e.md": "---\ntitle: [unclosed\n---\nbody\n",
        }
    )


@pytest.mark.parametrize("argv", _LISTINGS, ids=" ".join)
def test_a_warm_listing_streamed_from_the_index_is_the_full_load(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    make_archive: Callable[[dict[str, str | bytes]], Path],
    argv: list[str],
) -> None:
    """Cold (rows updated, then streamed), warm (streamed) and --no-cache print the same.

    Only --no-cache loads the archive. A listing that names categories, tags or
    a post loads even when warm: names are resolved (and unknown ones refused)
    against the loaded archive.
    """
    import newsreader.core.index.metadata as metadata

    loads: list[Path] = []
    real_load = metadata.load_indexed

    def counted(root: Path, **options: object) -> metadata.Loaded:
        loads.append(root)
        return real_load(root, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(metadata, "load_indexed", counted)
    for root in (SAMPLE, _tied_archive(make_archive)):
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache" / root.name))
        runs = [run_cli(capsys, str(root), *argv, *extra) for extra in ([], [], ["--no-cache"])]
        assert runs[0] == runs[1] == runs[2]
        assert runs[0][1] or root != SAMPLE, argv  # each listing shows something
    named = {"--category", "--tag", "--post"} & set(argv)
    assert len(loads) == 2 * (3 if named else 1)  # --no-cache loads; cold and warm stream


def test_a_changed_file_is_listed_afresh_and_then_streamed(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    make_archive: Callable[[dict[str, str | bytes]], Path],
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = _tied_archive(make_archive)
    run_cli(capsys, str(root), "--list")
    changed = root / "_posts/2022-01-02-a.md"
    changed.write_text("---\ntitle: 新\ndate: 2022-01-09 10:00:00 +0800\n---\nx\n", "utf-8")
    (root / "_posts/2022-01-02-b.md").unlink()
    after = [run_cli(capsys, str(root), "--list", *extra) for extra in ([], [], ["--no-cache"])]
    assert after[0] == after[1] == after[2]
    assert after[0][1].splitlines()[0].endswith("新") and "乙" not in after[0][1]


def test_a_grown_archive_is_walked_once_then_streamed(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    make_archive: Callable[[dict[str, str | bytes]], Path],
) -> None:
    # The freshness check's walk finds the new post; the update starts from it.
    import newsreader.core.archive.discovery as discovery

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = _tied_archive(make_archive)
    run_cli(capsys, str(root), "--list", "--json")
    (root / "_posts/2022-01-05-new.md").write_text("---\ntitle: 新来的\n---\nx\n", "utf-8")
    walks: list[Path] = []
    real_walk = discovery.discover_keys

    def counted(walked: Path) -> discovery.Walked:
        walks.append(walked)
        return real_walk(walked)

    for module in ("newsreader.core.index.listing", "newsreader.core.index.rows"):
        monkeypatch.setattr(f"{module}.discover_keys", counted)
    grown = run_cli(capsys, str(root), "--list", "--json")
    assert walks == [root]
    assert grown == run_cli(capsys, str(root), "--list", "--json", "--no-cache")
    assert "新来的" in grown[1]


def _loads_counted(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The roots every full load reads from now on (a streamed answer loads none)."""
    import newsreader.core.index.metadata as metadata

    loads: list[Path] = []
    real_load = metadata.load_indexed

    def counted(root: Path, **options: object) -> metadata.Loaded:
        loads.append(root)
        return real_load(root, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(metadata, "load_indexed", counted)
    return loads


@pytest.mark.parametrize("query", ["州", "科协 发展", "innovation"])
def test_search_json_streamed_locates_what_no_search_showed_yet(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    query: str,
) -> None:
    """A text search fills the index but locates nothing: the JSON stream locates, unloaded."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    expected = run_cli(capsys, str(SAMPLE), "--search", query, "--list", "--json", "--no-cache")
    run_cli(capsys, str(SAMPLE), "--search", query, "--list")  # a full load fills the text
    loads = _loads_counted(monkeypatch)
    runs = [run_cli(capsys, str(SAMPLE), "--search", query, "--list", "--json") for _ in "12"]
    assert runs[0] == runs[1] == expected
    assert loads == [] and (expected[1] or query == "innovation")


def test_search_json_after_a_file_changed_is_the_changed_file(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    make_archive: Callable[[dict[str, str | bytes]], Path],
) -> None:
    """A change on disk is found (the rows and texts updated), and every search streams it."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = _tied_archive(make_archive)
    argv = [str(root), "--search", "常州", "--list", "--json"]
    run_cli(capsys, *argv)
    run_cli(capsys, *argv)
    changed = root / "_posts/2022-01-02-a.md"
    changed.write_text(
        "---\ntitle: 新\ndate: 2022-01-09 10:00:00 +0800\n---\n<p>一、总则</p><p>常州 新</p>\n",
        "utf-8",
    )
    loads = _loads_counted(monkeypatch)
    after = [run_cli(capsys, *argv, *extra) for extra in ([], [], ["--no-cache"])]
    assert after[0] == after[1] == after[2]
    assert len(loads) == 1  # only --no-cache loads: the change is read into the index
    records = [json.loads(line) for line in after[0][1].splitlines()]
    record = next(record for record in records if record["path"] == "_posts/2022-01-02-a.md")
    assert record["title"] == "新" and record["snippet"] == "常州 新"
    assert record["section"] == ["一、总则"]


def test_search_json_stream_failing_midway_writes_each_hit_once(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """A row found damaged after some lines were written: the rest come from a full load."""
    import sqlite3

    import newsreader.core.index.search as search
    from newsreader.core.index.fill import StoredText

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    argv = [str(SAMPLE), "--search", "州", "--list", "--json"]
    expected = run_cli(capsys, *argv, "--no-cache")[1]
    run_cli(capsys, *argv)
    monkeypatch.setattr(search, "_FETCH", 1)  # one text read at a time
    real_texts, reads = search._texts, []

    def failing(conn: sqlite3.Connection, row_ids: list[int]) -> dict[int, StoredText]:
        reads.append(row_ids)
        if len(reads) == 3:
            raise TypeError("a stored search text is not text")
        return real_texts(conn, row_ids)

    monkeypatch.setattr(search, "_texts", failing)
    code, out, err = run_cli(capsys, *argv)
    assert code == 0 and out == expected and expected.count("\n") > 3
    assert "unreadable data" in err


@pytest.mark.parametrize("query", ["州", "innovation data", "的", "一、"])
def test_search_json_on_a_generated_archive_is_the_search_whatever_the_path(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    query: str,
) -> None:
    """Streamed (twice: locating, then located), loaded and in memory: one answer, the search's."""
    from newsreader.bench.generate import generate
    from newsreader.core.archive.loader import load_archive
    from newsreader.core.index.records import post_record
    from newsreader.core.index.search import search

    root = generate(tmp_path / "generated", 40)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    argv = [str(root), "--search", query, "--list", "--json"]
    run_cli(capsys, str(root), "--search", query, "--list")  # fills the text, locates nothing
    loads = _loads_counted(monkeypatch)
    runs = [run_cli(capsys, *argv, *extra) for extra in ([], [], ["--no-cache"])]
    assert runs[0] == runs[1] == runs[2] and len(loads) == 1  # only --no-cache loads
    archive = load_archive(root)
    posts = {post.path: post for post in archive.posts if post.published}
    hits = search(root, archive, query, use_cache=False)
    expected = [
        {**post_record(posts[hit.path]), "snippet": hit.snippet, "section": list(hit.section)}
        for hit in hits
        if hit.path in posts
    ]
    assert [json.loads(line) for line in runs[0][1].splitlines()] == expected
    assert any(record["section"] for record in expected)  # the block maps were used


def _cold_list(tmp_path: Path, stderr: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "COLUMNS": "100"}
    argv = [sys.executable, "-m", "newsreader", str(SAMPLE), "--list", "--json"]
    return subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=stderr, env=env)


def _drawn_on_a_terminal(argv: list[str], cache: Path) -> bytes:
    """What a run writes to stderr when stderr is a terminal and stdout goes elsewhere."""
    import pty

    master, slave = pty.openpty()
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "COLUMNS": "100"}
    command = [sys.executable, "-m", "newsreader", *argv]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=slave, env=env)
    os.close(slave)
    drawn = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        drawn += chunk
    assert process.wait(timeout=120) == 0
    return drawn


def test_long_work_shows_a_progress_bar_on_a_terminal_only(tmp_path: Path) -> None:
    drawn = _drawn_on_a_terminal([str(SAMPLE), "--list", "--json"], tmp_path / "tty" / "cache")
    assert b"reading posts" in drawn
    piped = _cold_list(tmp_path / "pipe", subprocess.PIPE)
    _, err = piped.communicate(timeout=120)
    assert b"reading posts" not in err and b"\x1b" not in err


def test_locating_search_hits_shows_a_bar_and_a_warm_search_none(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    subprocess.run(  # the full text indexed, no hit located yet
        [sys.executable, "-m", "newsreader", str(SAMPLE), "--search", "的", "--list"],
        env={**os.environ, "XDG_CACHE_HOME": str(cache)},
        stdout=subprocess.DEVNULL,
        check=True,
    )
    argv = [str(SAMPLE), "--search", "的", "--list", "--json"]
    assert b"locating hits" in _drawn_on_a_terminal(argv, cache)
    assert _drawn_on_a_terminal(argv, cache) == b""  # every hit located: nothing to show


@pytest.mark.parametrize("query", ["州", "科普驿站", "先锋行动"])
def test_search_json_streamed_is_the_search_whatever_the_cache(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    query: str,
) -> None:
    """Each hit's line is written as it is found: the same lines as one whole search gives."""
    from newsreader.core.archive.loader import load_archive
    from newsreader.core.index.records import post_record
    from newsreader.core.index.search import search

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    argv = [str(SAMPLE), "--search", query, "--list", "--json", "--category", "changzhouribao"]
    runs = [run_cli(capsys, *argv, *extra) for extra in ([], [], ["--no-cache"])]
    assert runs[0] == runs[1] == runs[2]
    archive = load_archive(SAMPLE)
    posts = {post.path: post for post in archive.posts if "changzhouribao" in post.categories}
    hits = search(SAMPLE, archive, query, use_cache=False)
    expected = [
        {**post_record(posts[hit.path]), "snippet": hit.snippet, "section": list(hit.section)}
        for hit in hits
        if hit.path in posts
    ]
    assert [json.loads(line) for line in runs[0][1].splitlines()] == expected and expected


def test_outline_json_gives_markdown_headings_their_file_line(
    capsys: pytest.CaptureFixture[str], make_archive: Callable[[dict[str, str | bytes]], Path]
) -> None:
    """An editor can jump to a Markdown heading; an HTML heading has no line to give."""
    markdown = (
        "---\ntitle: 规划\nlayout: post\n---\n导语。\n\n一、总体要求\n\n正文。\n\n二、主要任务\n"
    )
    html = "---\ntitle: 通知\n---\n<p>导语。</p>\n<h2>一、总体要求</h2>\n<h2>二、主要任务</h2>\n"
    root = make_archive({"_posts/2022-01-02-md.md": markdown, "_posts/2022-01-01-html.md": html})
    code, out, _ = run_cli(capsys, str(root), "--outline", "--json", "--no-cache")
    records = {record["path"]: record for record in map(json.loads, out.splitlines())}
    assert code == 0
    nodes = records["_posts/2022-01-02-md.md"]["outline"]
    assert [(node["title"], node["line"]) for node in nodes] == [("总体要求", 7), ("主要任务", 11)]
    assert (
        markdown.splitlines()[6] == "一、总体要求" and markdown.splitlines()[10] == "二、主要任务"
    )
    assert list(nodes[0]) == ["level", "marker", "title", "block", "line", "children"]
    html_nodes = records["_posts/2022-01-01-html.md"]["outline"]
    assert html_nodes and all("line" not in node for node in html_nodes)


def test_a_post_cut_mid_character_is_listed_searched_and_exported_with_its_body(
    capsys: pytest.CaptureFixture[str],
    make_archive: Callable[[dict[str, str | bytes]], Path],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Once silent in --list, found by no search and 'not text' on export."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    text = (
        "---\ntitle: 截断的文件\n---\n<p>各单位：为贯彻落实有关要求，现将有关事项通知如下。</p>\n"
    )
    root = make_archive({"_posts/2022-09-10-cut.md": text.encode()[:-6]})  # 。 cut
    problem = "_posts/2022-09-10-cut.md:4: not valid UTF-8 at byte"
    for _cold_then_warm in range(2):
        code, out, err = run_cli(capsys, str(root), "--list")
        assert code == 0 and "截断的文件" in out and problem in err
        code, out, err = run_cli(capsys, str(root), "--search", "贯彻", "--list")
        assert code == 0 and "截断的文件" in out and problem in err
    code, out, err = run_cli(capsys, str(root), "--export", "--post", "_posts/2022-09-10-cut.md")
    assert code == 0 and "为贯彻落实有关要求" in out and problem in err and "not text" not in err


def test_a_problem_met_for_two_list_items_is_reported_once(
    capsys: pytest.CaptureFixture[str], make_archive: Callable[[dict[str, str | bytes]], Path]
) -> None:
    root = make_archive({"_posts/2022-01-07-tags.md": "---\ntags: [[a, b], [c]]\n---\nx\n"})
    for extra in (["--no-cache"], [], []):  # a plain load, a cold index, a warm one
        _, _, err = run_cli(capsys, str(root), "--list", *extra)
        assert err.count("'tags' holds a list") == 1 and err.endswith("\n1 problem(s)\n"), err


def test_a_bad_default_in_the_config_is_told_for_a_few_posts_then_counted(
    capsys: pytest.CaptureFixture[str], make_archive: Callable[[dict[str, str | bytes]], Path]
) -> None:
    """One mistake in _config.yml's defaults was one line per post: 10^4 lines for one value."""
    config = 'defaults:\n  - scope: {path: ""}\n    values: {date: "not a date"}\n'
    files: dict[str, str | bytes] = {"_config.yml": config}
    for day in range(1, 6):
        files[f"_posts/2022-01-0{day}-p.md"] = f"---\ntitle: 第{day}篇\n---\n正文\n"
    code, out, err = run_cli(capsys, str(make_archive(files)), "--list", "--no-cache")
    named = [line for line in err.splitlines() if line.startswith("_posts/")]
    assert code == 0 and len(out.splitlines()) == 5
    assert len(named) == 3 and all("invalid date 'not a date'" in line for line in named)
    assert "newsreader: 2 more post(s): invalid date 'not a date'" in err
    assert err.endswith("5 problem(s)\n")

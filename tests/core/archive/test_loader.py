"""Post metadata as Jekyll computes it, and whole-archive loading."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newsreader.core.archive.loader import load_archive, read_body, titleize
from newsreader.core.model import Post, Problem, sorted_problems
from tests.conftest import SEED

MakeArchive = Callable[[dict[str, str | bytes]], Path]
NAME = "_posts/2022-01-11-my-first_post.md"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _one(make_archive: MakeArchive, front_matter: str, rel: str = NAME) -> tuple[Post, list[str]]:
    root = make_archive(
        {"_config.yml": "timezone: Asia/Shanghai\n", rel: f"---\n{front_matter}---\nbody\n"}
    )
    archive = load_archive(root)
    [post] = archive.posts
    return post, [problem.reason for problem in archive.problems]


def _assert_problem(problems: list[str], part: str | None) -> None:
    """No problem when ``part`` is None, else exactly one, which mentions ``part``."""
    assert len(problems) == (part is not None), problems
    if part is not None:
        assert part in problems[0]


@pytest.mark.parametrize(
    ("front_matter", "title", "problem_part"),
    [
        ("title: 常州市科协\n", "常州市科协", None),
        ("title: '  spaced\ttitle\n  '\n", "spaced title", None),
        ("title: 2022\n", "2022", None),
        ("title: 3.5\n", "3.5", None),
        ("title: true\n", "true", None),
        ("title: 2022-01-11\n", "2022-01-11", None),
        ("title:\n", "My First Post", None),
        ("title: ''\n", "My First Post", None),
        ("layout: post\n", "My First Post", None),
        ("title: [a, b]\n", "My First Post", "'title' is a list"),
        ("title: {a: b}\n", "My First Post", "'title' is a mapping"),
        ('title: "[bold red]x[/] \\e[31mred\\e]0;pwned\\a"\n', "[bold red]x[/] red", None),
    ],
)
def test_title(
    make_archive: MakeArchive, front_matter: str, title: str, problem_part: str | None
) -> None:
    post, problems = _one(make_archive, front_matter)
    assert post.title == title
    _assert_problem(problems, problem_part)


@pytest.mark.parametrize(
    ("slug", "title"),
    [
        ("my-first_post", "My First Post"),
        ("NW202201112242932867", "Nw202201112242932867"),
        ("hello--world", "Hello World"),
        ("常州-新闻", "常州 新闻"),
    ],
)
def test_titleize(slug: str, title: str) -> None:
    assert titleize(slug) == title


@pytest.mark.parametrize(
    ("front_matter", "slug"),
    [("", "my-first_post"), ("slug: custom\n", "custom"), ("slug: 42\n", "42")],
)
def test_slug(make_archive: MakeArchive, front_matter: str, slug: str) -> None:
    post, _ = _one(make_archive, front_matter or "a: 1\n")
    assert post.slug == slug


@pytest.mark.parametrize(
    ("rel", "front_matter", "categories", "folders"),
    [
        (NAME, "categories: changzhouribao\n", ("changzhouribao",), 0),
        (NAME, "categories: a b  c\n", ("a", "b", "c"), 0),
        (NAME, "categories: [a b, 2022, null]\n", ("a b", "2022"), 0),
        (NAME, "category: 常州 日报\n", ("常州 日报",), 0),
        (NAME, "categories: [a, b]\ncategory: c\n", ("a", "b", "c"), 0),
        (NAME, "categories: a a b\ncategory: a\n", ("a", "b"), 0),
        (
            "news/local/_posts/2022-01-11-x.md",
            "categories: local extra\n",
            ("news", "local", "extra"),
            2,
        ),
        ("news/_posts/2022-01-11-x.md", "layout: post\n", ("news",), 1),
        (NAME, 'categories: ["\\e[31mred", "[b]x[/b]"]\n', ("red", "[b]x[/b]"), 0),
    ],
)
def test_categories(
    make_archive: MakeArchive,
    rel: str,
    front_matter: str,
    categories: tuple[str, ...],
    folders: int,
) -> None:
    post, _ = _one(make_archive, front_matter, rel)
    assert (post.categories, post.folder_categories) == (categories, folders)


@pytest.mark.parametrize(
    ("front_matter", "tags", "problem_part"),
    [
        ("tags: 常州日报新闻\n", ("常州日报新闻",), None),
        ("tags: a b\n", ("a", "b"), None),
        ("tags: [a b, c, c]\n", ("a b", "c"), None),
        ("tag: a b\ntags: c\n", ("a b",), None),
        ("tags: [a, [b]]\n", ("a",), "'tags' holds a list"),
        ("tags: {a: 1}\n", (), "'tags' holds a mapping"),
        ("tags: [[a, b], [c]]\n", (), "'tags' holds a list"),  # one reason, noted once
    ],
)
def test_tags(
    make_archive: MakeArchive, front_matter: str, tags: tuple[str, ...], problem_part: str | None
) -> None:
    post, problems = _one(make_archive, front_matter)
    assert post.tags == tags
    _assert_problem(problems, problem_part)


@pytest.mark.parametrize(
    ("front_matter", "published"),
    [
        ("", True),
        ("published: true\n", True),
        ("published: false\n", False),
        ("published: 'false'\n", True),
        ("published:\n", True),
    ],
)
def test_published(make_archive: MakeArchive, front_matter: str, published: bool) -> None:
    post, _ = _one(make_archive, front_matter or "a: 1\n")
    assert post.published is published


UTC8 = timezone(timedelta(hours=8))


@pytest.mark.parametrize(
    ("rel", "front_matter", "expected", "problem_part"),
    [
        (NAME, "a: 1\n", datetime(2022, 1, 11, tzinfo=SHANGHAI), None),
        (
            NAME,
            "date: 2021-05-06 07:08:09 +0800\n",
            datetime(2021, 5, 6, 7, 8, 9, tzinfo=UTC8),
            None,
        ),
        (NAME, "date: 2021-05-06 07:08\n", datetime(2021, 5, 6, 7, 8, tzinfo=SHANGHAI), None),
        (NAME, "date: 2021-05-06\n", datetime(2021, 5, 6, tzinfo=SHANGHAI), None),
        (NAME, "date: 2099-01-01\n", datetime(2099, 1, 1, tzinfo=SHANGHAI), None),
        (NAME, "date: last tuesday\n", datetime(2022, 1, 11, tzinfo=SHANGHAI), "invalid date"),
        (NAME, "date: [2021]\n", datetime(2022, 1, 11, tzinfo=SHANGHAI), "invalid date"),
    ],
)
def test_date(
    make_archive: MakeArchive,
    rel: str,
    front_matter: str,
    expected: datetime,
    problem_part: str | None,
) -> None:
    post, problems = _one(make_archive, front_matter, rel)
    assert post.date == expected and post.date.utcoffset() == expected.utcoffset()
    _assert_problem(problems, problem_part)


def test_date_falls_back_to_modification_time(make_archive: MakeArchive) -> None:
    root = make_archive({"_config.yml": "timezone: Asia/Shanghai\n", "page.md": "---\n---\n"})
    stamp = datetime(2020, 2, 3, 4, 5, tzinfo=SHANGHAI).timestamp()
    os.utime(root / "page.md", (stamp, stamp))
    archive = load_archive(root)
    assert archive.posts[0].date == datetime(2020, 2, 3, 4, 5, tzinfo=SHANGHAI)
    assert "modification time" in archive.problems[0].reason


def test_config_defaults_apply(make_archive: MakeArchive) -> None:
    config = (
        "defaults:\n"
        "  - scope: {path: news}\n    values: {category: 要闻, published: false}\n"
        "  - scope: {path: '', type: pages}\n    values: {title: page default}\n"
    )
    root = make_archive(
        {
            "_config.yml": config,
            "news/_posts/2022-01-11-a.md": "---\npublished: true\n---\n",
            "_posts/2022-01-11-b.md": "---\n---\n",
        }
    )
    posts = {post.slug: post for post in load_archive(root).posts}
    assert (posts["a"].categories, posts["a"].published) == (("news", "要闻"), True)
    assert (posts["b"].categories, posts["b"].title) == ((), "B")


def test_a_bad_value_from_the_defaults_says_where_it_came_from(make_archive: MakeArchive) -> None:
    """A post whose front matter lacks the key would send its reader looking in the post."""
    config = "defaults:\n  - scope: {path: ''}\n    values: {tags: [a, [b]], date: soon}\n"
    root = make_archive(
        {
            "_config.yml": config,
            "_posts/2022-01-11-a.md": "---\ntitle: A\n---\n",
            "_posts/2022-01-12-b.md": "---\ntags: [c, {d: 1}]\ndate: later\n---\n",
        }
    )
    reasons = {(p.path, p.reason) for p in load_archive(root).problems}
    from_defaults = " (the value is from _config.yml's defaults)"
    assert reasons == {
        ("_posts/2022-01-11-a.md", "'tags' holds a list, not text: skipped" + from_defaults),
        ("_posts/2022-01-11-a.md", "invalid date 'soon': using the file name" + from_defaults),
        ("_posts/2022-01-12-b.md", "'tags' holds a mapping, not text: skipped"),
        ("_posts/2022-01-12-b.md", "invalid date 'later': using the file name"),
    }


def test_archive_order_and_problems(make_archive: MakeArchive) -> None:
    post = "---\ndate: {}\n---\n"
    root = make_archive(
        {
            "_config.yml": "timezone: Asia/Shanghai\n",
            "_posts/2022-01-01-old.md": post.format("2022-01-01 10:00 +0800"),
            "_posts/2022-03-01-new.md": post.format("2022-03-01 10:00 +0800"),
            "b/_posts/2022-02-01-tie.md": post.format("2022-02-01 10:00 +0800"),
            "a/_posts/2022-02-01-tie.md": post.format("2022-02-01 03:00 +0100"),
            "_posts/zz-not-a-post.md": "x",
            "_posts/2022-01-05-broken.md": "---\ntitle: [\n---\n",
        }
    )
    archive = load_archive(root)
    assert [p.path for p in archive.posts] == [
        "_posts/2022-03-01-new.md",
        "a/_posts/2022-02-01-tie.md",
        "b/_posts/2022-02-01-tie.md",
        "_posts/2022-01-05-broken.md",
        "_posts/2022-01-01-old.md",
    ]
    assert [p.path for p in archive.problems] == [
        "_posts/2022-01-05-broken.md",
        "_posts/zz-not-a-post.md",
    ]
    assert archive.timezone == SHANGHAI


def test_a_problem_met_twice_is_listed_once() -> None:
    """What an index built before the loader noted each reason once may still hold."""
    twice = Problem("_posts/b.md", "'tags' holds a list, not text: skipped")
    first = Problem("_posts/a.md", "bad YAML", 2)
    assert sorted_problems([twice, first, twice]) == [first, twice]


def test_category_titles_come_from_category_pages(make_archive: MakeArchive) -> None:
    root = make_archive(
        {
            "_posts/2022-01-11-a.md": "---\ncategories: changzhouribao\n---\n",
            "category/changzhouribao.md": "---\ntitle: 常州日报新闻\n---\n",
            "category/tech.html": '---\ntitle: "\\e[1m科技"\n---\n',
            "category/untitled.md": "---\nlayout: category\n---\n",
            "category/notes.txt": "---\ntitle: not a page\n---\n",
        }
    )
    archive = load_archive(root)
    assert dict(archive.category_titles) == {"changzhouribao": "常州日报新闻", "tech": "科技"}
    assert [p.path for p in archive.posts] == ["_posts/2022-01-11-a.md"]


def test_a_category_page_s_odd_title_names_its_line(make_archive: MakeArchive) -> None:
    root = make_archive(
        {
            "_posts/2022-01-11-a.md": "---\ncategories: culture\n---\n",
            "category/culture.md": "---\nlayout: category\ntitle: [a, b]\n---\n",
        }
    )
    [problem] = load_archive(root).problems
    assert (problem.path, problem.line) == ("category/culture.md", 3)
    assert "'title' is a list" in problem.reason


def test_single_file_archive(tmp_path: Path) -> None:
    seed = tmp_path / "000_13c6ce66667de7aa.txt"
    seed.write_bytes(SEED.read_bytes())
    archive = load_archive(seed)
    [post] = archive.posts
    assert post.path == "000_13c6ce66667de7aa.txt"
    assert post.title == "常州市科协事业发展“十四五”规划（纲要）"
    assert post.date == datetime(2022, 1, 11, 9, 13, 27, tzinfo=UTC8)
    assert (post.categories, post.tags) == (("changzhouribao",), ("常州日报新闻",))
    body, problems = read_body(archive, post)
    assert body.startswith("<p>为深入贯彻") and problems == []


def test_read_body_cleans_and_reports(make_archive: MakeArchive) -> None:
    root = make_archive({NAME: "---\ntitle: t\n---\nline\x1b[2J one\r\nline two\n"})
    archive = load_archive(root)
    body, problems = read_body(archive, archive.posts[0])
    assert (body, problems) == ("line one\nline two\n", [])
    (root / NAME).unlink()
    body, problems = read_body(archive, archive.posts[0])
    assert body == "" and "cannot read" in problems[0].reason


def test_missing_root_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_archive(tmp_path / "nowhere")


def test_progress_is_reported(make_archive: MakeArchive) -> None:
    root = make_archive({f"_posts/2022-01-{day:02d}-p.md": "---\n---\n" for day in range(1, 6)})
    seen: list[tuple[int, int]] = []
    load_archive(root, progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 5) and seen[-1] == (5, 5)


def test_post_holds_no_body() -> None:
    assert "body" not in Post.__slots__


@pytest.mark.parametrize(
    "written",
    [
        "2022-13-45",
        "2022-02-30",
        "2021-02-29",
        "2022-01-09 25:61:00",
        "0000-01-01",
        "2022-01-12 10:00:00 +25:00",
    ],
)
def test_a_timestamp_no_date_can_hold_drops_the_date_alone(
    make_archive: MakeArchive, written: str
) -> None:
    """YAML's timestamp constructor raises on these; the rest of the front matter must stay.

    A draft whose date is impossible once lost ``published: false`` with the
    whole front matter, and was listed as published.
    """
    rel = "_posts/2022-01-08-draft.md"
    front_matter = f"title: 秘密草稿\npublished: false\ncategories: [secret]\ndate: {written}\n"
    root = make_archive({rel: f"---\n{front_matter}---\nbody\n"})
    archive = load_archive(root)
    [post] = archive.posts
    assert (post.title, post.published, post.categories) == ("秘密草稿", False, ("secret",))
    assert post.date.date() == datetime(2022, 1, 8).date()
    [problem] = archive.problems
    assert (problem.reason, problem.line) == (
        f"invalid date '{written}': using the file name",
        5,
    )


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("[2022-10-18]", "[2022-10-18]"),
        ("[2022-13-45, soon]", "[2022-13-45, soon]"),
        ("{day: 2022-10-18, at: null}", "{day: 2022-10-18, at: null}"),
        ("[true, 3, 1.5]", "[true, 3, 1.5]"),
        ("!!set {b, a}", "{a, b}"),
        ("[[[[[deep]]]]]", "[[[[…]]]]"),
    ],
)
def test_an_invalid_date_is_shown_as_written_not_as_python(
    make_archive: MakeArchive, written: str, shown: str
) -> None:
    _post, problems = _one(make_archive, f"title: t\ndate: {written}\n")
    assert problems == [f"invalid date '{shown}': using the file name"]

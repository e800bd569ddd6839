"""Pilot tests: the archive changes on disk while the reader is open."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from newsreader.ui.model.catalog import Group
from newsreader.ui.screens.main import MainScreen
from tests.ui.conftest import Reader, main_screen, screen_text, settle

MakeArchive = Callable[[dict[str, str | bytes]], Path]


def post(title: str, day: int, body: str = "正文", category: str = "news") -> str:
    head = f'---\ntitle: "{title}"\ndate: 2022-03-{day:02d} 09:00:00 +0800\n'
    return f"{head}categories: [{category}]\n---\n<p>{body}</p>\n"


def three_posts(make_archive: MakeArchive) -> Path:
    return make_archive(
        {
            "_posts/2022-03-01-a.md": post("甲篇", 1),
            "_posts/2022-03-02-b.md": post("乙篇", 2, "乙的正文"),
            "_posts/2022-03-03-c.md": post("丙篇", 3, category="culture"),
        }
    )


async def until(pilot: Pilot[Any], condition: Callable[[], bool], seconds: float = 15) -> None:
    """Let the app run until ``condition`` holds (the watcher debounces, then reloads)."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            break
        await asyncio.sleep(0.05)
        await pilot.pause()
    assert condition(), "the reader never caught up with the disk"
    await settle(pilot)


def titles(screen: MainScreen) -> list[str]:
    return [p.title for p in screen.article_list.posts]


def notices(pilot: Pilot[Any]) -> list[str]:
    return [str(n.message) for n in pilot.app._notifications]


async def open_path(pilot: Pilot[Any], rel: str) -> MainScreen:
    await settle(pilot)
    screen = main_screen(pilot.app)
    screen.open_post(screen.reading.by_path[rel])
    await settle(pilot)
    return screen


async def test_a_post_written_while_open_appears_without_a_restart(
    reader: Reader, make_archive: MakeArchive
) -> None:
    root = three_posts(make_archive)
    app = reader(root)
    async with app.run_test(size=(160, 36)) as pilot:
        screen = await open_path(pilot, "_posts/2022-03-02-b.md")
        screen.article_list.cursor = screen.article_list.index_of(screen.reading.current)  # type: ignore[arg-type]
        assert titles(screen) == ["丙篇", "乙篇", "甲篇"]
        (root / "_posts/2022-03-04-d.md").write_text(post("丁篇新到", 4), encoding="utf-8")
        await until(pilot, lambda: "丁篇新到" in titles(screen))
        assert titles(screen) == ["丁篇新到", "丙篇", "乙篇", "甲篇"]
        # The selection stays on the post it was on, not on the row number.
        current = screen.article_list.current
        assert current is not None and current.title == "乙篇"
        assert screen.reading.current is not None and screen.reading.current.title == "乙篇"
        assert "Archive changed: 1 added." in notices(pilot)
        assert "All posts 3/4" in screen_text(app)
        assert "丁篇新到" in {p.title for p in screen.reading.by_path.values()}


async def test_the_open_post_deleted_stays_readable_with_a_notice(
    reader: Reader, make_archive: MakeArchive
) -> None:
    root = three_posts(make_archive)
    app = reader(root)
    async with app.run_test(size=(160, 36)) as pilot:
        screen = await open_path(pilot, "_posts/2022-03-02-b.md")
        (root / "_posts/2022-03-02-b.md").unlink()
        await until(pilot, lambda: "乙篇" not in titles(screen))
        assert screen.reading.current is not None and screen.reading.current.title == "乙篇"
        assert "乙的正文" in screen.article_view.plain_text()
        assert any("「乙篇」 was removed from the archive" in n for n in notices(pilot))
        # Leaving it: J opens a post still in the archive.
        await pilot.press("J")
        await settle(pilot)
        assert screen.reading.current is not None and screen.reading.current.title != "乙篇"


async def test_the_open_post_deleted_then_written_again_is_shown_anew(
    reader: Reader, make_archive: MakeArchive
) -> None:
    root = three_posts(make_archive)
    app = reader(root)
    async with app.run_test(size=(160, 36)) as pilot:
        screen = await open_path(pilot, "_posts/2022-03-02-b.md")
        (root / "_posts/2022-03-02-b.md").unlink()
        await until(pilot, lambda: "乙篇" not in titles(screen))
        (root / "_posts/2022-03-02-b.md").write_text(post("乙篇归来", 2, "新的正文"), "utf-8")
        await until(pilot, lambda: "新的正文" in screen.article_view.plain_text())
        assert screen.reading.current is not None and screen.reading.current.title == "乙篇归来"


async def test_a_post_whose_file_cannot_be_read_says_why(
    reader: Reader, make_archive: MakeArchive
) -> None:
    """The list may still offer it (its folder gone, a reload failed): never a blank pane."""
    root = three_posts(make_archive)
    app = reader(root)
    async with app.run_test(size=(160, 36)) as pilot:
        screen = await open_path(pilot, "_posts/2022-03-01-a.md")
        gone = screen.reading.by_path["_posts/2022-03-02-b.md"]
        (root / "_posts/2022-03-02-b.md").unlink()
        screen.open_post(gone)  # before the watcher takes it off the list
        await settle(pilot)
        said = [n for n in notices(pilot) if n.startswith("Nothing to show for _posts/2022-03-02")]
        assert said and "cannot read the file" in said[0], notices(pilot)


async def test_an_edited_open_post_is_shown_again_at_its_place(
    reader: Reader, make_archive: MakeArchive
) -> None:
    root = three_posts(make_archive)
    app = reader(root)
    async with app.run_test(size=(160, 36)) as pilot:
        screen = await open_path(pilot, "_posts/2022-03-02-b.md")
        (root / "_posts/2022-03-02-b.md").write_text(
            post("乙篇（修订）", 2, "改过的正文"), encoding="utf-8"
        )
        await until(pilot, lambda: "改过的正文" in screen.article_view.plain_text())
        assert titles(screen) == ["丙篇", "乙篇（修订）", "甲篇"]
        assert "Archive changed: 1 updated." in notices(pilot)


async def test_the_tree_keeps_its_open_branches_and_cursor(
    reader: Reader, make_archive: MakeArchive
) -> None:
    root = three_posts(make_archive)
    app = reader(root)
    async with app.run_test(size=(160, 36)) as pilot:
        screen = await open_path(pilot, "_posts/2022-03-02-b.md")
        tree = screen.category_tree
        dates = next(n for n in tree.root.children if str(n.label) == "By date")
        dates.expand()
        await pilot.pause()
        year = dates.children[0]
        tree.move_cursor(year)
        await pilot.pause()
        (root / "_posts/2022-03-05-e.md").write_text(post("戊篇", 5), encoding="utf-8")
        await until(pilot, lambda: "戊篇" in titles(screen))
        cursor = tree.cursor_node
        assert cursor is not None and cursor.data == Group("year", ("2022",))
        assert str(cursor.label) == "2022 3/4"
        dates = next(n for n in tree.root.children if str(n.label) == "By date")
        assert dates.is_expanded


async def test_a_chosen_group_is_listed_again_with_the_new_post(
    reader: Reader, make_archive: MakeArchive
) -> None:
    root = three_posts(make_archive)
    app = reader(root)
    async with app.run_test(size=(160, 36)) as pilot:
        screen = await open_path(pilot, "_posts/2022-03-02-b.md")
        screen.post_message(
            screen.category_tree.Selected(screen.category_tree, Group("category", ("news",)))
        )
        await settle(pilot)
        assert titles(screen) == ["乙篇", "甲篇"]
        (root / "_posts/2022-03-06-f.md").write_text(post("己篇", 6), encoding="utf-8")
        (root / "_posts/2022-03-07-g.md").write_text(
            post("庚篇", 7, category="culture"), encoding="utf-8"
        )
        await until(pilot, lambda: "己篇" in titles(screen))
        assert titles(screen) == ["己篇", "乙篇", "甲篇"]


async def test_posts_in_a_nested_folder_and_in_a_new_folder_appear(
    reader: Reader, make_archive: MakeArchive
) -> None:
    root = make_archive(
        {"_posts/2022-03-01-a.md": post("甲篇", 1), "_posts/2022/2022-03-02-b.md": post("乙篇", 2)}
    )
    app = reader(root)
    async with app.run_test(size=(160, 36)) as pilot:
        screen = await open_path(pilot, "_posts/2022-03-01-a.md")
        # A folder that was there from the start is watched.
        (root / "_posts/2022/2022-03-03-c.md").write_text(post("丙篇", 3), encoding="utf-8")
        await until(pilot, lambda: "丙篇" in titles(screen))
        # A new folder tree with a post in it, written at once, as a pull writes it.
        (root / "world/_posts").mkdir(parents=True)
        (root / "world/_posts/2022-03-04-d.md").write_text(post("丁篇", 4), encoding="utf-8")
        await until(pilot, lambda: "丁篇" in titles(screen))
        # And the new folder is watched from then on.
        await asyncio.sleep(1.5)  # the watch set up again after a quiet spell
        (root / "world/_posts/2022-03-05-e.md").write_text(post("戊篇", 5), encoding="utf-8")
        await until(pilot, lambda: "戊篇" in titles(screen))
        assert titles(screen) == ["戊篇", "丁篇", "丙篇", "乙篇", "甲篇"]


def with_an_odd_name(make_archive: MakeArchive, name: bytes) -> tuple[Path, bytes]:
    """Three posts and a fourth whose file name (``name``) is not UTF-8; the root and its path."""
    root = three_posts(make_archive)
    odd = os.fsencode(root / "_posts") + b"/" + name
    with open(odd, "wb") as handle:
        handle.write(post("怪名篇", 4).encode())
    return root, odd


def still_following(pilot: Pilot[Any]) -> bool:
    """No notice said the watcher gave up."""
    return not [text for text in notices(pilot) if "Not following" in text]


async def test_a_file_name_that_is_not_utf8_does_not_stop_the_watch(
    reader: Reader, make_archive: MakeArchive
) -> None:
    """watchfiles cannot name such a file: any event on it, a read even, ended its watch."""
    root, odd = with_an_odd_name(make_archive, b"2022-03-04-\xff\xfe.md")
    app = reader(root)
    async with app.run_test(size=(160, 36)) as pilot:
        screen = await open_path(pilot, "_posts/2022-03-01-a.md")
        assert "怪名篇" in titles(screen)
        await asyncio.sleep(1.5)  # the watch is set up
        with open(odd, "rb") as handle:  # an event on the odd name (opened, read, closed)
            handle.read()
        await asyncio.sleep(0.5)
        (root / "_posts/2022-03-05-e.md").write_text(post("戊篇", 5), encoding="utf-8")
        await until(pilot, lambda: "戊篇" in titles(screen))
        with open(odd, "wb") as handle:  # and a change to the odd file itself is seen
            handle.write(post("怪名篇改", 4).encode())
        await until(pilot, lambda: "怪名篇改" in titles(screen))
        assert still_following(pilot)


async def test_a_file_read_again_and_again_under_an_odd_name_does_not_hide_changes(
    reader: Reader, make_archive: MakeArchive
) -> None:
    """Each read ends the watch before it can report: the reload must not wait for a report."""
    root, odd = with_an_odd_name(make_archive, b"2022-03-04-\xff.md")
    app = reader(root)
    async with app.run_test(size=(160, 36)) as pilot:
        screen = await open_path(pilot, "_posts/2022-03-01-a.md")
        await asyncio.sleep(1.5)  # the watch is set up
        reading = asyncio.Event()

        async def read_again() -> None:
            while not reading.is_set():
                with open(odd, "rb") as handle:
                    handle.read()
                await asyncio.sleep(0.1)

        reader_task = asyncio.create_task(read_again())
        try:
            await asyncio.sleep(0.5)
            (root / "_posts/2022-03-05-e.md").write_text(post("戊篇", 5), encoding="utf-8")
            await until(pilot, lambda: "戊篇" in titles(screen))
        finally:
            reading.set()
            await reader_task
        assert still_following(pilot)


async def test_an_archive_folder_swapped_for_another_is_followed(
    reader: Reader, make_archive: MakeArchive
) -> None:
    """A mirror swapped in whole (mv new into place): the new folder is the one watched."""
    root = three_posts(make_archive)
    app = reader(root)
    async with app.run_test(size=(160, 36)) as pilot:
        screen = await open_path(pilot, "_posts/2022-03-02-b.md")
        fresh = root.with_name(root.name + ".new")
        shutil.copytree(root, fresh)
        (fresh / "_posts/2022-03-04-d.md").write_text(post("丁篇换入", 4), encoding="utf-8")
        root.rename(root.with_name(root.name + ".old"))
        fresh.rename(root)
        await until(pilot, lambda: "丁篇换入" in titles(screen))
        (root / "_posts/2022-03-05-e.md").write_text(post("戊篇其后", 5), encoding="utf-8")
        await until(pilot, lambda: "戊篇其后" in titles(screen))


async def test_an_archive_folder_deleted_and_made_again_is_followed(
    reader: Reader, make_archive: MakeArchive
) -> None:
    root = three_posts(make_archive)
    app = reader(root)
    async with app.run_test(size=(160, 36)) as pilot:
        screen = await open_path(pilot, "_posts/2022-03-02-b.md")
        kept = shutil.copytree(root, root.with_name(root.name + ".kept"))
        shutil.rmtree(root)
        await asyncio.sleep(1.5)  # the watch sees the folder gone
        shutil.copytree(kept, root)
        (root / "_posts/2022-03-04-d.md").write_text(post("丁篇重建", 4), encoding="utf-8")
        await until(pilot, lambda: "丁篇重建" in titles(screen))
        (root / "_posts/2022-03-05-e.md").write_text(post("戊篇其后", 5), encoding="utf-8")
        await until(pilot, lambda: "戊篇其后" in titles(screen))


async def test_R_reloads_by_hand(reader: Reader, make_archive: MakeArchive) -> None:
    root = three_posts(make_archive)
    app = reader(root)
    async with app.run_test(size=(160, 36)) as pilot:
        screen = await open_path(pilot, "_posts/2022-03-02-b.md")
        screen.article_view.focus()
        await pilot.press("R")
        await until(pilot, lambda: "Archive reloaded: nothing changed." in notices(pilot))
        assert titles(screen) == ["丙篇", "乙篇", "甲篇"]


async def test_changes_the_archive_ignores_reload_nothing(
    reader: Reader, make_archive: MakeArchive
) -> None:
    root = three_posts(make_archive)
    app = reader(root)
    async with app.run_test(size=(160, 36)) as pilot:
        screen = await open_path(pilot, "_posts/2022-03-02-b.md")
        archive = screen.reading.archive
        (root / ".git").mkdir()
        (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
        (root / "_site").mkdir()
        (root / "_site" / "index.html").write_text("<p>built</p>", encoding="utf-8")
        # A real change after the ignored ones proves the watcher was listening all along.
        await asyncio.sleep(1.0)
        await pilot.pause()
        assert screen.reading.archive is archive
        (root / "_posts/2022-03-08-h.md").write_text(post("辛篇", 8), encoding="utf-8")
        await until(pilot, lambda: "辛篇" in titles(screen))
        assert notices(pilot).count("Archive changed: 1 added.") == 1


async def test_the_search_index_follows_a_new_post(
    reader: Reader, make_archive: MakeArchive
) -> None:
    from newsreader.ui.screens.search import SearchScreen

    root = three_posts(make_archive)
    app = reader(root)
    async with app.run_test(size=(160, 36)) as pilot:
        screen = await open_path(pilot, "_posts/2022-03-02-b.md")
        await pilot.press("s")  # index the archive as it was, then close
        await pilot.press(*"正文", "escape")
        await settle(pilot)
        (root / "_posts/2022-03-09-i.md").write_text(
            post("壬篇", 9, "独有的鲟鱼"), encoding="utf-8"
        )
        await until(pilot, lambda: "壬篇" in titles(screen))
        await pilot.press("s")
        await pilot.pause()
        search = app.screen
        assert isinstance(search, SearchScreen)
        await pilot.press(*"鲟鱼")
        await until(pilot, lambda: search.shown_query == "鲟鱼")
        assert [hit.title for hit in search.hits] == ["壬篇"]

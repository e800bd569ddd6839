"""The reader's keys and commands, as actions of the main screen.

Split from :mod:`newsreader.ui.screens.main` so that module keeps to the pane
layout and the message flow; this one holds what the keys (and the command
palette) do. :class:`MainScreen` is the only subclass.
"""

from __future__ import annotations

from abc import abstractmethod
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen

from newsreader.core.document.model import Document
from newsreader.core.model import Archive, Post, Problem
from newsreader.core.outline.build import iter_nodes
from newsreader.core.state import StateStore
from newsreader.ui.exporting import export_folder, save_export
from newsreader.ui.model.history import History
from newsreader.ui.screens.help import HelpScreen, Section
from newsreader.ui.screens.problems import ProblemsScreen
from newsreader.ui.widgets.article_list import ArticleList
from newsreader.ui.widgets.article_view import ArticleView
from newsreader.ui.widgets.category_tree import CategoryTree
from newsreader.ui.widgets.find_bar import FindBar
from newsreader.ui.widgets.outline_pane import OutlinePane

if TYPE_CHECKING:
    from newsreader.ui.model.catalog import Group

SearchResult = tuple[str, int, str] | None
"""What the archive search screen dismisses with: path, block, query."""


class ReaderActions(Screen[None]):
    """Pane accessors and every reader action; the layout lives in the subclass."""

    ACTION_BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", tooltip="Show every key"),
        Binding("slash", "find", "Find", tooltip="Find in the article"),
        Binding("n", "next_match(1)", "Next match", show=False, tooltip="Next match"),
        Binding("N", "next_match(-1)", "Prev match", show=False, tooltip="Previous match"),
        Binding(
            "right_square_bracket",
            "section(1)",
            "Next section",
            show=False,
            tooltip="Scroll to the next section",
        ),
        Binding(
            "left_square_bracket",
            "section(-1)",
            "Prev section",
            show=False,
            tooltip="Scroll to the previous section",
        ),
        Binding(
            "J,full_stop",
            "article(1)",
            "Next post",
            show=False,
            tooltip="Open the next post in the list",
        ),
        Binding(
            "K,comma",
            "article(-1)",
            "Prev post",
            show=False,
            tooltip="Open the previous post in the list",
        ),
        Binding("h,backspace", "back", "Back", show=False, tooltip="Back to the post read before"),
        Binding("l", "forward", "Forward", show=False, tooltip="Forward again after going back"),
        Binding("o", "toggle_outline", "Outline", tooltip="Show or hide the outline"),
        Binding("c", "toggle_categories", "Categories", tooltip="Show or hide the categories"),
        Binding("f", "toggle_focus", "Focus", tooltip="Article alone on screen, or back"),
        Binding("s", "search", "Search", tooltip="Search the whole archive"),
        Binding("e", "export", "Export", show=False, tooltip="Save the post as a text file"),
        Binding("y", "copy", "Copy", show=False, tooltip="Copy the article text"),
        Binding("r", "toggle_read", "Read", show=False, tooltip="Mark the post read or unread"),
        Binding("b", "toggle_bookmark", "Bookmark", show=False, tooltip="Bookmark the post"),
        Binding(
            "exclamation_mark",
            "problems",
            "Problems",
            show=False,
            tooltip="List files that could not be read",
        ),
    ]
    """Screen-wide keys; the panes add their own (j/k, Enter, +/-)."""

    show_categories: reactive[bool] = reactive(True)
    """Whether the category pane is shown (``c``)."""
    show_outline: reactive[bool] = reactive(True)
    """Whether the outline pane is shown (``o``)."""
    focus_mode: reactive[bool] = reactive(False)
    """Article alone on screen (``f``)."""

    archive: Archive
    posts: tuple[Post, ...]
    by_path: dict[str, Post]
    state: StateStore
    read: set[str]
    history: History
    current: Post | None
    document: Document | None
    problems: list[Problem]
    group: Group
    export_dir: Path | None
    cache_dir: Path | None

    @abstractmethod
    def open_post(
        self,
        post: Post,
        *,
        block: int | None = None,
        scroll_y: float = 0.0,
        query: str = "",
        record: bool = True,
    ) -> None:
        """Open ``post`` (implemented by the main screen)."""

    @property
    def category_tree(self) -> CategoryTree:
        """The category pane."""
        return self.query_one(CategoryTree)

    @property
    def article_list(self) -> ArticleList:
        """The article list."""
        return self.query_one(ArticleList)

    @property
    def article_view(self) -> ArticleView:
        """The article pane."""
        return self.query_one(ArticleView)

    @property
    def outline_pane(self) -> OutlinePane:
        """The outline pane."""
        return self.query_one(OutlinePane)

    @property
    def find_bar(self) -> FindBar:
        """The find-in-article box."""
        return self.query_one(FindBar)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grey out back/forward at the ends of the history, and post keys with no post."""
        if action == "back":
            return self.history.can_back or None
        if action == "forward":
            return self.history.can_forward or None
        if action in ("export", "copy", "toggle_read", "toggle_bookmark", "find"):
            return self.current is not None or None
        return True

    def action_help(self) -> None:
        """Show the key reference."""
        sections: list[Section] = [
            ("Reader", self.ACTION_BINDINGS + self.app.BINDINGS),
            ("Article", ArticleView.BINDINGS),
            ("Article list", ArticleList.BINDINGS),
            ("Outline", OutlinePane.BINDINGS),
            ("Find box", FindBar.BINDINGS),
        ]
        self.app.push_screen(HelpScreen(sections))

    def action_problems(self) -> None:
        """List the archive's problems."""
        self.app.push_screen(ProblemsScreen(self.problems))

    def action_find(self) -> None:
        """Open the find box under the article."""
        self.add_class("-finding")
        self.find_bar.focus()

    def action_next_match(self, step: int) -> None:
        """Go to the next (``1``) or previous (``-1``) match."""
        self.article_view.next_match(step)
        self._show_match_count()

    def _show_match_count(self) -> None:
        """Say "match i of n" under the article."""
        view = self.article_view
        if view.query_text:
            view.border_subtitle = f"{view.match_index + 1}/{len(view.matches)}"
        else:
            view.border_subtitle = ""

    def action_section(self, step: int) -> None:
        """Scroll to the next (``1``) or previous (``-1``) heading."""
        if self.document is None:
            return
        blocks = sorted(node.block for node in iter_nodes(self.document.outline))
        top = self.article_view.top_block
        if step > 0:
            targets = [block for block in blocks if block > top]
        else:
            targets = [block for block in reversed(blocks) if block < top]
        if targets:
            self.article_view.scroll_to_block(targets[0])

    def action_article(self, step: int) -> None:
        """Open the next (``1``) or previous (``-1``) post of the list."""
        articles = self.article_list
        if not articles.posts:
            return
        index = articles.cursor
        if self.current is not None and self.current in articles.posts:
            index = articles.index_of(self.current)
        target = index + step
        if 0 <= target < len(articles.posts):
            articles.cursor = target
            self.open_post(articles.posts[target])

    def action_back(self) -> None:
        """Reopen the post read before this one."""
        if (path := self.history.back()) is not None and path in self.by_path:
            self.open_post(self.by_path[path], record=False)

    def action_forward(self) -> None:
        """Go forward again after going back."""
        if (path := self.history.forward()) is not None and path in self.by_path:
            self.open_post(self.by_path[path], record=False)

    def action_toggle_outline(self) -> None:
        """Show or hide the outline pane."""
        self.focus_mode = False
        self.show_outline = not self.show_outline

    def action_toggle_categories(self) -> None:
        """Show or hide the category pane."""
        self.focus_mode = False
        self.show_categories = not self.show_categories

    def action_expand_outline(self) -> None:
        """Open every heading of the outline."""
        self.outline_pane.action_expand_all()

    def action_collapse_outline(self) -> None:
        """Fold the outline to its top level."""
        self.outline_pane.action_collapse_all()

    def action_toggle_focus(self) -> None:
        """Article alone on screen, or back to the panes."""
        self.focus_mode = not self.focus_mode

    def action_export(self) -> None:
        """Save the open post as a text file outside the archive."""
        if self.current is None or self.document is None:
            return
        folder = export_folder(self.archive.root, self.export_dir)
        try:
            target = save_export(folder, self.current, self.document)
        except OSError as error:
            self.notify(f"Export failed: {error}", severity="error", markup=False)
            return
        self.notify(f"Saved {target}", title="Export", markup=False)

    def action_copy(self) -> None:
        """Copy the article as shown to the clipboard."""
        if self.current is not None:
            self.app.copy_to_clipboard(self.article_view.plain_text())
            self.notify("Article copied to the clipboard.")

    def set_read(self, post: Post, read: bool) -> None:
        """Mark ``post`` read or unread, in the store and in the list."""
        self.state.set_read(post.path, read)
        (self.read.add if read else self.read.discard)(post.path)
        self.article_list.refresh_marks()

    def action_toggle_read(self) -> None:
        """Mark the open post read or unread."""
        if self.current is not None:
            read = self.current.path not in self.read
            self.set_read(self.current, read)
            self.notify("Marked read." if read else "Marked unread.")

    def action_toggle_bookmark(self) -> None:
        """Bookmark the open post, or remove its bookmark."""
        if self.current is None:
            return
        on = not self.state.is_bookmarked(self.current.path)
        self.state.set_bookmarked(self.current.path, on)
        self.category_tree.set_bookmark_count(len(self.state.bookmarks()))
        self.notify("Bookmarked." if on else "Bookmark removed.")
        if self.group.kind == "bookmarks":
            self.refresh_group()

    @abstractmethod
    def refresh_group(self) -> None:
        """List the selected group again (implemented by the main screen)."""

    def action_search(self) -> None:
        """Search the whole archive."""
        from newsreader.ui.screens.search import SearchScreen

        search = SearchScreen(self.archive, cache_dir=self.cache_dir)
        self.app.push_screen(search, self._search_done)

    def _search_done(self, result: SearchResult) -> None:
        """Open a search hit at its block, highlighting the query there."""
        if result is None:
            return
        path, block, query = result
        if (post := self.by_path.get(path)) is not None:
            self.open_post(post, block=block, query=query)

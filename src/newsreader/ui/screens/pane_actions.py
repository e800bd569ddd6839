"""The reader's panes: which show, how wide, and one at a time in a narrow terminal.

A base class of :class:`~newsreader.ui.screens.main.MainScreen`, as
:class:`~newsreader.ui.screens.list_actions.ListActions` is, so the main screen
stays about reading. The widths follow :mod:`newsreader.ui.model.panes`'s
rule (Textual-free, tested alone); this class applies it when the terminal,
the panes shown, the list's share or the open post change, and keeps the
keys that change them (``o``, ``c``, ``f``, ``<``, ``>``, Escape).
"""

from __future__ import annotations

from textual import getters
from textual.events import Resize
from textual.reactive import reactive
from textual.screen import Screen

from newsreader.ui.model.panes import LIST_SHARE, PaneBand, PaneRoom, band_for, reading_width
from newsreader.ui.options import ReaderOptions
from newsreader.ui.widgets.article_list import ArticleList
from newsreader.ui.widgets.article_view import ArticleView
from newsreader.ui.widgets.outline_pane import OutlinePane
from newsreader.ui.widgets.pane_divider import PaneDivider


class PaneActions(Screen[None]):
    """The panes' visibility and widths, and the keys that change them."""

    options: ReaderOptions
    _band: PaneBand | None = None
    """The width band last fitted (its change resets the side panes' toggles)."""
    _reading_claimed: bool = False
    """A post was chosen: from then on, one with headings claims its reading width.

    Until then the list keeps its share beside the post reopened at start:
    the reader is still choosing what to read."""

    article_list = getters.query_one(ArticleList)
    article_view = getters.query_one(ArticleView)
    outline_pane = getters.query_one(OutlinePane)

    show_categories: reactive[bool] = reactive(True)
    """Whether the category pane is shown (``c``)."""
    show_outline: reactive[bool] = reactive(True)
    """Whether the outline pane is shown (``o``)."""
    focus_mode: reactive[bool] = reactive(False)
    """Article alone on screen (``f``)."""
    list_share: reactive[int] = reactive(LIST_SHARE)
    """The list's share of the list and article's width, in percent (``<``, ``>``)."""
    reading_alone: reactive[bool] = reactive(False)
    """One pane at a time (a narrow terminal), and it is the article."""

    def show_article(self) -> None:
        """One pane at a time: the article takes the screen (beside the list, nothing to do)."""
        if self.has_class("-single"):
            self.reading_alone = True

    def on_resize(self, event: Resize) -> None:
        """Hide the side panes as the terminal narrows, show them when wide.

        Only a change of band resets the toggles, so ``o``/``c`` choices hold
        while the size stays in the same band.
        """
        band = band_for(event.size.width)
        self.set_class(band.single, "-single")
        if band != self._band:
            self._band = band
            self.show_categories, self.show_outline = band.categories, band.outline
            if not band.single:
                self.reading_alone = False
        self._fit_panes()

    def watch_show_categories(self, show: bool) -> None:
        """Toggle the category pane by class (styled in newsreader.tcss)."""
        self.set_class(not show, "-hide-categories")
        self._fit_panes()

    def watch_show_outline(self, show: bool) -> None:
        """Toggle the outline pane by class."""
        self.set_class(not show, "-hide-outline")
        self._fit_panes()

    def watch_list_share(self) -> None:
        """Share the room between the list and the article anew."""
        self._fit_panes()

    def _pane_room(self) -> PaneRoom:
        """The room the panes have now: the terminal's width, the side panes shown."""
        outline = self.show_outline and not self.has_class("-no-headings")
        reading = reading_width(self.options.text_width) if self._reading_claimed else 0
        return PaneRoom(self.size.width, self.show_categories, outline, reading)

    def _fit_panes(self) -> None:
        """Size the list and the outline by :mod:`newsreader.ui.model.panes`'s rule.

        Set from here rather than by class: the widths depend on the terminal,
        the panes shown and the share the user chose. The article's column
        takes the rest (``1fr``). One pane at a time, the stylesheet decides.
        """
        list_column, outline = self.query_one("#list-column"), self.outline_pane
        if self.has_class("-single"):
            list_column.styles.width = None
            return
        widths = self._pane_room().widths(self.list_share)
        list_column.styles.width = widths.list
        outline.styles.width = widths.outline or None

    def on_pane_divider_dragged(self, message: PaneDivider.Dragged) -> None:
        """Put the list's right edge where the divider was dragged to."""
        target = message.screen_x - self.query_one("#list-column").region.x
        self.list_share = self._pane_room().share_for(target, self.list_share)

    def watch_reading_alone(self, alone: bool) -> None:
        """One pane at a time: show the article, or the list again."""
        self.set_class(alone, "-reading")
        (self.article_view if alone else self.article_list).focus()
        self.refresh_bindings()  # back (h) leads to the list now, or greys out again

    def watch_focus_mode(self, on: bool) -> None:
        """Give the whole screen to the article."""
        self.set_class(on, "-focus")
        if on:
            self.article_view.focus()

    def action_to_list(self) -> None:
        """Escape: back to the list, from the article or the other panes."""
        self.focus_mode = False
        self.reading_alone = False
        self.article_list.focus()

    def action_resize_list(self, step: int) -> None:
        """Make the list narrower (``-1``) or wider (``1``), a visible step each press."""
        self.list_share = self._pane_room().stepped(self.list_share, step)

    def action_toggle_outline(self) -> None:
        """Show or hide the outline pane."""
        self.focus_mode = False
        self.show_outline = not self.show_outline

    def action_toggle_categories(self) -> None:
        """Show or hide the category pane."""
        self.focus_mode = False
        self.show_categories = not self.show_categories

    def action_toggle_focus(self) -> None:
        """Article alone on screen, or back to the panes."""
        self.focus_mode = not self.focus_mode

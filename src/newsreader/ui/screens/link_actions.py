"""The reader's link keys: step through ``[n]`` marks, open a link or the source, copy one.

A base class of :class:`~newsreader.ui.screens.main.MainScreen`, as
:mod:`~newsreader.ui.screens.list_actions` is, so the main screen stays about
its panes. The keys themselves are bound on the main screen, where the help
screen lists them in order. Where a link leads (read against the post's
source page) is the Textual-free :func:`~newsreader.ui.model.links.openable_url`'s
rule; a terminal with no graphical browser gets the address copied instead.
"""

from __future__ import annotations

from textual import getters
from textual.screen import Screen

from newsreader.core.text.safe import clean_line
from newsreader.ui.browser import open_in_browser
from newsreader.ui.model.links import openable_url
from newsreader.ui.model.reading import Reading
from newsreader.ui.widgets.article_view import ArticleView


class LinkActions(Screen[None]):
    """Keys over the open post's links and its source page."""

    reading: Reading
    article_view = getters.query_one(ArticleView)

    def action_next_link(self, step: int) -> None:
        """Select the next ``[n]`` mark in the article and say where it leads."""
        self.article_view.focus()
        if (link := self.article_view.next_link(step)) is None:
            self.notify("This post has no links.", markup=False)
        else:
            source = self.reading.document.source if self.reading.document else ""
            url = openable_url(link.url, source) or link.url
            self.notify(f"[{link.number}] {clean_line(url)}", title="Enter opens", markup=False)

    def action_open_link(self, number: int | None = None) -> None:
        """Open the selected link (or link ``number``) in the browser."""
        document = self.reading.document
        if document is None:
            return
        link = self.article_view.selected_link
        if number is not None:
            link = next((item for item in document.links if item.number == number), None)
        if link is not None:
            self._open_url(link.url, document.source)

    def action_open_source(self) -> None:
        """Open the page the post was mirrored from."""
        if (document := self.reading.document) is not None:
            if document.source:
                self._open_url(document.source)
            else:
                self.notify("This post names no source page.", markup=False)

    def action_copy_link(self) -> None:
        """Copy the selected link's address, else the source URL."""
        if (document := self.reading.document) is None:
            return
        link = self.article_view.selected_link
        url = openable_url(link.url, document.source) if link else document.source
        if url:
            self.app.copy_to_clipboard(url)
            self.notify(f"Copied {clean_line(url)}", markup=False)
        else:
            self.notify("No link to copy: press L to select one.", markup=False)

    def _open_url(self, url: str, source: str = "") -> None:
        """Open ``url`` (read against ``source``), or copy it when no browser can."""
        target = openable_url(url, source)
        if target is None:
            self.notify(f"Not a web link: {clean_line(url)}", severity="warning", markup=False)
        elif open_in_browser(target):
            self.notify(f"Opened {clean_line(target)}", markup=False)
        else:
            self.app.copy_to_clipboard(target)
            message = f"No graphical browser; copied {clean_line(target)}"
            self.notify(message, severity="warning", markup=False)

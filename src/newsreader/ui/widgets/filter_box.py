"""The list's filter box: an ``Input`` one can always leave.

Typing goes into the box and never reaches the reader's keys (``Input``
takes every printable key); Escape clears the filter and goes back to the
list, Down and Enter go to the list keeping it. The language is
:mod:`newsreader.ui.model.filter_query`'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input

PLACEHOLDER = "Filter: words tag: cat: since: until: is:unread (Esc clears)"


class FilterBox(Input):
    """The filter over the article list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear_and_leave", "Clear", tooltip="Clear the filter, back to the list"),
        Binding("down", "leave", "To list", tooltip="Keep the filter, go down into the list"),
    ]
    """Ways out of the box (Enter is Input's own ``Submitted``: into the list too)."""

    @dataclass
    class Left(Message):
        """The user left the box for the list (``cleared``: with Escape)."""

        box: FilterBox
        cleared: bool

        @property
        def control(self) -> FilterBox:
            """The box that was left."""
            return self.box

    def __init__(self, *, id: str | None = None) -> None:
        """A filter box whose placeholder names the language."""
        super().__init__(placeholder=PLACEHOLDER, id=id)

    def action_clear_and_leave(self) -> None:
        """Empty the box and hand focus back to the list."""
        self.value = ""
        self.post_message(self.Left(self, cleared=True))

    def action_leave(self) -> None:
        """Go into the list, keeping the filter."""
        self.post_message(self.Left(self, cleared=False))

"""The list's filter box: an ``Input`` one can always leave.

Typing goes into the box and never reaches the reader's keys (``Input``
takes every printable key); Escape clears the filter and goes back to the
list, Down and Enter go to the list keeping it. The language is
:mod:`newsreader.ui.model.filter_query`'s.

Leaving moves the focus at once, in the key's own action, not when the
screen reads :class:`FilterBox.Left`: the app routes each key to the widget
focused when the key arrives, so an Enter that came with the Down (a paste,
a fast typist, a slow link) went to the box, not to the list.
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
    """Ways out of the box (Enter is Input's own submit: into the list too)."""

    @dataclass
    class Left(Message):
        """The user left the box for the list (``cleared``: with Escape)."""

        box: FilterBox
        cleared: bool

        @property
        def control(self) -> FilterBox:
            """The box that was left."""
            return self.box

    def __init__(self, *, leads_to: str, id: str | None = None) -> None:
        """A filter box whose placeholder names the language.

        Args:
            leads_to: Selector of the widget leaving the box focuses (the list).
            id: The widget's id.
        """
        # Not selected on focus: Tab passes through the box on its way round
        # the panes, and a key typed there replaced the whole filter.
        super().__init__(placeholder=PLACEHOLDER, id=id, select_on_focus=False)
        self.leads_to = leads_to

    def action_clear_and_leave(self) -> None:
        """Empty the box and hand focus back to the list."""
        self.value = ""
        self._leave(cleared=True)

    def action_leave(self) -> None:
        """Go into the list, keeping the filter."""
        self._leave(cleared=False)

    async def action_submit(self) -> None:
        """Enter: into the list too, keeping the filter."""
        self._leave(cleared=False)
        await super().action_submit()

    def _leave(self, *, cleared: bool) -> None:
        self._focus_target()
        self.post_message(self.Left(self, cleared=cleared))

    def _focus_target(self) -> None:
        """Focus the widget the box leads to now, so the next key queued goes there."""
        self.screen.set_focus(self.screen.query_one(self.leads_to))

"""The find-in-article box: an ``Input`` that reports Escape as ``Closed``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input


class FindBar(Input):
    """Type to highlight matches in the article; Enter keeps them, Escape clears."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", tooltip="Stop finding and clear the highlights"),
    ]
    """Escape leaves the box (Enter is Input's own ``Submitted``)."""

    @dataclass
    class Closed(Message):
        """The user left the find box with Escape."""

        bar: FindBar

        @property
        def control(self) -> FindBar:
            """The find box that was closed."""
            return self.bar

    def __init__(self, *, id: str | None = None) -> None:
        """A find box with a placeholder that explains itself."""
        super().__init__(placeholder="Find in article (Enter: keep, Esc: clear)", id=id)

    def action_close(self) -> None:
        """Report Escape to the screen, which hides the box."""
        self.post_message(self.Closed(self))

"""Back/forward through the posts a reader opened, like a web browser.

Kept out of the widgets (frogmouth keeps its history inside its viewer widget,
a habit not copied here) so it is tested on its own.
"""

from __future__ import annotations


class History:
    """A browser-style list of visited post paths with a cursor.

    Visiting a new path after going back drops the forward entries, as every
    browser does; visiting the current path again is a no-op so re-opening a
    post does not grow the history.
    """

    def __init__(self, limit: int = 200) -> None:
        """Start empty.

        Args:
            limit: Most entries kept; the oldest go first.
        """
        self._entries: list[str] = []
        self._index = -1
        self._limit = limit

    @property
    def current(self) -> str | None:
        """The path shown now, if any."""
        return self._entries[self._index] if self._entries else None

    @property
    def can_back(self) -> bool:
        """Whether there is an earlier entry."""
        return self._index > 0

    @property
    def can_forward(self) -> bool:
        """Whether there is a later entry."""
        return self._index < len(self._entries) - 1

    def visit(self, path: str) -> None:
        """Record that ``path`` was opened.

        Args:
            path: The opened post's path.
        """
        if self.current == path:
            return
        del self._entries[self._index + 1 :]
        self._entries.append(path)
        if len(self._entries) > self._limit:
            del self._entries[0]
        self._index = len(self._entries) - 1

    def back(self) -> str | None:
        """Step back.

        Returns:
            The earlier path, or None at the start.
        """
        if not self.can_back:
            return None
        self._index -= 1
        return self._entries[self._index]

    def forward(self) -> str | None:
        """Step forward.

        Returns:
            The later path, or None at the end.
        """
        if not self.can_forward:
            return None
        self._index += 1
        return self._entries[self._index]

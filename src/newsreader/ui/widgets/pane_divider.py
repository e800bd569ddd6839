"""A one-cell divider between the list and the article, dragged with the mouse.

Textual has no splitter widget, but mouse capture gives one: the press
captures the mouse, so every move until the release comes here even when the
pointer runs over the panes, and the divider reports where it is. The screen
turns that into the same remembered list share ``<`` and ``>`` change (see
:meth:`newsreader.ui.model.panes.PaneRoom.share_for`): attributes down,
messages up.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.message import Message
from textual.widget import Widget


class PaneDivider(Widget):
    """Drag to widen or narrow the list; hover shows it can be."""

    @dataclass
    class Dragged(Message):
        """The divider was dragged to ``screen_x`` (the column the pointer is on)."""

        divider: PaneDivider
        screen_x: int

        @property
        def control(self) -> PaneDivider:
            """The divider dragged."""
            return self.divider

        def can_replace(self, message: Message) -> bool:
            """A drag's newer position supersedes one not yet handled (moves come fast)."""
            return isinstance(message, PaneDivider.Dragged)

    def render(self) -> str:
        """Nothing but its background (styled in ``newsreader.tcss``)."""
        return ""

    @property
    def dragging(self) -> bool:
        """Whether a drag is under way (the mouse is captured here)."""
        return self.app.mouse_captured is self

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """Start a drag: all mouse moves come here until the button is released."""
        if event.button == 1:
            event.stop()
            self.capture_mouse()
            self.add_class("-dragging")

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Report where the pointer is while dragging."""
        if self.dragging:
            event.stop()
            self.post_message(self.Dragged(self, event.screen_x))

    def on_mouse_up(self, event: events.MouseUp) -> None:
        """End the drag where the button is released."""
        if self.dragging:
            event.stop()
            self.post_message(self.Dragged(self, event.screen_x))
            self.release_mouse()

    def on_mouse_release(self, _: events.MouseRelease) -> None:
        """The capture ended (released here, or taken by another widget)."""
        self.remove_class("-dragging")

"""The footer, rebuilt only when the keys it shows change.

Textual's ``Footer`` removes and mounts every key on each bindings update, and
the screen asks for one on every open, focus move and ``refresh_bindings``:
each rebuild restyles the keys and lays the whole screen out again, which was
most of opening a post, next unread and mark read at 10^5 posts. The keys
shown rarely differ between two updates, so an update that would draw the
same keys is skipped.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


class SteadyFooter(Footer):
    """A ``Footer`` that recomposes only when its keys, their state or tooltips change."""

    _composed: Hashable = None

    def _shown_keys(self) -> Hashable:
        """What ``compose`` draws from: each shown binding, enabled or not, with its tooltip."""
        palette = self.app.COMMAND_PALETTE_BINDING
        return (
            self.show_command_palette,
            self.compact,
            tuple(
                (key, binding, enabled, tooltip)
                for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
                if binding.show or key == palette
            ),
        )

    def compose(self) -> ComposeResult:
        """Draw the keys, and remember which were drawn."""
        if self._bindings_ready:
            self._composed = self._shown_keys()
        yield from super().compose()

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Rebuild, unless the keys drawn last are the keys to draw now."""
        if self._bindings_ready and screen is self.screen and self._shown_keys() == self._composed:
            return
        super().bindings_changed(screen)

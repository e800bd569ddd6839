"""The help screen: every key, grouped by where it works.

Built from the widgets' own ``BINDINGS`` (descriptions and tooltips), so the
help can never drift from what the keys really do.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from newsreader.ui.widgets.article_list import ArticleList
from newsreader.ui.widgets.article_view import ArticleView
from newsreader.ui.widgets.category_tree import CategoryTree
from newsreader.ui.widgets.filter_box import FilterBox
from newsreader.ui.widgets.find_bar import FindBar
from newsreader.ui.widgets.outline_pane import OutlinePane

Section = tuple[str, Sequence[BindingType]]
"""A heading and the bindings listed under it."""


def _palette_binding() -> Binding:
    """The command palette's key, as Textual binds it (it is no ``BINDINGS`` entry)."""
    return Binding(
        App.COMMAND_PALETTE_BINDING,
        "command_palette",
        "Palette",
        tooltip="Command palette: posts, headings, commands",
    )


def everywhere_bindings() -> list[BindingType]:
    """Keys Textual itself gives every screen: moving between panes, the palette, quitting."""
    shown = [
        b for b in [*Screen.BINDINGS, *App.BINDINGS] if isinstance(b, Binding) and b.description
    ]
    return [*shown, _palette_binding()]


def reader_sections(screen_bindings: Sequence[BindingType]) -> list[Section]:
    """The reader's keys: the screen's own, then each pane's, where they work."""
    return [
        ("Reader", screen_bindings),
        ("Everywhere", everywhere_bindings()),
        ("Article", ArticleView.BINDINGS),
        ("Article list", ArticleList.BINDINGS),
        ("Categories", CategoryTree.BINDINGS),
        ("Outline", OutlinePane.BINDINGS),
        ("Filter box", FilterBox.BINDINGS),
        ("Find box", FindBar.BINDINGS),
        ("This help", HelpScreen.BINDINGS),
    ]


_KEY_NAMES = {
    "question_mark": "?",
    "exclamation_mark": "!",
    "slash": "/",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "full_stop": ".",
    "comma": ",",
    "plus": "+",
    "equals_sign": "=",
    "minus": "-",
    "escape": "Esc",
    "backspace": "Backspace",
    "enter": "Enter",
    "space": "Space",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "less_than_sign": "<",
    "greater_than_sign": ">",
    "tab": "Tab",
    "shift+tab": "Shift+Tab",
    "ctrl+p": "Ctrl+P",
    "ctrl+q": "Ctrl+Q",
    "up": "↑",
    "down": "↓",
    "home": "Home",
    "end": "End",
}


def key_label(keys: str) -> str:
    """Readable keys for ``Binding.key`` (``"left_square_bracket,k"`` -> ``"[ k"``)."""
    return " ".join(_KEY_NAMES.get(key, key) for key in keys.split(","))


def help_rows(bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
    """Key and explanation for each binding (its tooltip, else its description)."""
    rows = []
    for binding in bindings:
        if isinstance(binding, Binding):
            rows.append((key_label(binding.key), binding.tooltip or binding.description))
    return rows


def _scroll(keys: str, action: str, tooltip: str) -> Binding:
    return Binding(keys, f"scroll('{action}')", tooltip, show=False, tooltip=tooltip)


class HelpScreen(ModalScreen[None]):
    """Key reference; Escape, ``q`` or ``?`` closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", tooltip="Back to the reader"),
        _scroll("down,j", "scroll_down", "Scroll down"),
        _scroll("up,k", "scroll_up", "Scroll up"),
        _scroll("pagedown,space", "page_down", "A page down"),
        _scroll("pageup", "page_up", "A page up"),
        _scroll("home,g", "scroll_home", "To the top"),
        _scroll("end,G", "scroll_end", "To the end"),
    ]
    """Close with the key that opened it, or the usual ones; scroll like a pager."""

    def action_scroll(self, action: str) -> None:
        """Scroll the key list (it is longer than a small terminal)."""
        dialog = self.query_one("#help-dialog", VerticalScroll)
        getattr(dialog, f"action_{action}")()

    def __init__(self, sections: Sequence[Section]) -> None:
        """Show ``sections`` of bindings.

        Args:
            sections: ``(heading, bindings)`` pairs, in display order.
        """
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        """One table per section, in a scrolling dialog."""
        with VerticalScroll(id="help-dialog", classes="dialog"):
            yield Label("Keys", id="help-title")
            for heading, bindings in self.sections:
                table = Table.grid(padding=(0, 2))
                table.add_column(style="bold", min_width=12)
                table.add_column()
                for key, text in help_rows(bindings):
                    table.add_row(Text(key), Text(text))
                yield Label(heading, classes="help-heading")
                yield Static(table, classes="help-table")

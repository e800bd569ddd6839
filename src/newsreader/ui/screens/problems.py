"""The Problems screen: every file the loader could not use, one line each.

Problem text names files from the archive, so it is data: it goes through
:func:`~newsreader.core.text.safe.clean_line` and into a ``RichLog`` as
``Text`` (never markup), wrapped to the dialog's width.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, RichLog

from newsreader.core.model import Problem
from newsreader.core.text.safe import clean_line


def problem_lines(problems: Sequence[Problem]) -> list[str]:
    """One safe line per problem, in the loader's (path) order."""
    return [clean_line(str(problem)) for problem in problems]


class ProblemsScreen(ModalScreen[None]):
    """Lists the archive's problems; Escape or ``q`` closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,exclamation_mark", "dismiss", "Close", tooltip="Back to the reader"),
    ]
    """Close with the key that opened it, or the usual ones."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        """Show ``problems``.

        Args:
            problems: The archive's problems plus any met opening posts.
        """
        super().__init__()
        self.problems = tuple(problems)

    def compose(self) -> ComposeResult:
        """A title line over a scrolling log of problems."""
        count = len(self.problems)
        with Vertical(id="problems-dialog", classes="dialog"):
            yield Label(f"{count} problem{'s' if count != 1 else ''}", id="problems-title")
            # RichLog wraps at no less than min_width (78 by default), wider than
            # the dialog on an 80-column terminal: lines ran off to the right.
            yield RichLog(
                wrap=True, markup=False, min_width=20, id="problems-log", auto_scroll=False
            )

    def on_mount(self) -> None:
        """Fill the log (it draws only the visible lines, so 10^4 problems are fine)."""
        log = self.query_one(RichLog)
        lines = problem_lines(self.problems) or ["No problems: every file was read."]
        for line in lines:
            log.write(Text(line), scroll_end=False)
        log.focus()

"""The overview (``v``): the archive at a glance, one row per category.

Each row names the category, draws its posts per month as a sparkline over
the same months for every row (so the rows compare), and counts its posts,
unread posts and problems. The figures come from
:func:`newsreader.ui.model.overview.build_overview`; names are post data and
shown as literal text.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Sparkline

from newsreader.core.text.safe import clean_line
from newsreader.ui.model.overview import CategoryRow, Overview


def _figures(row: CategoryRow) -> Text:
    """``12 posts · 3 unread · 1 problem``, the problems in the warning colour."""
    text = Text(f"{row.posts:>5} posts · {row.unread:>5} unread")
    if row.problems:
        plural = "" if row.problems == 1 else "s"
        text.append(f" · {row.problems} problem{plural}", style="bold yellow")
    return text


def summary(overview: Overview) -> Text:
    """The line over the rows: totals and the months drawn."""
    rows = overview.rows
    posts, unread = sum(r.posts for r in rows), sum(r.unread for r in rows)
    problems = sum(r.problems for r in rows)
    line = f"{posts} posts in {len(rows)} categories · {unread} unread · {problems} problems"
    if overview.span:
        line += f" · posts per month, {overview.span}"
    return Text(line)


class OverviewScreen(ModalScreen[None]):
    """Per category: posts per month, unread and problem counts; Escape closes."""

    DEFAULT_CSS = """
    OverviewScreen { align: center middle; }
    OverviewScreen > #overview-dialog {
        width: 95%; height: 85%; border: round $accent; background: $surface; padding: 0 1;
    }
    OverviewScreen #overview-summary { color: $text-muted; margin-bottom: 1; }
    OverviewScreen .overview-row { height: 2; }
    OverviewScreen .overview-name { width: 24; text-style: bold; }
    OverviewScreen Sparkline { width: 1fr; height: 1; margin: 0 1; }
    OverviewScreen .overview-figures { width: auto; min-width: 32; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,v,q", "close", "Close", tooltip="Back to the reader"),
    ]
    """Escape (or ``v`` again) closes."""

    def __init__(self, overview: Overview) -> None:
        """Show ``overview``."""
        super().__init__()
        self.overview = overview

    def compose(self) -> ComposeResult:
        """A summary line over one row per category."""
        with Vertical(id="overview-dialog"):
            yield Label(Text("Archive overview", style="bold"), id="overview-title")
            yield Label(summary(self.overview), id="overview-summary")
            with VerticalScroll(id="overview-rows"):
                for row in self.overview.rows:
                    with Horizontal(classes="overview-row"):
                        name = Text(clean_line(row.label), no_wrap=True, overflow="ellipsis")
                        yield Label(name, classes="overview-name")
                        yield Sparkline(list(row.per_month), summary_function=max)
                        yield Label(_figures(row), classes="overview-figures")

    def action_close(self) -> None:
        """Back to the reader."""
        self.dismiss(None)

"""Everything the reader is told at start, as one settings object.

The CLI builds a :class:`ReaderOptions` from its arguments and hands it to
:func:`newsreader.ui.app.make_app` once; every screen reads what it needs from
it. One object instead of keyword arguments threaded through the app, the
screens and the workers is what keeps ``--no-cache`` and the filters from
being dropped on the way (both once were).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from newsreader.core.archive.filters import Criteria


@dataclass(frozen=True)
class ReaderOptions:
    """How to open the reader.

    Attributes:
        criteria: Which posts to show (the CLI's ``--category``, ``--tag``,
            ``--since``, ``--until``, ``--unpublished``, ``--post``).
        search: Show only posts matching this full-text query (``--search``),
            best match first.
        use_cache: Read and search through the persistent index; False
            (``--no-cache``) reads every file afresh and writes no index.
        state_dir: Where reading marks and bookmarks live (default: the user
            state directory).
        cache_dir: Where the index lives (default: the user cache directory).
        export_dir: Where ``e`` saves posts (default: Downloads).
        text_width: Most cells an article line takes, centred in a wider
            pane (80 cells: 40 Chinese characters, a comfortable measure);
            0 lets lines fill the pane.
        read_on: When a post counts as read: ``"open"`` as soon as it is
            shown, or ``"end"`` once its last line has been on screen.
    """

    criteria: Criteria = field(default_factory=Criteria)
    search: str | None = None
    use_cache: bool = True
    state_dir: Path | None = None
    cache_dir: Path | None = None
    export_dir: Path | None = None
    text_width: int = 80
    read_on: Literal["open", "end"] = "open"

    def filter_summary(self) -> str:
        """A short line naming every filter in force, or ``""`` when none is.

        The reader shows it over the list, so a narrowed archive is never
        mistaken for the whole one.
        """
        criteria = self.criteria
        parts = [f"category {name}" for name in criteria.categories]
        parts += [f"tag {name}" for name in criteria.tags]
        if criteria.since is not None:
            parts.append(f"since {criteria.since.isoformat()}")
        if criteria.until is not None:
            parts.append(f"until {criteria.until.isoformat()}")
        if criteria.post is not None:
            parts.append(f"post {criteria.post}")
        if self.search:
            parts.append(f"search {self.search}")
        return " · ".join(parts)

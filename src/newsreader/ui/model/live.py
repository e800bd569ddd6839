"""What to tell the reader when the archive changed on disk (Textual-free).

The watcher reloads the archive; this decides the words: how many posts were
added, updated or removed, and what became of the open post (reopened when
its file changed or came back, kept open with a warning when it was removed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from newsreader.core.index.refresh import Refreshed
from newsreader.core.model import Post
from newsreader.core.text.safe import clean_line

Severity = Literal["information", "warning"]


@dataclass(frozen=True, slots=True)
class LiveNotice:
    """One notice for the user after a reload."""

    text: str
    severity: Severity = "information"


def removed_notice(post: Post) -> str:
    """The notice for an open post whose file is gone."""
    title = clean_line(post.title)
    return f"「{title}」 was removed from the archive; it stays readable until you leave it."


def live_notices(changes: Refreshed, current: Post | None, by_hand: bool) -> list[LiveNotice]:
    """The notices for one reload.

    Args:
        changes: What the reload found.
        current: The open post, if any.
        by_hand: The user pressed ``R`` (then "nothing changed" is news too).

    Returns:
        The index's notices, the summary, and a warning if the open post is gone.
    """
    notices = [LiveNotice(clean_line(text), "warning") for text in changes.notices]
    if summary := changes.summary():
        notices.append(LiveNotice(f"Archive changed: {summary}."))
    elif by_hand:
        notices.append(LiveNotice("Archive reloaded: nothing changed."))
    if current is not None and current.path in changes.removed:
        notices.append(LiveNotice(removed_notice(current), "warning"))
    return notices


def reopened(changes: Refreshed, current: Post | None, by_path: dict[str, Post]) -> Post | None:
    """The open post's new version when its file changed, else None.

    Written again after it was removed (the reader kept showing it), it is
    added, not updated: a new version all the same.
    """
    if current is None or (
        current.path not in changes.updated and current.path not in changes.added
    ):
        return None
    return by_path.get(current.path)

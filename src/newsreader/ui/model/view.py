"""What the reader showed when it was left, as saved and read back (Textual-free).

The state store keeps it as JSON values by name; anything read back that is
not of the expected shape is replaced by the default, never trusted, since
the file may have been written by another version or damaged by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import get_args

from newsreader.ui.model.catalog import ALL, Group, GroupKind
from newsreader.ui.model.listing import SORTS, SortKey
from newsreader.ui.model.panes import LIST_SHARE, valid_share


@dataclass(frozen=True)
class SavedView:
    """The parts of the reader's view that a restart brings back.

    Attributes:
        group: The category tree's chosen group.
        filter_text: The filter box's text.
        sort: The list's order.
        unread_only: Whether the list showed unread posts only.
        selected: The path of the post under the list's cursor.
        list_y: The list's scroll offset (rows).
        outline: Blocks of the outline headings that were expanded.
        list_share: The list's share of the width, in percent.
    """

    group: Group = ALL
    filter_text: str = ""
    sort: SortKey = "date"
    unread_only: bool = False
    selected: str | None = None
    list_y: int = 0
    outline: tuple[int, ...] = ()
    list_share: int = LIST_SHARE

    def to_json(self) -> dict[str, object]:
        """The view as JSON values by name (what :meth:`StateStore.save_view` takes)."""
        return {
            "group": [self.group.kind, list(self.group.path)],
            "filter": self.filter_text,
            "sort": self.sort,
            "unread_only": self.unread_only,
            "selected": self.selected,
            "list_y": self.list_y,
            "outline": list(self.outline),
            "list_share": self.list_share,
        }


def _group(value: object) -> Group:
    if isinstance(value, list) and len(value) == 2:
        kind, path = value
        if kind in get_args(GroupKind) and isinstance(path, list):
            if all(isinstance(part, str) for part in path):
                return Group(kind, tuple(path))
    return ALL


def _whole(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def read_view(saved: Mapping[str, object]) -> SavedView:
    """The view in ``saved`` (the store's JSON by name), defaults where a value is off."""
    sort = saved.get("sort")
    outline = saved.get("outline")
    selected = saved.get("selected")
    filter_text = saved.get("filter")
    return SavedView(
        group=_group(saved.get("group")),
        filter_text=filter_text if isinstance(filter_text, str) else "",
        sort=sort if isinstance(sort, str) and sort in SORTS else "date",
        unread_only=saved.get("unread_only") is True,
        selected=selected if isinstance(selected, str) else None,
        list_y=_whole(saved.get("list_y")),
        outline=tuple(
            block
            for block in (outline if isinstance(outline, list) else [])
            if isinstance(block, int) and not isinstance(block, bool) and block >= 0
        ),
        list_share=valid_share(saved.get("list_share")),
    )

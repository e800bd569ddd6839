"""Back/forward history, without an app."""

from __future__ import annotations

from newsreader.ui.model.history import History


def test_back_and_forward_walk_the_visits() -> None:
    history = History()
    for path in ("a", "b", "c"):
        history.visit(path)
    assert history.back() == "b"
    assert history.back() == "a"
    assert history.back() is None
    assert history.forward() == "b"
    assert history.current == "b"


def test_visit_after_back_drops_forward_entries() -> None:
    history = History()
    for path in ("a", "b", "c"):
        history.visit(path)
    history.back()
    history.visit("d")
    assert not history.can_forward
    assert history.back() == "b"


def test_revisiting_current_does_not_grow() -> None:
    history = History()
    history.visit("a")
    history.visit("a")
    assert not history.can_back


def test_limit_drops_oldest() -> None:
    history = History(limit=2)
    for path in ("a", "b", "c"):
        history.visit(path)
    assert history.back() == "b"
    assert history.back() is None

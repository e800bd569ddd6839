"""A big body is parsed with the cyclic collector paused, and the collector is left as it was."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from newsreader.core.document import open as opening
from newsreader.core.document import parse
from newsreader.core.document.model import Document

BIG = "<p>一、总则</p>\n" * (opening.PAUSE_COLLECTOR_FROM // 10)


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bool]]:
    """Whether the collector was on while each body was parsed."""
    states: list[bool] = []
    parse_body = parse.parse_body_reporting

    def recording(body: str) -> tuple[Document, list[str]]:
        states.append(gc.isenabled())
        return parse_body(body)

    monkeypatch.setattr(opening, "parse_body_reporting", recording)
    was = gc.isenabled()
    yield states
    gc.enable() if was else gc.disable()


def test_a_big_body_is_parsed_with_the_collector_paused(seen: list[bool]) -> None:
    gc.enable()
    document = opening.document_from_text(BIG)
    assert seen == [False] and gc.isenabled()
    assert document.outline and len(document.blocks) == BIG.count("<p>")


def test_a_small_body_leaves_the_collector_alone(seen: list[bool]) -> None:
    gc.enable()
    opening.document_from_text("<p>一、总则</p>")
    assert seen == [True] and gc.isenabled()


def test_a_collector_turned_off_stays_off(seen: list[bool]) -> None:
    gc.disable()
    opening.document_from_text(BIG)
    assert seen == [False] and not gc.isenabled()


def test_the_collector_comes_back_when_parsing_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(body: str) -> tuple[Document, list[str]]:
        raise RuntimeError("parser")

    monkeypatch.setattr(opening, "parse_body_reporting", failing)
    gc.enable()
    with pytest.raises(RuntimeError):
        opening.document_from_text(BIG)
    assert gc.isenabled()

"""The benchmark's big bodies are shaped like a big post: one long article, one trailer."""

from __future__ import annotations

import pytest

from newsreader.bench.documents import MB, as_markdown, parse_floor, seed_body, sized
from newsreader.core.document.open import document_from_text
from newsreader.core.document.trailer import split_trailer


@pytest.mark.parametrize("size", [MB // 10, MB // 4])
def test_sized_html_repeats_the_article_and_ends_with_the_trailer_once(size: int) -> None:
    seed = seed_body()
    body = sized(seed, size)
    article, trailer = split_trailer(seed)
    assert size * 0.9 <= len(body.encode("utf-8")) <= size
    assert body.count("<http://") == 1 and body.endswith(seed[len(article) :])
    assert body.count(article) == len(body.encode("utf-8")) // len((article + "\n").encode())
    assert document_from_text(body).source == trailer.source != ""


def test_sized_markdown_is_the_paragraphs_repeated() -> None:
    markdown = as_markdown(seed_body())
    body = sized(markdown, MB // 10)
    assert body.startswith(markdown.rstrip() + "\n" + markdown.rstrip())
    assert "<" not in body


def test_floors_run_on_any_body() -> None:
    """The floors are measured on the bench's bodies; they must take any body without failing."""
    for body in (seed_body(), "<p>未闭合<b>标签", "", sized(seed_body(), MB // 10)):
        parse_floor(body)

"""Document speed for the benchmark: opening (parse + outline) small and huge posts.

The targets (:func:`newsreader.bench.run.document_targets`): a typical 5 KB
post opens in under 10 ms, a 5 MB post in under 0.5 s, linear in size. Bodies
are built from the seed post (bundled in the sample archive), so they are
shaped like the archives we serve: one HTML body of plan-style paragraphs, and
the same text as Markdown.

Next to them, the floors no Python code of ours can go under, measured on the
same 5 MB bodies in the same run: libxml2 parsing the HTML with a target that
does nothing with its events, and cmark-gfm rendering the Markdown. Opening a
post costs those plus the walk into blocks and the outline, both per block in
Python (some 73,000 blocks in the 5 MB HTML body, 81,000 in the Markdown one).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from functools import partial

from lxml import etree  # type: ignore[import-untyped]  # no stubs in the venv

from newsreader.core.archive.source import read_source
from newsreader.core.document.markdown import render_markdown
from newsreader.core.document.open import document_from_text
from newsreader.core.document.trailer import split_trailer
from newsreader.samples import sample_archive

MB = 1_000_000


def seed_body() -> str:
    """The seed post's body (HTML), from the bundled sample archive."""
    seed = sample_archive() / "_posts" / "2022-01-11-NW202201112242932867.md"
    return read_source(seed, seed.name).body


def sized(body: str, size: int) -> str:
    """``body``'s article repeated to about ``size`` bytes of UTF-8, its trailer once, at the end.

    A big post is one long article (a law, a plan of many numbered
    paragraphs) and one trailer. Repeating the seed's trailer too (its source
    line ``<http://…>`` and the mirror's navigation) would make a body unlike
    any post: libxml2 reads each ``<http://…>`` as a tag that is never
    closed, so copy *k* sat *k* elements deep (some 750 levels at 5 MB), and
    every copy's navigation became paragraphs in mid-body.
    """
    article, _trailer = split_trailer(body)
    tail = body[len(article) :]  # split_trailer keeps the body's start as it is
    copies = max(1, size // len((article + "\n").encode("utf-8")))
    return (article + "\n") * copies + tail


def as_markdown(html: str) -> str:
    """The seed's paragraphs as Markdown paragraphs (tags dropped)."""
    import re

    paragraphs = re.findall(r"<p[^>]*>(.*?)</p>", html, flags=re.S)
    return "\n\n".join(p.strip() for p in paragraphs) + "\n"


def median_time(action: Callable[[], object], repeat: int = 5) -> float:
    """Median wall-clock seconds of ``action`` over ``repeat`` calls.

    The median, not the mean, so one run slowed by the machine does not count.
    """
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


class _IgnoredEvents:
    """An lxml parser target that does nothing: what libxml2 costs before any of our work."""

    def start(self, tag: str, attrib: object) -> None: ...
    def end(self, tag: str) -> None: ...
    def data(self, text: str) -> None: ...
    def comment(self, text: str) -> None: ...
    def close(self) -> None: ...


def parse_floor(html: str) -> None:
    """libxml2's parse of ``html`` with its events sent to a target that ignores them."""
    parser = etree.HTMLParser(target=_IgnoredEvents(), encoding="utf-8", no_network=True)
    etree.fromstring(html.encode("utf-8"), parser)


def document_figures(repeat: int = 3) -> dict[str, float]:
    """Median seconds to open posts of each shape and size, in this process.

    Returns:
        ``{"open 5 KB HTML": s, "open 1 MB HTML": s, "open 5 MB HTML": s,
        "open 1 MB Markdown": s, "open 5 MB Markdown": s}``, then the
        floors of the 5 MB bodies: ``"floor 5 MB HTML (libxml2 alone)"`` and
        ``"floor 5 MB Markdown (cmark alone)"``.
    """
    html = seed_body()
    markdown = as_markdown(html)
    cases = {
        "open 5 KB HTML": (html, 50),
        "open 1 MB HTML": (sized(html, MB), repeat),
        "open 5 MB HTML": (sized(html, 5 * MB), repeat),
        # Markdown as often as HTML: one run on a loaded machine made its 5 MB / 1 MB ratio noise.
        "open 1 MB Markdown": (sized(markdown, MB), repeat),
        "open 5 MB Markdown": (sized(markdown, 5 * MB), repeat),
    }
    figures = {
        label: median_time(partial(document_from_text, body), times)
        for label, (body, times) in cases.items()
    }
    figures["floor 5 MB HTML (libxml2 alone)"] = median_time(
        partial(parse_floor, cases["open 5 MB HTML"][0]), repeat
    )
    figures["floor 5 MB Markdown (cmark alone)"] = median_time(
        partial(render_markdown, cases["open 5 MB Markdown"][0]), repeat
    )
    return figures


def linearity(figures: dict[str, float], kind: str) -> float:
    """How much longer 5 MB takes than 1 MB (5.0 is perfectly linear)."""
    return figures[f"open 5 MB {kind}"] / figures[f"open 1 MB {kind}"]


if __name__ == "__main__":
    for name, seconds in document_figures().items():
        print(f"{name:24} {seconds * 1000:10.2f} ms")

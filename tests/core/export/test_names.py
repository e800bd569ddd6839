"""Export file names: whatever a slug or category holds, the name is one safe component."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsreader.core.export.names import MAX_NAME_BYTES, export_dir, export_filename, safe_name
from newsreader.core.model import Post
from newsreader.core.text.safe import INVISIBLE

POST = Post(
    path="_posts/2022-01-08-x.md", title="t", date=datetime(2022, 1, 8, tzinfo=UTC), slug="x"
)
# Every character the names must not carry: controls, separators, Windows'
# forbidden set and the invisible reordering or hiding characters.
FORBIDDEN = re.compile(f'[\\x00-\\x1f\\x7f-\\x9f/\\\\:*?"<>|{INVISIBLE}]')
HOSTILE = st.text(
    alphabet=st.characters(codec="utf-8")
    | st.sampled_from(
        list(". /\\\x1b\x9b\u202a\u202e\u2066\u2069\u200e\u200f\u061c\u200b\u200d\u2060\ufeff")
        # A file name that is not UTF-8 reaches Python as lone surrogates (os.fsdecode).
        + ["\udcff", "\udcfe", "\udc80"]
    )
)
RESERVED_STEMS = ("CON", "PRN", "AUX", "NUL", "COM1", "LPT9", "CONIN$", "CONOUT$")


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("\u202egnp.exe", "2022-01-08-gnp.exe.txt"),
        ("a\u2066b\u2069c\u200ed\u200fe\u061cf", "2022-01-08-abcdef.txt"),
        ("zero\u200bwidth\u200c\u200djoin\u2060\ufeff", "2022-01-08-zerowidthjoin.txt"),
        ("\u202a\u202b\u202c\u202d", "2022-01-08-untitled.txt"),
        ("...", "2022-01-08-___.txt"),
        ("c1\x85\x9bnext", "2022-01-08-c1__next.txt"),
    ],
)
def test_filename_drops_invisible_and_control_characters(slug: str, expected: str) -> None:
    assert export_filename(dataclasses.replace(POST, slug=slug)) == expected


@pytest.mark.parametrize("stem", [*RESERVED_STEMS, "con", "Com1", "lpt\u00b9", "nul "])
@pytest.mark.parametrize("extension", ["", ".txt", ".tar.gz"])
def test_windows_device_names_get_a_prefix(stem: str, extension: str) -> None:
    name = safe_name(stem + extension, fallback="x")
    assert name.startswith("_") and name.split(".", 1)[0].rstrip(" ").upper() != stem.upper()


@pytest.mark.parametrize("category", [".", "..", "...", " . ", "\u202e..\u200b"])
def test_folder_of_only_dots_is_never_a_dot_name(category: str) -> None:
    folder = export_dir(dataclasses.replace(POST, categories=(category,)))
    assert folder.strip(".") and "/" not in folder


@pytest.mark.parametrize("char", ["a", "é", "规", "😀"])
def test_long_names_fit_255_bytes_on_a_character_boundary(char: str) -> None:
    name = safe_name(char * 400, fallback="x", max_bytes=255)
    assert len(name.encode("utf-8")) <= 255 and set(name) == {char}


def test_a_cut_that_bares_a_dot_does_not_end_the_name_with_it() -> None:
    assert safe_name("a" * 9 + ".b", fallback="x", max_bytes=10) == "a" * 9 + "_"


def test_a_long_device_name_stays_within_the_cap() -> None:
    name = safe_name("con." + "x" * 300, fallback="x", max_bytes=50)
    assert name.startswith("_con.") and len(name.encode("utf-8")) <= 50


@given(HOSTILE)
def test_any_slug_gives_one_safe_component(slug: str) -> None:
    name = export_filename(dataclasses.replace(POST, slug=slug))
    assert not FORBIDDEN.search(name)
    assert len(name.encode("utf-8")) <= MAX_NAME_BYTES
    assert name.startswith("2022-01-08-") and name.endswith(".txt")


@given(HOSTILE)
def test_any_category_gives_one_safe_folder(category: str) -> None:
    folder = export_dir(dataclasses.replace(POST, categories=(category,)))
    assert folder and not FORBIDDEN.search(folder) and folder.strip(".")
    assert folder == folder.strip() and not folder.endswith(".")
    assert folder.split(".", 1)[0].rstrip(" ").upper() not in RESERVED_STEMS
    assert len(folder.encode("utf-8")) <= MAX_NAME_BYTES

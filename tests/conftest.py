"""Shared fixtures: the bundled sample archive and a small-archive builder."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "sample_posts"
SEED = SAMPLE / "_posts" / "2022-01-11-NW202201112242932867.md"
GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture(autouse=True)
def private_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep every test's cache, state and logs out of the real user directories."""
    base = tmp_path_factory.mktemp("xdg")
    for name in ("XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, str(base / name.lower()))


@pytest.fixture(autouse=True)
def thawed_heap() -> Iterator[None]:
    """Give the collector back what a test's reader froze (one reader a process in use).

    The reader freezes its heap after its first post (``settle_heap``): for a
    program that runs one reader, what is alive then lives as long. A test
    process runs hundreds; their apps, frozen, would never be collected.
    """
    yield
    gc.unfreeze()


@pytest.fixture
def sample_archive() -> Path:
    """The sample archive shipped with the repository (read-only: never write to it)."""
    return SAMPLE


@pytest.fixture
def make_archive(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """Build an archive in ``tmp_path`` from ``{relative path: text or bytes}``."""

    def build(files: dict[str, str | bytes]) -> Path:
        root = tmp_path / "archive"
        root.mkdir(exist_ok=True)
        for rel, content in files.items():
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        return root

    return build

"""Where the bundled sample archive lives, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path


def sample_archive() -> Path:
    """The bundled sample archive: inside the installed package, else the repo's.

    A wheel carries ``sample_posts`` inside the package (pyproject's
    force-include); an editable install or a checkout has it at the top level.
    """
    package = Path(__file__).resolve().parent
    packaged = package / "sample_posts"
    if packaged.is_dir():
        return packaged
    return package.parents[1] / "sample_posts"

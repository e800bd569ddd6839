"""Running the command line in-process, as the CLI tests do."""

from __future__ import annotations

import pytest

from newsreader.cli import main


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``newsreader argv…``; its exit status, stdout and stderr (argparse exits included)."""
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err

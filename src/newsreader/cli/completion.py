"""Shell completion scripts, generated from the argument parser by shtab.

Generating from the parser keeps completion in step with the options; shtab
is imported only for ``--print-completion`` (it costs ~0.2 s to import).
"""

from __future__ import annotations

import argparse

# Which arguments complete to paths: shtab reads an action's ``complete`` attribute.
_FILES = ("archive", "post")
_FOLDERS = ("output",)


def completion_script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script for ``shell`` (``bash``, ``zsh`` or ``fish``).

    Args:
        parser: The CLI's parser (:func:`newsreader.cli.args.build_parser`).
        shell: The shell to write for.

    Returns:
        The script, ending in a newline, to be sourced by that shell.
    """
    import shtab

    for action in parser._actions:
        if action.dest in _FILES:
            action.complete = shtab.FILE  # type: ignore[attr-defined]
        elif action.dest in _FOLDERS:
            action.complete = shtab.DIRECTORY  # type: ignore[attr-defined]
    script: str = shtab.complete(parser, shell=shell)
    return script if script.endswith("\n") else script + "\n"

"""Command line: open the reader, or list, export and outline posts for scripts.

``--list``, ``--export``, ``--outline`` and ``--search`` use the core only; the
Textual UI is imported lazily (:func:`newsreader.cli.modes.run_reader`), so
scripts and pipes never pay for (or depend on) it. This module dispatches and
maps errors to exit codes; :mod:`newsreader.cli.args` parses.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from newsreader.cli.args import CliError, build_parser, check_combinations
from newsreader.cli.output import (
    OutputFailed,
    plug_closed_streams,
    send,
    silence_stdout,
    standard_output,
)
from newsreader.core.export.targets import ExportRefused
from newsreader.core.index.query import NoSearchableTerm
from newsreader.core.text.safe import visible

EXIT_OK = 0
EXIT_PROBLEMS = 1
"""``--strict`` found problems, the output could not be written (stdout closed
or full), or an unexpected error (logged)."""
EXIT_USAGE = 2
"""A user mistake: a bad option, a missing archive, a refused export target, a query
with nothing to search for."""
EXIT_INTERRUPTED = 130


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit status.

    Args:
        argv: Arguments without the program name (default: ``sys.argv[1:]``).

    Returns:
        0 on success, 1 for problems under ``--strict``, output that could
        not be written or an unexpected error, 2 for a usage error, a
        missing archive or a query without a searchable term.
    """
    plug_closed_streams()
    _make_stdout_safe()
    args = build_parser().parse_args(argv)
    try:
        check_combinations(args)
        return _dispatch(args)
    except (CliError, ExportRefused, NoSearchableTerm) as error:
        print(f"newsreader: {_shown(error)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # ``newsreader --list | head``: the reader has all it wants
        silence_stdout()
        return EXIT_OK
    except OutputFailed as error:
        silence_stdout()
        print(f"newsreader: cannot write the output: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    except Exception as error:  # noqa: BLE001 - last line of defence: no traceback for users
        from newsreader.crashlog import report_unexpected

        print(report_unexpected(error), file=sys.stderr)
        return EXIT_PROBLEMS


def _shown(error: Exception) -> str:
    """A usage error's lines, what the user typed in them written visibly.

    They quote paths and values from the command line or the settings file,
    where an ESC or a right-to-left override must neither reach the terminal
    nor vanish (``no such archive: /tmp/no\\x1b[31mred``).
    """
    return "\n".join(visible(line) for line in str(error).split("\n"))


def _dispatch(args: argparse.Namespace) -> int:
    from newsreader.cli import modes

    if args.config_path or args.print_completion:
        return _print_setup(args)
    batch = bool(args.list or args.export or args.outline)
    found = None
    if args.archive is None or not batch:  # a script naming its archive never reads the config
        from newsreader.cli import settings

        found = settings.read_settings()
        settings.apply_default_archive(args, found)
        if batch:
            settings.report_problems(found.problems)
    if batch:
        return modes.run_batch(args)
    return modes.run_reader(args, found)


def _print_setup(args: argparse.Namespace) -> int:
    """``--config-path`` or ``--print-completion SHELL``: print, and exit."""
    if args.config_path:
        from newsreader.core.userconfig import config_path

        send(standard_output(), f"{config_path()}\n")
        return EXIT_OK
    from newsreader.cli.completion import completion_script

    send(standard_output(), completion_script(build_parser(), args.print_completion))
    return EXIT_OK


def _make_stdout_safe() -> None:
    """Never crash on a terminal or pipe whose encoding cannot show Chinese."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")

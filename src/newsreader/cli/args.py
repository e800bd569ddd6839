"""The command line's arguments: the parser, its checks, and the one-line user error.

Kept apart from dispatch so every module of the CLI (and nothing in the core)
can raise :class:`CliError` without importing the entry point.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import NoReturn

from newsreader import __version__

EPILOG = """\
modes (default: open the reader):
  newsreader                                  open the bundled sample archive
  newsreader ~/mirror                         open an archive in the reader
  newsreader ~/mirror --list                  one line per post: date, categories, title
  newsreader ~/mirror --list --json           JSON Lines (path, title, date, categories, tags…)
  newsreader ~/mirror --export > all.txt      plain text of every post, form-feed separated
  newsreader ~/mirror --export -o out/        one .txt per post, in folders by category
  newsreader post.md --export --width 60      one file, wrapped at 60 cells
  newsreader ~/mirror --outline --post _posts/2022-01-11-x.md
                                              the outline of one post (add --json for JSON Lines)
  newsreader ~/mirror --search '科协 规划' --list
                                              posts matching every term ("quoted phrase" exact)

filters apply to every mode: --category, --tag, --since, --until, --unpublished, --post, --search.
--category takes a slug or the name the reader shows; an unknown name is an error (exit 2).
problems with files go to stderr as "path: reason", then a count; exit 1 with --strict if any.
settings (default archive, keys, theme, text width, read-on) live in the file --config-path prints.
"""


COMPLETION_SHELLS = ("bash", "zsh", "fish")
"""The shells ``--print-completion`` writes for."""


class CliError(Exception):
    """A user mistake the CLI reports in one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one clear line, not a usage dump."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"newsreader: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser (all modes, filters and output options)."""
    parser = _Parser(
        prog="newsreader",
        description="Read local Jekyll archives of news posts in the terminal.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "archive", nargs="?", type=Path, help="archive folder or one post file (default: samples)"
    )
    _add_modes(parser)
    _add_filters(parser)
    _add_output_options(parser)
    _add_setup(parser)
    return parser


def _add_setup(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("setup")
    group.add_argument("--version", action="version", version=f"newsreader {__version__}")
    group.add_argument(
        "--config-path",
        action="store_true",
        help="print where the user config file is read from, and exit",
    )
    group.add_argument(
        "--print-completion",
        choices=COMPLETION_SHELLS,
        metavar="SHELL",
        help="print a completion script for bash, zsh or fish, and exit",
    )


def _add_modes(parser: argparse.ArgumentParser) -> None:
    modes = parser.add_mutually_exclusive_group()
    modes.add_argument("--list", action="store_true", help="list posts, newest first")
    modes.add_argument("--export", action="store_true", help="export posts as plain text")
    modes.add_argument("--outline", action="store_true", help="print each post's outline")


def _add_filters(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("filters")
    group.add_argument(
        "--category",
        action="append",
        default=[],
        metavar="NAME",
        help="only posts in this category (repeatable)",
    )
    group.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="NAME",
        help="only posts with this tag (repeatable)",
    )
    group.add_argument(
        "--since",
        metavar="DATE",
        help="only posts on or after YYYY-MM-DD, or Nd (N days before today)",
    )
    group.add_argument("--until", metavar="DATE", help="only posts on or before YYYY-MM-DD, or Nd")
    group.add_argument(
        "--unpublished",
        action="store_true",
        help="include unpublished posts (published: false, or dated in the future)",
    )
    group.add_argument("--post", metavar="PATH", help="only this post (path within the archive)")
    group.add_argument(
        "--search", metavar="QUERY", help='full-text search; terms are ANDed, "a phrase" is exact'
    )


DEFAULT_WIDTH = 80
"""Cells ``--export`` wraps at without ``--width``."""


def _add_output_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("output")
    group.add_argument("--json", action="store_true", help="JSON Lines for --list and --outline")
    group.add_argument(
        "--width",
        type=_positive_int,
        default=None,  # 80, set by check_combinations: --no-wrap refuses a width given
        metavar="N",
        help=f"wrap exported text at N terminal cells (default {DEFAULT_WIDTH})",
    )
    group.add_argument("--no-wrap", action="store_true", help="do not wrap exported text")
    group.add_argument(
        "-o",
        "--output",
        type=_folder,
        metavar="DIR",
        help="with --export: write one .txt per post under DIR",
    )
    group.add_argument("--force", action="store_true", help="with -o: overwrite existing files")
    group.add_argument("--strict", action="store_true", help="exit 1 if any file had a problem")
    group.add_argument(
        "--no-cache",
        action="store_true",
        help="read every file afresh; do not use or update the index",
    )


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 10:
        raise argparse.ArgumentTypeError(f"width must be at least 10, got {value}")
    return value


def _folder(text: str) -> Path:
    """``-o DIR``: an empty name would be ``.``, and export into the current folder."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty folder name")
    return Path(text)


def check_combinations(args: argparse.Namespace) -> None:
    """Refuse options that contradict each other or say nothing, before any work.

    Raises:
        CliError: Which options, and why.
    """
    if args.no_wrap and args.width is not None:
        raise CliError("--width and --no-wrap contradict each other: give one of them")
    if args.width is None:
        args.width = DEFAULT_WIDTH
    if args.post is not None and not args.post.strip():
        raise CliError("--post needs a path within the archive")
    if args.json and not (args.list or args.outline):
        raise CliError("--json goes with --list or --outline")
    if args.output is not None and not args.export:
        raise CliError("-o/--output goes with --export")
    if args.force and args.output is None:
        raise CliError("--force goes with -o/--output")

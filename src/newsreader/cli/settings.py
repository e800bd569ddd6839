"""The user config as the command line applies it: the default archive, the reader's settings.

The file is read only when a run needs it (no archive named, or the reader
opening), so a script that names its archive never pays for it, and its
problems are told once: on stderr for a batch mode, in the reader as notices.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from newsreader.cli.args import CliError
from newsreader.core.text.safe import clean_line
from newsreader.core.userconfig import ConfigProblem, UserConfig, config_path, read_user_config


@dataclass(frozen=True)
class Settings:
    """The user config, where it was read from, and what was wrong with it."""

    config: UserConfig
    path: Path
    problems: tuple[ConfigProblem, ...]


def read_settings() -> Settings:
    """Read the user config (defaults, and no problem, when there is none)."""
    path = config_path()
    config, problems = read_user_config(path)
    return Settings(config, path, tuple(problems))


def apply_default_archive(args: argparse.Namespace, settings: Settings) -> None:
    """Take the config's ``archive`` when the command line names none.

    Raises:
        CliError: The configured archive does not exist (named with its line).
    """
    archive = settings.config.archive
    if args.archive is not None or archive is None:
        return
    if not archive.exists():
        line = settings.config.lines.get("archive")
        where = f"{settings.path}:{line}" if line else str(settings.path)
        raise CliError(f"{where}: archive: no such archive: {archive}")
    args.archive = archive


def report_problems(problems: tuple[ConfigProblem, ...]) -> None:
    """Each config problem on stderr, one line each."""
    for problem in problems:
        sys.stderr.write(f"newsreader: {clean_line(str(problem))}\n")

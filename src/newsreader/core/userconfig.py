"""The user's own settings: ``config.toml`` in the user config directory.

One TOML file (``$XDG_CONFIG_HOME/newsreader/config.toml`` on Linux, where
:mod:`platformdirs` says elsewhere) holds what a user sets once instead of
typing it every time::

    archive = "~/mirror"        # the archive opened when none is named
    theme = "gruvbox"           # a Textual theme
    text_width = 72             # article lines of at most 72 cells (0: fill the pane)
    read_on = "end"             # a post is read when opened ("open") or read to its end ("end")

    [keys]                      # remap the reader's actions: action = "key[,key…]"
    search = "ctrl+f"

A missing file is no problem: every setting has a default. A bad file never
stops newsreader either: each mistake is one :class:`ConfigProblem` naming
the file, the line and the key, and that setting keeps its default. Reading
is Textual-free; whether a theme or an action exists is the reader's to say
(it knows its themes and bindings), with the line this module found for it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

CONFIG_NAME = "config.toml"
MAX_CONFIG_BYTES = 1024 * 1024
MIN_TEXT_WIDTH = 20
"""Narrower than this an article is unreadable (a Chinese line of 10 characters)."""
MAX_TEXT_WIDTH = 1000

ReadOn = Literal["open", "end"]
_TOML_LINE = re.compile(r"\s*\(at (?:line (\d+), column \d+|end of document)\)\s*$")
"""Where :mod:`tomllib` says a syntax error is (its messages end so)."""
_TABLE_HEADER = re.compile(r"\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
_KEY_LIST = re.compile(r"[^\s,]+(?:\s*,\s*[^\s,]+)*")
"""Textual's key string: key names (``ctrl+f``, ``question_mark``, ``?``) joined by commas."""


def config_path() -> Path:
    """Where the user's config file is (it need not exist)."""
    import platformdirs

    return platformdirs.user_config_path("newsreader") / CONFIG_NAME


@dataclass(frozen=True)
class UserConfig:
    """The settings, each at its default unless the file set it well.

    Attributes:
        archive: The archive to open when the command line names none.
        theme: The reader's Textual theme name, None for Textual's default.
        text_width: Most cells an article line takes; 0 fills the pane; None
            when the file does not say (the reader's default applies).
        read_on: When a post counts as read: on opening it, or at its end.
        keys: New keys by action id (``{"search": "ctrl+f"}``), as Textual's
            keymap takes them.
        lines: The file line each setting was found on (``"keys.search"``
            for a key), so a later check can name it.
    """

    archive: Path | None = None
    theme: str | None = None
    text_width: int | None = None
    read_on: ReadOn = "open"
    keys: Mapping[str, str] = field(default_factory=dict)
    lines: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    """One mistake in the config file; its setting keeps the default.

    Attributes:
        path: The config file as shown to the user.
        line: The 1-based line, where known.
        key: The setting (``text_width``, ``keys.search``), ``""`` for the whole file.
        reason: What is wrong and what is used instead.
    """

    path: str
    line: int | None
    key: str
    reason: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.key}: {self.reason}" if self.key else f"{where}: {self.reason}"


def read_user_config(path: Path | None = None) -> tuple[UserConfig, list[ConfigProblem]]:
    """Read the config file (default :func:`config_path`); defaults when it is absent.

    Returns:
        The settings and every problem met; never raises.
    """
    from newsreader.core.archive.source import UnusableFile, read_bounded  # imports YAML

    path = path if path is not None else config_path()
    if not path.exists() and not path.is_symlink():
        return UserConfig(), []
    try:  # bounded and never blocking, as posts are: a FIFO or a huge file is refused
        data = read_bounded(path, MAX_CONFIG_BYTES, "the 1 MB limit for a config file")
    except UnusableFile as error:
        return UserConfig(), [ConfigProblem(str(path), None, "", f"{error.reason}: defaults used")]
    # A BOM at the start (Notepad writes one) is an encoding signature, not text TOML reads.
    text = data.decode("utf-8-sig", errors="replace")
    return parse_user_config(text, str(path))


def parse_user_config(text: str, shown: str) -> tuple[UserConfig, list[ConfigProblem]]:
    """Read the settings from a config file's text.

    Args:
        text: The file's text.
        shown: The file's name in messages.

    Returns:
        The settings (each bad one at its default) and the problems; never raises.
    """
    import tomllib  # only runs that read the config pay for it

    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _TOML_LINE.search(message)
        line = None if found is None else int(found[1] or max(len(text.splitlines()), 1))
        reason = f"not valid TOML ({_TOML_LINE.sub('', message)}): defaults used"
        return UserConfig(), [ConfigProblem(shown, line, "", reason)]
    except RecursionError:  # tomllib recurses once per nested array or table: "[[[[…"
        reason = "not valid TOML (nested too deeply): defaults used"
        return UserConfig(), [ConfigProblem(shown, _most_nested_line(text), "", reason)]
    lines = key_lines(text)
    problems: list[ConfigProblem] = []

    def report(key: str, reason: str) -> None:
        problems.append(ConfigProblem(shown, lines.get(key), key, reason))

    config = UserConfig(lines=lines)
    for key, value in table.items():
        setting = _SETTINGS.get(key)
        if setting is None:
            report(key, _unknown(key, _SETTINGS))
            continue
        changes, reason = setting(value, report)
        if reason:
            report(key, reason)
        else:
            config = replace(config, **changes)
    return config, problems


Report = Callable[[str, str], None]
Checked = tuple[dict[str, Any], str]
"""The fields a setting sets (each check has typed them), or ``({}, reason)`` when bad."""


def _archive(value: object, report: Report) -> Checked:
    if not isinstance(value, str) or not value.strip():
        return {}, f"expected a folder path as text, got {_shown(value)}: not used"
    try:
        path = Path(value).expanduser()
    except RuntimeError:  # how pathlib says "~name" names no user (or "~" finds no home)
        user = value[1:].partition("/")[0]
        who = f"no user {user!r}" if user else "no home folder"
        return {}, f"{who} for {value!r}: not used"
    if not path.is_absolute():
        return {}, f"{value!r} is relative: give an absolute path or one from ~"
    return {"archive": path}, ""


def _theme(value: object, report: Report) -> Checked:
    if not isinstance(value, str) or not value.strip():
        return {}, f"expected a theme name, got {_shown(value)}: the default theme is used"
    return {"theme": value.strip()}, ""


def _text_width(value: object, report: Report) -> Checked:
    if type(value) is not int or not (value == 0 or MIN_TEXT_WIDTH <= value <= MAX_TEXT_WIDTH):
        return {}, (
            f"expected 0 (fill the pane) or a whole number of cells from {MIN_TEXT_WIDTH} "
            f"to {MAX_TEXT_WIDTH}, got {_shown(value)}: the default width is used"
        )
    return {"text_width": value}, ""


def _read_on(value: object, report: Report) -> Checked:
    if value not in ("open", "end"):
        return {}, f'expected "open" or "end", got {_shown(value)}: "open" is used'
    return {"read_on": value}, ""


def _keys(value: object, report: Report) -> Checked:
    if not isinstance(value, dict):
        return {}, f'expected a [keys] table of action = "key", got {_shown(value)}: not used'
    keys: dict[str, str] = {}
    for action, keys_text in value.items():
        if isinstance(keys_text, str) and _KEY_LIST.fullmatch(keys_text.strip()):
            keys[action] = ",".join(part.strip() for part in keys_text.split(","))
        else:
            reason = f'expected keys such as "ctrl+f" or "j,down", got {_shown(keys_text)}'
            report(f"keys.{action}", f"{reason}: the default keys are kept")
    return {"keys": keys}, ""


_SETTINGS: dict[str, Callable[[object, Report], Checked]] = {
    "archive": _archive,
    "keys": _keys,
    "read_on": _read_on,
    "text_width": _text_width,
    "theme": _theme,
}
"""Every setting the file may hold, with the check that reads its value."""

SETTINGS = tuple(_SETTINGS)
"""The names of the top-level settings (the README documents each)."""


def _shown(value: object) -> str:
    """A value as a message shows it: TOML-ish, short."""
    text = repr(value) if not isinstance(value, bool) else str(value).lower()
    return text if len(text) <= 40 else text[:39] + "…"


def _unknown(key: str, known: Mapping[str, object]) -> str:
    """The message for a key no setting has, with the nearest known ones."""
    close = difflib.get_close_matches(key, known, n=2)
    hint = f"did you mean {' or '.join(close)}?" if close else f"known: {', '.join(known)}"
    return f"unknown setting, ignored ({hint})"


def _most_nested_line(text: str) -> int:
    """The line that opens the most arrays and tables: where nesting too deep most likely is.

    :mod:`tomllib` gives no position when it runs out of stack; a guess that
    points at the ``[[[[…`` line beats no line at all.
    """
    lines = text.splitlines() or [""]
    opened = [line.count("[") + line.count("{") for line in lines]
    return opened.index(max(opened)) + 1


def key_lines(text: str) -> dict[str, int]:
    """The line each key is set on, by dotted name (``theme``, ``keys.search``).

    :mod:`tomllib` gives values, not positions; a mistake in a valid file is
    still best named by its line. Only ``key = value`` lines and ``[table]``
    headers are read (what a config file is made of); a key this misses is
    reported without a line.
    """
    lines: dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TABLE_HEADER.match(line)
        if header and not line.lstrip().startswith("[["):
            table = _dotted(header[1])
            lines.setdefault(table, number)
            continue
        key, equals, _value = line.partition("=")
        if equals and key.strip() and not key.lstrip().startswith("#"):
            name = _dotted(key)
            lines.setdefault(f"{table}.{name}" if table else name, number)
    return lines


def _dotted(key: str) -> str:
    """A TOML key as one dotted name: ``"a". b`` -> ``a.b`` (quotes dropped)."""
    return ".".join(part.strip().strip("\"'") for part in key.split("."))

"""The parts of a Jekyll ``_config.yml`` that change how posts read.

Only ``timezone``, ``defaults`` and ``future`` matter to a reader: the zone
places dates that carry no offset, ``defaults`` supply front matter (a
``layout``, a ``category``, ``published: false``...) to the posts their scope
matches, and ``future`` (false by default) says whether a post dated after
the present is published. Scope matching and precedence follow Jekyll 4's
``FrontmatterDefaults``.

The config is input like any post, so it has bounds like a post's: it is read
only when it is a regular file of at most 1 MB (a 35 MB one took 17 s and
1.6 GB of YAML), and a scope glob is matched in time bounded by the path's
length times its own. A config that cannot be used is reported and the
archive reads as if it had none.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newsreader.core.archive.discovery import LINKS_OUTSIDE, inside_archive
from newsreader.core.archive.frontmatter_handler import shown_value, yaml_kind
from newsreader.core.archive.source import (
    UnusableFile,
    decode_bytes,
    load_yaml_mapping,
    read_bounded,
)
from newsreader.core.archive.yaml_lines import Step, ValueLines
from newsreader.core.model import Problem

CONFIG_NAME = "_config.yml"
MAX_CONFIG_BYTES = 1024 * 1024
_POST_TYPES = frozenset({"posts", "post"})  # "post" is Jekyll's legacy spelling


@dataclass(frozen=True)
class Default:
    """One ``defaults:`` entry.

    Attributes:
        path: The scope path (a prefix, or a glob when it holds ``*``), "" for all.
        type: The scope type (``posts``...), None when the scope names none.
        values: The front matter it supplies.
        glob: ``path`` compiled, when it is a glob (built once, not per post).
    """

    path: str
    type: str | None
    values: Mapping[str, object]
    glob: ScopeGlob | None = field(default=None, compare=False, repr=False)

    def applies_to(self, rel_path: str) -> bool:
        """Tell whether this entry's scope covers the post at ``rel_path``."""
        if self.type is not None and self.type not in _POST_TYPES:
            return False
        if not self.path:
            return True
        if self.glob is not None:
            return self.glob.matches_prefix(rel_path)
        return rel_path.startswith(self.path)


@dataclass(frozen=True)
class SiteConfig:
    """What the loader needs from ``_config.yml``.

    Attributes:
        timezone: The archive's zone, or None for local time.
        defaults: The ``defaults:`` entries, in file order.
        future: Posts dated after the present are published (Jekyll's
            ``future``; false by default, as in Jekyll).
    """

    timezone: tzinfo | None = None
    defaults: tuple[Default, ...] = field(default=())
    future: bool = False


def read_config(root: Path) -> tuple[SiteConfig, list[Problem]]:
    """Read ``root/_config.yml``; a missing file is an empty config.

    Args:
        root: The archive folder.

    Returns:
        The config and the problems met (bad YAML, unknown zone, bad
        defaults), each at the line of the value it is about.
    """
    try:
        data = _config_bytes(root)
        if data is None:
            return SiteConfig(), []
        text, _, problems = decode_bytes(data, CONFIG_NAME)
    except UnusableFile as error:
        return SiteConfig(), [Problem(CONFIG_NAME, error.reason)]
    values, yaml_problems = load_yaml_mapping(text, CONFIG_NAME, 1, what=CONFIG_NAME)
    zone, zone_problems = _timezone(values.get("timezone"))
    defaults, default_problems = _defaults(values.get("defaults"))
    future, future_problems = _future(values.get("future"))
    lines = ValueLines(text)
    problems += yaml_problems
    problems += (
        Problem(CONFIG_NAME, reason, lines.line(where))
        for reason, where in zone_problems + default_problems + future_problems
    )
    return SiteConfig(zone, defaults, future), problems


_Misread = tuple[str, tuple[Step, ...]]
"""Why a value is not used, and where it is (the keys from the top)."""


def _config_bytes(root: Path) -> bytes | None:
    """Read the config's bytes within the bounds a post has; None when there is none.

    Read like a post (:func:`~newsreader.core.archive.source.read_bounded`:
    never blocking on a FIFO, a regular file only, at most
    :data:`MAX_CONFIG_BYTES` even if it grows while read), and only when it
    lies inside the archive.

    Raises:
        UnusableFile: The file cannot be read, is not a regular file, is too
            large, or links outside the archive; the reason says defaults are used.
    """
    path = root / CONFIG_NAME
    if path.is_symlink() and not inside_archive(path, os.path.realpath(root)):
        raise UnusableFile(f"{LINKS_OUTSIDE}: using defaults")
    if not path.exists():
        return None
    try:
        bound = f"the {MAX_CONFIG_BYTES // (1024 * 1024)} MB limit for {CONFIG_NAME}"
        return read_bounded(path, MAX_CONFIG_BYTES, bound)
    except UnusableFile as error:
        raise UnusableFile(f"{error.reason}: using defaults") from error


def _timezone(value: object) -> tuple[tzinfo | None, list[_Misread]]:
    """Look the configured zone up once (not per post: zoneinfo lookups cost)."""
    if value is None or value == "":
        return None, []
    try:
        return ZoneInfo(str(value)), []
    except (ZoneInfoNotFoundError, ValueError, OSError):
        reason = f"unknown timezone '{shown_value(value)}': using local time"
        return None, [(reason, ("timezone",))]


def _future(value: object) -> tuple[bool, list[_Misread]]:
    """``future`` as Jekyll reads it: absent or null is false, other values count as Ruby does.

    A value that is not a boolean (``future: "false"``, a string) is true to
    Ruby, so it is taken as true, as Jekyll would, and reported.
    """
    if value is None or isinstance(value, bool):
        return bool(value), []
    reason = f"'future' is a {yaml_kind(value)}, not true or false: taken as true, as Jekyll does"
    return True, [(reason, ("future",))]


def _defaults(value: object) -> tuple[tuple[Default, ...], list[_Misread]]:
    """Read the ``defaults:`` list, skipping (and reporting) malformed entries."""
    if value is None:
        return (), []
    if not isinstance(value, list):
        return (), [("'defaults' is not a list: ignored", ("defaults",))]
    entries: list[Default] = []
    problems: list[_Misread] = []
    for index, item in enumerate(value):
        entry, why, where = _default(item)
        if entry is None:
            reason = f"'defaults' entry {index + 1} {why}: ignored"
            problems.append((reason, ("defaults", index, *where)))
        else:
            entries.append(entry)
    return tuple(entries), problems


def _default(item: object) -> tuple[Default | None, str, tuple[Step, ...]]:
    """Build one entry, or say why it cannot be used and where below the entry.

    Jekyll 4 stops the whole build on a scope whose ``path`` or ``type`` is
    not text (a list, a mapping, ``true``); here that entry alone is left out,
    rather than guessed at: applied everywhere, a ``published: false`` meant
    for one folder would hide the archive. A number is its text (``path:
    2024`` names the folder ``2024``); an empty or absent scope is every post.
    """
    if not isinstance(item, dict) or not isinstance(item.get("values"), dict):
        return None, "needs a 'values' mapping", ()
    scope = item.get("scope")
    if scope is None:
        scope = {}
    if not isinstance(scope, dict):
        return None, f"has a 'scope' that is a {yaml_kind(scope)}, not a mapping", ("scope",)
    for key in ("path", "type"):
        if not _is_name(scope.get(key)):
            shown = yaml_kind(scope[key])
            return None, f"has a scope '{key}' that is a {shown}, not text", ("scope", key)
    path = _sanitize(_text(scope.get("path")))
    kind = None if scope.get("type") is None else _text(scope["type"])
    values = {str(key): val for key, val in item["values"].items()}
    glob = ScopeGlob(path) if "*" in path else None
    return Default(path, kind, values, glob), "", ()


def _is_name(value: object) -> bool:
    """A scope ``path`` or ``type`` is text, a number standing for its text, or absent."""
    return value is None or (isinstance(value, (str, int, float)) and not isinstance(value, bool))


def _text(value: object) -> str:
    """A scope value as text: None is empty."""
    return "" if value is None else str(value)


def _sanitize(path: str) -> str:
    """Drop a leading ``./`` or ``/`` and trailing slashes, as Jekyll does."""
    path = path.removeprefix("./").lstrip("/")
    return path.rstrip("/") if path.strip("/") else ""


# Pattern tokens: a literal character is itself; wildcards are these numbers.
_ONE, _STAR, _ANY, _DIRS, _IN_DIR = range(5)  # ?, *, **, **/ (two states)
_WILDCARDS = {"?": (_ONE,), "*": (_STAR,), "**": (_ANY,), "**/": (_DIRS, _IN_DIR)}
_SKIPS = {_STAR: 1, _ANY: 1, _DIRS: 2}  # the wildcards that may match nothing
_MAX_STEPS = 4096  # cached steps per glob; cleared when full, so memory stays bounded


class ScopeGlob:
    """A scope glob (Ruby ``Dir.glob`` style), matched as a prefix of a path.

    ``*`` matches within one path segment, ``?`` one character of it, ``**/``
    any number of folders and ``**`` anything; a scope covers every path that
    starts with a match, like Jekyll's ``path_is_subpath?`` on each glob
    result.

    A backtracking regex takes exponential time on a scope such as forty
    ``*`` then ``x``, and a config is input like any other. So the pattern is
    run as a Thompson automaton: every pattern position the path could have
    reached is followed at once, and each step is cached (a lazy DFA). Each
    character of the path costs at most one pass over the live positions
    (never more than the pattern's length; runs of wildcards collapse to
    one), so a match costs at most the path's length times the pattern's,
    whatever the pattern.
    """

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._tokens = _glob_tokens(pattern)
        self._start = self._closure(frozenset({0}))
        self._steps: dict[tuple[frozenset[int], str], frozenset[int]] = {}

    def matches_prefix(self, path: str) -> bool:
        """Tell whether some prefix of ``path`` (or all of it) matches the pattern."""
        accept = len(self._tokens)
        states = self._start
        for char in path:
            if accept in states or not states:
                break
            cached = self._steps.get((states, char))
            states = cached if cached is not None else self._step(states, char)
        return accept in states

    def _step(self, states: frozenset[int], char: str) -> frozenset[int]:
        """Where the live positions go on ``char``, computed once and cached."""
        if len(self._steps) >= _MAX_STEPS:
            self._steps.clear()
        found = self._steps[(states, char)] = self._closure(self._moves(states, char))
        return found

    def _moves(self, states: frozenset[int], char: str) -> frozenset[int]:
        """The positions reached by consuming ``char`` from ``states``."""
        slash = char == "/"
        reached: set[int] = set()
        for index in states:
            token = self._tokens[index] if index < len(self._tokens) else None
            if token == char or (token == _ONE and not slash):
                reached.add(index + 1)
            elif token == _ANY or (token == _STAR and not slash):
                reached.add(index)
            elif token == _DIRS:  # at a folder boundary: "/" stays, else a name starts
                reached.add(index if slash else index + 1)
            elif token == _IN_DIR:  # inside a folder name: "/" ends it
                reached.add(index - 1 if slash else index)
        return frozenset(reached)

    def _closure(self, states: frozenset[int]) -> frozenset[int]:
        """Add the positions reached without consuming: past ``*``, ``**``, ``**/``."""
        found = set(states)
        todo = list(states)
        while todo:
            index = todo.pop()
            token = self._tokens[index] if index < len(self._tokens) else None
            skip = _SKIPS.get(token) if isinstance(token, int) else None
            if skip is not None and index + skip not in found:
                found.add(index + skip)
                todo.append(index + skip)
        return frozenset(found)


def _glob_tokens(pattern: str) -> tuple[str | int, ...]:
    """Cut a glob into tokens, collapsing runs of wildcards that mean the same."""
    tokens: list[str | int] = []
    for part in re.split(r"(\*\*/|\*\*|\*|\?)", pattern):
        wildcard = _WILDCARDS.get(part)
        if wildcard is None:
            tokens.extend(part)
        else:
            _add_wildcard(tokens, wildcard)
    return tuple(tokens)


def _add_wildcard(tokens: list[str | int], wildcard: tuple[int, ...]) -> None:
    """Append a wildcard, or merge it into the one before when together they mean one.

    ``**`` then ``*``, ``*`` then ``**`` and ``**`` twice are ``**``; ``*`` twice is
    ``*``; ``**/`` twice is ``**/``. Without this, a long run would make every
    step of the match walk the whole run.
    """
    last = tokens[-1] if tokens else None
    if wildcard in ((_STAR,), (_ANY,)) and last in (_STAR, _ANY):
        tokens[-1] = _ANY if _ANY in (last, wildcard[0]) else _STAR
    elif not (wildcard == (_DIRS, _IN_DIR) and last == _IN_DIR):
        tokens.extend(wildcard)


def apply_defaults(
    config: SiteConfig, rel_path: str, front_matter: dict[str, object]
) -> dict[str, object]:
    """Merge the matching ``defaults:`` under a post's own front matter.

    Jekyll's precedence: a later entry with a longer (more specific) scope
    path, or an equally long one that names a type, overrides earlier ones;
    otherwise the earlier entry keeps its values. Front matter always wins.
    Mappings merge deeply.

    Args:
        config: The site config.
        rel_path: The post's path relative to the archive root.
        front_matter: The post's own front matter.

    Returns:
        A new mapping (``front_matter`` itself when no default applies).
    """
    merged: dict[str, object] = {}
    previous: Default | None = None
    for entry in config.defaults:
        if not entry.applies_to(rel_path):
            continue
        if previous is None or _has_precedence(previous, entry):
            merged, previous = _deep_merge(merged, entry.values), entry
        else:
            merged = _deep_merge(entry.values, merged)
    return _deep_merge(merged, front_matter) if merged else front_matter


def _has_precedence(old: Default, new: Default) -> bool:
    """Jekyll's ``has_precedence?``: does ``new`` override ``old``?"""
    if len(new.path) != len(old.path):
        return len(new.path) >= len(old.path)
    return new.type is not None or old.type is None


def _deep_merge(base: Mapping[str, object], over: Mapping[str, object]) -> dict[str, object]:
    """Merge ``over`` onto ``base``; nested mappings merge, other values replace."""
    merged = dict(base)
    for key, value in over.items():
        below = merged.get(key)
        if isinstance(below, Mapping) and isinstance(value, Mapping):
            merged[key] = _deep_merge(below, value)
        else:
            merged[key] = value
    return merged

"""The parts of a Jekyll ``_config.yml`` that change how posts read.

Only ``timezone`` and ``defaults`` matter to a reader: the zone places dates
that carry no offset, and ``defaults`` supply front matter (a ``layout``, a
``category``, ``published: false``...) to the posts their scope matches. Scope
matching and precedence follow Jekyll 4's ``FrontmatterDefaults``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newsreader.core.archive.source import UnusableFile, decode_bytes, load_yaml_mapping
from newsreader.core.model import Problem

CONFIG_NAME = "_config.yml"
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
    glob: re.Pattern[str] | None = field(default=None, compare=False, repr=False)

    def applies_to(self, rel_path: str) -> bool:
        """Tell whether this entry's scope covers the post at ``rel_path``."""
        if self.type is not None and self.type not in _POST_TYPES:
            return False
        if not self.path:
            return True
        if self.glob is not None:
            return self.glob.match(rel_path) is not None
        return rel_path.startswith(self.path)


@dataclass(frozen=True)
class SiteConfig:
    """What the loader needs from ``_config.yml``.

    Attributes:
        timezone: The archive's zone, or None for local time.
        defaults: The ``defaults:`` entries, in file order.
    """

    timezone: tzinfo | None = None
    defaults: tuple[Default, ...] = field(default=())


def read_config(root: Path) -> tuple[SiteConfig, list[Problem]]:
    """Read ``root/_config.yml``; a missing file is an empty config.

    Args:
        root: The archive folder.

    Returns:
        The config and the problems met (bad YAML, unknown zone, bad defaults).
    """
    path = root / CONFIG_NAME
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return SiteConfig(), []
    except OSError as error:
        return SiteConfig(), [Problem(CONFIG_NAME, f"cannot read: {error.strerror or error}")]
    try:
        text, _, problems = decode_bytes(data, CONFIG_NAME)
    except UnusableFile as error:
        return SiteConfig(), [Problem(CONFIG_NAME, error.reason)]
    values, yaml_problems = load_yaml_mapping(text, CONFIG_NAME, 1, what=CONFIG_NAME)
    zone, zone_problems = _timezone(values.get("timezone"))
    defaults, default_problems = _defaults(values.get("defaults"))
    problems += yaml_problems + zone_problems + default_problems
    return SiteConfig(zone, defaults), problems


def _timezone(value: object) -> tuple[tzinfo | None, list[Problem]]:
    """Look the configured zone up once (not per post: zoneinfo lookups cost)."""
    if value is None or value == "":
        return None, []
    try:
        return ZoneInfo(str(value)), []
    except (ZoneInfoNotFoundError, ValueError, OSError):
        reason = f"unknown timezone {str(value)!r}: using local time"
        return None, [Problem(CONFIG_NAME, reason)]


def _defaults(value: object) -> tuple[tuple[Default, ...], list[Problem]]:
    """Read the ``defaults:`` list, skipping (and reporting) malformed entries."""
    if value is None:
        return (), []
    if not isinstance(value, list):
        return (), [Problem(CONFIG_NAME, "'defaults' is not a list: ignored")]
    entries: list[Default] = []
    problems: list[Problem] = []
    for number, item in enumerate(value, start=1):
        entry = _default(item)
        if entry is None:
            reason = f"'defaults' entry {number} needs a 'values' mapping: ignored"
            problems.append(Problem(CONFIG_NAME, reason))
        else:
            entries.append(entry)
    return tuple(entries), problems


def _default(item: object) -> Default | None:
    """Build one entry, or None when it has no usable ``values``."""
    if not isinstance(item, dict) or not isinstance(item.get("values"), dict):
        return None
    scope = item.get("scope")
    scope = scope if isinstance(scope, dict) else {}
    path = _sanitize(str(scope.get("path") or ""))
    kind = scope.get("type")
    values = {str(key): val for key, val in item["values"].items()}
    glob = _glob_regex(path) if "*" in path else None
    return Default(path, None if kind is None else str(kind), values, glob)


def _sanitize(path: str) -> str:
    """Drop a leading ``./`` or ``/`` and trailing slashes, as Jekyll does."""
    path = path.removeprefix("./").lstrip("/")
    return path.rstrip("/") if path.strip("/") else ""


def _glob_regex(pattern: str) -> re.Pattern[str]:
    """Translate a scope glob (Ruby ``Dir.glob`` style) into a prefix regex.

    ``*`` matches within one path segment, ``**/`` any number of folders; the
    match is a prefix, like Jekyll's ``path_is_subpath?`` on each glob result.
    """
    parts: list[str] = []
    for token in re.split(r"(\*\*/|\*\*|\*|\?)", pattern):
        parts.append(_GLOB_TOKENS.get(token, re.escape(token)))
    return re.compile("".join(parts))


_GLOB_TOKENS = {"**/": "(?:[^/]*/)*", "**": ".*", "*": "[^/]*", "?": "[^/]"}


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

"""The one definition of a post's front-matter format: Jekyll's YAML between fences.

:class:`JekyllYAMLHandler` is a python-frontmatter handler, so
``frontmatter.loads(text, handler=JekyllYAMLHandler())`` reads a post the way
newsreader does. newsreader itself calls the handler's pieces directly
(:meth:`~JekyllYAMLHandler.read_head`, :meth:`~JekyllYAMLHandler.locate`,
:meth:`~JekyllYAMLHandler.load`) rather than ``frontmatter.parse``: that one
reads whole files, strips the text and builds a ``Post`` per file, which costs
more than the parse itself on a 10^4-post listing and cannot report where the
YAML lies in the file for problem line numbers.

The rules, after Jekyll's ``YAML_FRONT_MATTER_REGEXP`` but lenient about what
mirrored archives contain:

- the opening fence is ``---`` on the first line, after an optional UTF-8 BOM
  and blank lines;
- the closing fence is ``---`` or ``...`` (YAML's document end marker);
- YAML is loaded with libyaml's CSafeLoader (a timestamp no datetime can hold
  stays its text, for the date check to report), and a document whose aliases
  would expand past :data:`MAX_YAML_NODES` values (a "billion laughs") is
  refused by counting parser events before anything is constructed;
- front matter over :data:`MAX_FRONT_MATTER` is not loaded, but its closing
  fence, however far, still ends it: the body is what follows.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

MAX_FRONT_MATTER = 1024 * 1024
MAX_YAML_NODES = 10_000
CHUNK = 64 * 1024

try:
    _BASE_LOADER: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # PyYAML built without libyaml: slower but correct
    _BASE_LOADER = yaml.SafeLoader

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class JekyllSafeLoader(_BASE_LOADER):  # type: ignore[misc,valid-type]
    """libyaml's safe loader, but a timestamp it cannot build stays the text it was.

    YAML calls ``2022-13-45``, ``2022-02-30``, ``25:61:00``, year ``0000`` or
    an offset of ``+25:00`` a timestamp by its shape, and the safe constructor
    raises on building it, which would throw away the whole front matter (a
    draft's ``published: false`` with it). Kept as its text, the value reaches
    the date check like ``date: "yesterday"`` does, which reports it alone.
    """


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    """The timestamp ``node`` spells, or its plain text when no datetime can hold it."""
    try:
        return _BASE_LOADER.construct_yaml_timestamp(loader, node)  # type: ignore[arg-type]
    except (ValueError, OverflowError, TypeError):
        return loader.construct_scalar(node)  # type: ignore[arg-type]


JekyllSafeLoader.add_constructor(_TIMESTAMP, _timestamp_or_text)
SAFE_LOADER: type[yaml.SafeLoader] = JekyllSafeLoader
"""The loader every front matter and ``_config.yml`` is read with."""

_BOM = "\ufeff"
_OPEN_FENCE = re.compile(r"\A(?:[ \t]*\n)*---[ \t]*\n")
_CLOSE_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$\n?", re.MULTILINE)
_OPEN_FENCE_BYTES = re.compile(rb"\A(?:\xef\xbb\xbf)?(?:[ \t]*\r?\n)*---[ \t]*\r?\n")
_CLOSE_FENCE_BYTES = re.compile(rb"^(?:---|\.\.\.)[ \t]*\r?$\n?", re.MULTILINE)
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class AliasBombError(yaml.YAMLError):
    """YAML whose aliases would expand past the node limit; nothing was built.

    A :class:`yaml.YAMLError`, so callers that already treat bad YAML as
    "ignore the front matter" refuse a bomb the same way.

    Attributes:
        limit: The node limit that would have been passed.
    """

    def __init__(self, limit: int) -> None:
        super().__init__(f"aliases expand past {limit} values")
        self.limit = limit


@dataclass(frozen=True)
class FrontMatterSplit:
    """Where the front matter and the body lie in a decoded file.

    Attributes:
        yaml_text: The YAML between the fences, None without usable front matter.
        yaml_line: The file line the YAML starts on (1-based).
        body_start: Offset in the text where the body starts.
        body_line: The file line the body starts on (1-based).
        problem: Why front matter was ignored, if it was.
        problem_line: The line that problem points at.
    """

    yaml_text: str | None
    yaml_line: int
    body_start: int
    body_line: int
    problem: str | None = None
    problem_line: int | None = None


class JekyllYAMLHandler(YAMLHandler):
    """python-frontmatter's YAML handler, with Jekyll's fences and bounded loading.

    ``detect``/``split``/``load`` keep python-frontmatter's contract (``split``
    raises ValueError without front matter; ``load`` takes ``yaml.load``
    keyword arguments) so ``frontmatter.loads`` works with it; ``locate`` and
    ``read_head`` are what newsreader's reader uses.

    Attributes:
        max_front_matter: Front matter longer than this many characters is ignored.
        max_nodes: The most values a document may expand to through aliases.
    """

    # Only python-frontmatter's default ``detect``/``split`` read this; both are
    # overridden, but the base class insists on a boundary pattern.
    FM_BOUNDARY = _CLOSE_FENCE
    START_DELIMITER = "---"
    END_DELIMITER = "---"

    def __init__(
        self, *, max_front_matter: int = MAX_FRONT_MATTER, max_nodes: int = MAX_YAML_NODES
    ) -> None:
        super().__init__()
        self.max_front_matter = max_front_matter
        self.max_nodes = max_nodes

    def detect(self, text: str) -> bool:
        """Tell whether ``text`` opens with a front-matter fence (BOM and blank lines allowed)."""
        return _OPEN_FENCE.match(text.removeprefix(_BOM)) is not None

    def split(self, text: str) -> tuple[str, str]:
        """Split ``text`` into its YAML and its body, as python-frontmatter expects.

        Raises:
            ValueError: There is no usable front matter (python-frontmatter
                then keeps the whole text as content).
        """
        text = text.removeprefix(_BOM)
        found = self.locate(text)
        if found.yaml_text is None:
            raise ValueError(found.problem or "no front matter")
        return found.yaml_text, text[found.body_start :]

    def load(self, fm: str, **kwargs: object) -> Any:
        """Load the YAML safely, refusing alias bombs before they are built.

        Mapping keys come back as strings (YAML allows ``1: x``; Jekyll and
        ``frontmatter.Post`` both want names).

        Raises:
            AliasBombError: The aliases would expand past :attr:`max_nodes`.
            yaml.YAMLError: The YAML is malformed.
        """
        loader = kwargs.setdefault("Loader", SAFE_LOADER)
        if "&" in fm and "*" in fm and aliases_explode(fm, loader, self.max_nodes):
            raise AliasBombError(self.max_nodes)
        if loader is SAFE_LOADER and len(kwargs) == 1:
            value = load_safe(fm)
        else:
            value = yaml.load(fm, **kwargs)  # type: ignore[arg-type]  # noqa: S506 - safe by default
        if isinstance(value, dict):
            return {str(key): item for key, item in value.items()}
        return value

    def locate(self, text: str, *, complete: bool = True) -> FrontMatterSplit:
        """Find the YAML and the body in decoded text (BOM already removed).

        Args:
            text: The decoded file, or its head.
            complete: False when ``text`` is only the head of a longer file.

        Returns:
            Where the YAML and the body are; ``yaml_text`` is None (with a
            ``problem`` when it looked intended) without usable front matter.
        """
        opening = _OPEN_FENCE.match(text)
        if opening is None:
            return FrontMatterSplit(None, 1, 0, 1)
        start = opening.end()
        fence_line = text.count("\n", 0, start)
        # Unbounded, as Jekyll's own match: a fence past the limit still ends the
        # front matter (the body follows it). Only a file without one is searched
        # to its end, and a file is at most 20 MB.
        closing = _CLOSE_FENCE.search(text, start)
        if closing is None:
            if complete:
                reason = "front matter has no closing '---' line: read as body"
            else:
                reason = "front matter has no closing '---' line in the part read: ignored"
            return FrontMatterSplit(None, fence_line + 1, 0, 1, reason, fence_line)
        body_line = text.count("\n", start, closing.end()) + fence_line + 1
        if closing.start() - start > self.max_front_matter:
            reason = (
                "front matter is over 1 MB: ignored, the body read from after its"
                f" closing '---' on line {body_line - 1}"
            )
            return FrontMatterSplit(
                None, fence_line + 1, closing.end(), body_line, reason, fence_line
            )
        yaml_text = text[start : closing.start()]
        return FrontMatterSplit(yaml_text, fence_line + 1, closing.end(), body_line)

    def read_head(self, read: Callable[[int], bytes]) -> tuple[bytes, bool]:
        """Read a file's raw bytes only up to its closing fence.

        A listing needs the front matter, not a 5 MB body. ``read(n)`` must
        return up to ``n`` bytes, fewer only at the end of the file. Only whole
        lines are searched, so a fence split across chunks is never mistaken
        for a shorter one. Front matter over :attr:`max_front_matter` is read
        to its fence too (or to the end of the file), so a listing tells the
        two apart as the full read does and names the same line.

        Returns:
            The bytes, and whether they end cleanly (at the fence or the
            file's end) rather than at an arbitrary chunk boundary.
        """
        head = read(CHUNK)
        at_end = len(head) < CHUNK
        if head.startswith(_UTF16_BOMS):  # the fences are not ASCII bytes here
            parts = [head]
            while not at_end:
                parts.append(read(CHUNK))
                at_end = len(parts[-1]) < CHUNK
            return b"".join(parts), True
        opening = _OPEN_FENCE_BYTES.match(head)
        if opening is None:
            return head, at_end
        limit = len(head) if at_end else head.rfind(b"\n") + 1
        closing = _CLOSE_FENCE_BYTES.search(head, opening.end(), limit)
        if closing is not None:  # nearly every post: the fence is in the first chunk
            return head[: closing.end()], True
        if at_end:
            return head, True
        return _read_to_fence(bytearray(head), max(opening.end(), limit), read)


def _read_to_fence(
    head: bytearray, searched: int, read: Callable[[int], bytes]
) -> tuple[bytes, bool]:
    """:meth:`JekyllYAMLHandler.read_head` past the first chunk: on to the fence or the end.

    ``head`` is a bytearray so that it grows a chunk at a time without
    copying what it holds; ``searched`` is where the whole lines not yet
    searched start.
    """
    while True:
        chunk = read(CHUNK)
        head += chunk
        at_end = len(chunk) < CHUNK
        limit = len(head) if at_end else head.rfind(b"\n") + 1
        closing = _CLOSE_FENCE_BYTES.search(head, searched, limit)
        if closing is not None:
            return bytes(head[: closing.end()]), True
        if at_end:
            return bytes(head), True
        searched = max(searched, limit)


def shown_value(value: object, limit: int = 60) -> str:
    """A loaded YAML value written back the way a user writes it, for messages.

    ``[2022-10-18, soon]``, not Python's ``[datetime.date(2022, 10, 18), 'soon']``:
    scalars as Jekyll prints them, lists and mappings in YAML's flow style,
    cut to ``limit`` characters (a problem line is one line).
    """
    text = _flow(value, depth=0)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def yaml_kind(value: object) -> str:
    """What YAML calls a loaded value's kind (``mapping``, not Python's ``dict``), for messages."""
    for kind, name in _YAML_KINDS:
        if isinstance(value, kind):
            return name
    return "null" if value is None else type(value).__name__


_YAML_KINDS: tuple[tuple[type | tuple[type, ...], str], ...] = (
    (bool, "boolean"),  # before int: a bool is an int
    ((int, float), "number"),
    (str, "string"),
    (list, "list"),
    (dict, "mapping"),
    (datetime, "timestamp"),  # before date: a datetime is a date
    (date, "date"),
    (bytes, "binary value"),
    (set, "set"),
)


def _flow(value: object, depth: int) -> str:
    """:func:`shown_value` before the cut; nesting past a few levels is elided (one line)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if depth > 3 and isinstance(value, list | dict | set):
        return "…"
    if isinstance(value, set):  # YAML's !!set: a mapping of keys alone
        return "{" + ", ".join(sorted(_flow(item, depth + 1) for item in value)) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(item, depth + 1) for item in value) + "]"
    if isinstance(value, dict):
        items = (f"{_flow(k, depth + 1)}: {_flow(v, depth + 1)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    if isinstance(value, bytes):
        return "!!binary"
    return " ".join(str(value).split())


def aliases_explode(text: str, loader: object, limit: int) -> bool:
    """Tell whether aliases would expand the document past ``limit`` values.

    Walks the parser's events (cheap, nothing is built), tracking how many
    nodes each anchor stands for once its aliases are expanded.
    """
    sizes: dict[str, int] = {}
    stack: list[list[int]] = [[0]]
    anchors: list[str | None] = [None]
    for event in yaml.parse(text, Loader=loader):  # type: ignore[arg-type]
        if isinstance(event, yaml.CollectionStartEvent):
            stack.append([1])
            anchors.append(event.anchor)
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            count, anchor = stack.pop()[0], anchors.pop()
        elif isinstance(event, yaml.AliasEvent):
            count, anchor = sizes.get(event.anchor or "", 1), None
        elif isinstance(event, yaml.ScalarEvent):
            count, anchor = 1, event.anchor
        else:
            continue
        if anchor:
            sizes[anchor] = count
        stack[-1][0] += count
        if stack[-1][0] > limit:
            return True
    return False


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SCALAR_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
)
"""Scalar tags the safe constructor builds in one call (no generator, no other node)."""


def load_safe(text: str) -> Any:
    """``yaml.load(text, Loader=SAFE_LOADER)``, building a flat mapping of scalars itself.

    Nearly every front matter is ``key: value`` lines. For those, PyYAML's
    Python constructor (a generator per mapping, a lookup and a call per
    scalar) costs more than libyaml's parse: ~9 of ~25 us a post. Here the
    parsed nodes of such a mapping give their values directly when they are
    plain strings, and the other plain scalars (a date, a number, ``true``,
    ``null``) go through the loader's own constructor one by one; anything
    else -- a nested value, a merge key, another tag, a tagged mapping -- is
    built by the loader as a whole. Either way the value is what
    ``yaml.load`` gives (tests compare them).
    """
    loader = SAFE_LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if not _flat_strings_keyed(node):
            return loader.construct_document(node)
        construct = loader.construct_object
        return {
            key.value: value.value if value.tag == _STR else construct(value, deep=True)
            for key, value in node.value
        }
    finally:
        loader.dispose()


def _flat_strings_keyed(node: yaml.Node) -> bool:
    """Whether ``node`` is a plain mapping of plain scalars whose keys are plain strings."""
    if type(node) is not yaml.MappingNode or node.tag != _MAP:
        return False
    scalar = yaml.ScalarNode
    return all(
        type(key) is scalar
        and key.tag == _STR
        and type(value) is scalar
        and value.tag in _SCALAR_TAGS
        for key, value in node.value
    )

"""Read one post file: decode its bytes and split off its YAML front matter.

Everything here is bounded, because archives are mirrored from the web and may
hold anything: files over 20 MB are refused, front matter over 1 MB is
ignored, and YAML whose aliases would expand to a huge structure (a
"billion laughs" document) is rejected before it is built. Bad input becomes a
:class:`~newsreader.core.model.Problem`; only a file that is not text at all
raises :class:`UnusableFile`.

python-frontmatter is not used on this path: its ``Post`` objects and generic
boundary regex cost several times the parse itself on a 10^4-post listing,
cannot stop at the closing fence without reading the whole file, and do not
accept Jekyll's ``...`` closing fence. The split below follows Jekyll's own
``YAML_FRONT_MATTER_REGEXP`` instead (leniently: blank lines before the
opening ``---`` are allowed).
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

import yaml

from newsreader.core.model import Problem

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_FRONT_MATTER = 1024 * 1024
MAX_YAML_NODES = 10_000
_CHUNK = 64 * 1024
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)

try:
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # PyYAML built without libyaml: slower but correct
    _Loader = yaml.SafeLoader

_OPEN_FENCE = re.compile(r"\A(?:[ \t]*\n)*---[ \t]*\n")
_CLOSE_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$\n?", re.MULTILINE)
_OPEN_FENCE_BYTES = re.compile(rb"\A(?:\xef\xbb\xbf)?(?:[ \t]*\r?\n)*---[ \t]*\r?\n")
_CLOSE_FENCE_BYTES = re.compile(rb"^(?:---|\.\.\.)[ \t]*\r?$\n?", re.MULTILINE)
# Detectors often call short GBK text Korean or Big5; in a Chinese archive a
# strict GB18030 decode is the better reading whenever a CJK codec is guessed.
_CJK_CODECS = frozenset(
    "big5 big5hkscs cp932 cp949 cp950 euc_jis_2004 euc_jp euc_kr gb18030 gb2312 gbk hz "
    "iso2022_jp iso2022_kr johab shift_jis shift_jis_2004".split()
)

# Bytes without NULs or a BOM are never UTF-16/32, though detectors may say so
# for a short head.
_WIDE_CODECS = ["utf_16", "utf_16_be", "utf_16_le", "utf_32", "utf_32_be", "utf_32_le"]


class UnusableFile(Exception):
    """A file that cannot be read as a post at all (binary, too large, unreadable).

    Attributes:
        reason: Plain-language explanation for the user.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class PostSource:
    """A post file split into front matter and body.

    Attributes:
        front_matter: The YAML mapping (empty when absent or unusable).
        body: The text after the front matter ("" when read without body).
        body_line: 1-based line of the file where the body starts.
        encoding: The codec the file was decoded with.
        problems: Fallbacks taken while reading (bad YAML, odd encoding...).
    """

    front_matter: dict[str, object]
    body: str
    body_line: int
    encoding: str
    problems: tuple[Problem, ...]


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


def read_source(path: str | Path, display_path: str, *, with_body: bool = True) -> PostSource:
    """Read, decode and split one post file.

    Args:
        path: The file on disk.
        display_path: The name problems carry (path relative to the archive).
        with_body: False to read only up to the closing fence (for listings).

    Returns:
        The split file and the problems met.

    Raises:
        UnusableFile: The file is binary, too large, or cannot be read.
    """
    data, complete = _read_bytes(path, with_body)
    text, encoding, problems = decode_bytes(data, display_path, partial=not complete)
    split = split_front_matter(text, complete=complete)
    if split.problem:
        problems.append(Problem(display_path, split.problem, split.problem_line))
    front_matter: dict[str, object] = {}
    if split.yaml_text is not None:
        front_matter, yaml_problems = load_yaml_mapping(
            split.yaml_text, display_path, split.yaml_line, what="front matter"
        )
        problems.extend(yaml_problems)
    body = text[split.body_start :] if with_body else ""
    return PostSource(front_matter, body, split.body_line, encoding, tuple(problems))


def read_body_text(path: str | Path, display_path: str) -> str:
    """Read and decode a post file and cut off its front matter, without parsing it.

    For the search index, which needs a post's text but not its metadata:
    the same bounds as :func:`read_source` (regular files up to
    :data:`MAX_FILE_BYTES`, never blocking on a FIFO), without the YAML.

    Raises:
        UnusableFile: The file is binary, too large, or cannot be read.
    """
    data, _complete = _read_bytes(path, with_body=True)
    text, _encoding, _problems = decode_bytes(data, display_path)
    return text[split_front_matter(text).body_start :]


def _read_bytes(path: str | Path, with_body: bool) -> tuple[bytes, bool]:
    """Read the whole file, or just its head up to the front matter's end.

    Raw file descriptors keep the per-file cost near a bare ``read()``; the
    non-blocking open means a FIFO named like a post cannot hang a listing.

    Returns:
        The bytes, and whether they end cleanly (the whole file, or a head
        ending at the closing fence).
    """
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        raise UnusableFile(f"cannot read the file: {error.strerror or error}") from error
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnusableFile("not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            mb = info.st_size / (1024 * 1024)
            raise UnusableFile(f"file is {mb:.0f} MB, over the 20 MB limit for a post")
        if with_body:
            return _read_upto(fd, max(info.st_size, _CHUNK) + 1), True
        head = _read_upto(fd, _CHUNK)
        return _read_head(fd, head, at_end=len(head) < _CHUNK)
    except OSError as error:
        raise UnusableFile(f"cannot read the file: {error.strerror or error}") from error
    finally:
        os.close(fd)


def _read_upto(fd: int, limit: int) -> bytes:
    """Read until end of file or ``limit`` bytes, whichever comes first."""
    parts = [os.read(fd, limit)]
    got = len(parts[0])
    while parts[-1] and got < limit:
        parts.append(os.read(fd, limit - got))
        got += len(parts[-1])
    return parts[0] if len(parts) <= 2 else b"".join(parts)


def _read_head(fd: int, head: bytes, *, at_end: bool) -> tuple[bytes, bool]:
    """Cut a file down to what a listing needs: up to the closing fence.

    Reads more chunks only while the fence is not yet in hand (up to 1 MB).
    Only whole lines are searched, so a fence split across chunks is never
    mistaken for a shorter one. Decoding just this head, not the body, is
    what makes a listing cheaper than reading every file whole.

    Returns:
        The bytes, and whether they end cleanly (at the fence or the file's
        end) rather than at an arbitrary chunk boundary.
    """
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        rest = b"" if at_end else _read_upto(fd, MAX_FILE_BYTES)
        return head + rest, True  # fences are not ASCII bytes here
    opening = _OPEN_FENCE_BYTES.match(head)
    if opening is None:
        return head, at_end
    searched = opening.end()
    while True:
        limit = len(head) if at_end else head.rfind(b"\n") + 1
        closing = _CLOSE_FENCE_BYTES.search(head, searched, limit)
        if closing is not None:
            return head[: closing.end()], True
        if at_end or len(head) > MAX_FRONT_MATTER + _CHUNK:
            return head[:limit], at_end
        searched = max(searched, limit)
        chunk = _read_upto(fd, _CHUNK)
        head, at_end = head + chunk, len(chunk) < _CHUNK


def decode_bytes(
    data: bytes, display_path: str, *, partial: bool = False
) -> tuple[str, str, list[Problem]]:
    """Decode a file's bytes to LF-terminated text.

    UTF-8 (with or without BOM) is expected; anything else is detected, and
    the codec used is named in a problem so the user knows the text is a guess.

    Args:
        data: The raw bytes.
        display_path: The name problems carry.
        partial: The bytes are a file's head, so a character cut at the end
            is dropped instead of making the file look non-UTF-8.

    Returns:
        The text, the codec used and the problems met.

    Raises:
        UnusableFile: The bytes are not text.
    """
    problems: list[Problem] = []
    if data.startswith(codecs.BOM_UTF8):
        text, encoding = _try_decode(data[3:], "utf-8", partial), "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding = _try_decode(data, "utf-16", partial), "utf-16"
    elif b"\x00" in data[:8192]:
        raise UnusableFile("binary file (contains NUL bytes), not a text post")
    else:
        text, encoding = _try_decode(data, "utf-8", partial), "utf-8"
    if text is None:
        encoding = _detect(data, partial)
        text = _try_decode(data, encoding, partial, errors="replace") or ""
    if encoding not in ("utf-8", "utf-8-sig"):
        problems.append(Problem(display_path, f"not UTF-8: read as {encoding.upper()}"))
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, encoding, problems


def _try_decode(data: bytes, encoding: str, partial: bool, errors: str = "strict") -> str | None:
    """Decode (strictly by default), or return None if the bytes do not fit."""
    try:
        if partial:
            return codecs.getincrementaldecoder(encoding)(errors).decode(data, final=False)
        return data.decode(encoding, errors)
    except UnicodeDecodeError:
        return None


def _detect(data: bytes, partial: bool) -> str:
    """Guess the codec of non-UTF-8 bytes, preferring GB18030 for CJK text."""
    import charset_normalizer  # ~10 ms to import, and nearly every archive is UTF-8

    best = charset_normalizer.from_bytes(data, cp_exclusion=_WIDE_CODECS).best()
    guess = best.encoding if best is not None else None
    gb_fits = _try_decode(data, "gb18030", partial) is not None
    if (guess is None or guess in _CJK_CODECS) and gb_fits:
        return "gb18030"
    if guess is None:
        raise UnusableFile("not text: neither UTF-8 nor any known encoding fits")
    return guess


def split_front_matter(text: str, *, complete: bool = True) -> FrontMatterSplit:
    """Locate the YAML front matter between ``---`` and ``---``/``...`` lines.

    Args:
        text: The decoded file (or its head).
        complete: False when ``text`` is only the head of a longer file.

    Returns:
        Where the YAML and the body are; ``yaml_text`` is None without front matter.
    """
    opening = _OPEN_FENCE.match(text)
    if opening is None:
        return FrontMatterSplit(None, 1, 0, 1)
    start = opening.end()
    fence_line = text.count("\n", 0, start)
    closing = _CLOSE_FENCE.search(text, start, start + MAX_FRONT_MATTER + 8)
    if closing is None:
        if complete and len(text) - start <= MAX_FRONT_MATTER:
            reason = "front matter has no closing '---' line: read as body"
        else:
            reason = "front matter is over 1 MB or has no closing '---': ignored"
        return FrontMatterSplit(None, fence_line + 1, 0, 1, reason, fence_line)
    body_line = text.count("\n", start, closing.end()) + fence_line + 1
    if closing.start() - start > MAX_FRONT_MATTER:
        reason = "front matter is over 1 MB: ignored"
        return FrontMatterSplit(None, fence_line + 1, closing.end(), body_line, reason, fence_line)
    return FrontMatterSplit(text[start : closing.start()], fence_line + 1, closing.end(), body_line)


def load_yaml_mapping(
    text: str, display_path: str, first_line: int, *, what: str
) -> tuple[dict[str, object], list[Problem]]:
    """Load YAML that should be a mapping, safely and within bounds.

    Args:
        text: The YAML text.
        display_path: The name problems carry.
        first_line: The file line ``text`` starts on (1-based), for error lines.
        what: What the YAML is ("front matter", "_config.yml"), for messages.

    Returns:
        The mapping (empty when unusable, keys as strings) and any problem.
    """
    try:
        if "&" in text and "*" in text and _aliases_explode(text):
            reason = f"{what} aliases expand past {MAX_YAML_NODES} values: ignored"
            return {}, [Problem(display_path, reason, first_line)]
        value = yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + mark.line if mark is not None else first_line
        detail = error.problem or error.context or "invalid YAML"
        return {}, [Problem(display_path, f"bad YAML in {what} ({detail}): ignored", line)]
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as error:
        return {}, [Problem(display_path, f"bad YAML in {what} ({error}): ignored", first_line)]
    if value is None:
        return {}, []
    if not isinstance(value, dict):
        kind = type(value).__name__
        reason = f"{what} is a {kind}, not 'key: value' lines: ignored"
        return {}, [Problem(display_path, reason, first_line)]
    return {str(key): item for key, item in value.items()}, []


def _aliases_explode(text: str) -> bool:
    """Tell whether aliases would expand the document past ``MAX_YAML_NODES``.

    Walks the parser's events (cheap, nothing is built), tracking how many
    nodes each anchor stands for once its aliases are expanded.
    """
    sizes: dict[str, int] = {}
    stack: list[list[int]] = [[0]]
    anchors: list[str | None] = [None]
    for event in yaml.parse(text, Loader=_Loader):
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
        if stack[-1][0] > MAX_YAML_NODES:
            return True
    return False

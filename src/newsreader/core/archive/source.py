"""Read one post file: decode its bytes and split off its YAML front matter.

Everything here is bounded, because archives are mirrored from the web and may
hold anything: files over 20 MB are refused, front matter over 1 MB is
ignored, and YAML whose aliases would expand to a huge structure (a
"billion laughs" document) is rejected before it is built. Bad input becomes a
:class:`~newsreader.core.model.Problem`; only a file that is not text at all
raises :class:`UnusableFile`.

The front-matter format itself (fences, head-only reading, the guarded YAML
load) is defined once, by the python-frontmatter handler in
:mod:`newsreader.core.archive.frontmatter_handler`; this module adds the file
handling and turns what the handler finds into problems.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

import yaml

from newsreader.core.archive.frontmatter_handler import (
    CHUNK,
    AliasBombError,
    FrontMatterSplit,
    JekyllYAMLHandler,
)
from newsreader.core.model import Problem

__all__ = [
    "FRONT_MATTER",
    "MAX_FILE_BYTES",
    "FrontMatterSplit",
    "PostSource",
    "UnusableFile",
    "decode_bytes",
    "load_yaml_mapping",
    "read_body_text",
    "read_source",
    "split_front_matter",
]

MAX_FILE_BYTES = 20 * 1024 * 1024
TAIL_BYTES = 2048
"""How much of a file's end a listing reads for the trailer a mirror leaves there
(its source URL and 返回 links: two lines of ~100 bytes in the seed)."""
_BLANK_BYTES = frozenset(b" \t\r\n")
TAIL_LINES = 8
"""How many non-blank last lines of those are kept: at least as many as the trailer
rule (:mod:`newsreader.core.document.trailer`) examines."""
POST_BOUND = "the 20 MB limit for a post"
"""How messages state :data:`MAX_FILE_BYTES`."""
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)

FRONT_MATTER = JekyllYAMLHandler()
"""The handler every post and ``_config.yml`` is read with (its limits are attributes)."""

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
        tail: With ``with_tail``, the file's last :data:`TAIL_LINES`
            non-blank lines (within its last :data:`TAIL_BYTES`), decoded, when
            they hold a URL; else ``""``.
        yaml_text: The front matter's YAML as written ("" without), so a
            problem with one value can name its line (:meth:`key_line`).
        yaml_line: The file line ``yaml_text`` starts on.
    """

    front_matter: dict[str, object]
    body: str
    body_line: int
    encoding: str
    problems: tuple[Problem, ...]
    tail: str = ""
    yaml_text: str = ""
    yaml_line: int = 1

    def key_line(self, key: str) -> int | None:
        """The file line where the front matter's top-level ``key`` is written, if found.

        Only asked when a value is odd, so a search of the YAML text costs
        nothing on the usual path; a key written in a flow mapping or quoted
        is not found (the problem then names no line).
        """
        found = re.search(rf"^{re.escape(key)}[ \t]*:", self.yaml_text, re.MULTILINE)
        if found is None:
            return None
        return self.yaml_line + self.yaml_text.count("\n", 0, found.start())


def read_source(
    path: str | Path, display_path: str, *, with_body: bool = True, with_tail: bool = False
) -> PostSource:
    """Read, decode and split one post file.

    Args:
        path: The file on disk.
        display_path: The name problems carry (path relative to the archive).
        with_body: False to read only up to the closing fence (for listings).
        with_tail: With ``with_body`` False, also read the file's last lines
            (a listing's source URL is there); free when the head read
            reached the end, one more read otherwise.

    Returns:
        The split file and the problems met.

    Raises:
        UnusableFile: The file is binary, too large, or cannot be read.
    """
    if with_body:
        data, complete, tail_bytes = read_bounded(path, MAX_FILE_BYTES, POST_BOUND), True, b""
    else:
        data, complete, tail_bytes = _read_head(path, with_tail)
    text, encoding, problems = decode_bytes(data, display_path, partial=not complete)
    split = FRONT_MATTER.locate(text, complete=complete)
    if split.problem:
        problems.append(Problem(display_path, split.problem, split.problem_line))
    front_matter: dict[str, object] = {}
    if split.yaml_text is not None:
        front_matter, yaml_problems = load_yaml_mapping(
            split.yaml_text, display_path, split.yaml_line, what="front matter"
        )
        problems.extend(yaml_problems)
    body = text[split.body_start :] if with_body else ""
    tail = _decode_tail(tail_bytes, encoding) if tail_bytes else ""
    return PostSource(
        front_matter,
        body,
        split.body_line,
        encoding,
        tuple(problems),
        tail,
        split.yaml_text or "",
        split.yaml_line,
    )


def read_body_text(path: str | Path, display_path: str) -> str:
    """Read and decode a post file and cut off its front matter, without parsing it.

    For the search index, which needs a post's text but not its metadata:
    the same bounds as :func:`read_source` (regular files up to
    :data:`MAX_FILE_BYTES`, never blocking on a FIFO), without the YAML.

    Raises:
        UnusableFile: The file is binary, too large, or cannot be read.
    """
    data = read_bounded(path, MAX_FILE_BYTES, POST_BOUND)
    text, _encoding, _problems = decode_bytes(data, display_path)
    return text[FRONT_MATTER.locate(text).body_start :]


def _read_head(path: str | Path, with_tail: bool) -> tuple[bytes, bool, bytes]:
    """Read a post's head up to the front matter's end, and its tail if asked.

    Returns:
        The head, whether it ends cleanly (the whole file, or a head ending
        at the closing fence), and the tail's bytes (``b""`` unless asked).
    """
    fd, size = _open_regular(path, MAX_FILE_BYTES, POST_BOUND)
    try:
        reader = _HeadReader(fd)
        head, complete = FRONT_MATTER.read_head(reader)
        return head, complete, reader.tail(size) if with_tail else b""
    except OSError as error:
        raise UnusableFile(f"cannot read the file: {error.strerror or error}") from error
    finally:
        os.close(fd)


class _HeadReader:
    """The front matter handler's ``read(n)``, keeping what the file's end needs.

    Most posts are smaller than the handler's first read, so their end is
    already in memory when the head is found; only a longer file is read
    again, at its end.
    """

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.previous = self.last = b""
        self.total = 0
        self.at_end = False

    def __call__(self, limit: int) -> bytes:
        data = _read_upto(self.fd, limit)
        self.previous, self.last, self.at_end = self.last, data, len(data) < limit
        self.total += len(data)
        return data

    def tail(self, size: int) -> bytes:
        """The file's last whole lines, at most :data:`TAIL_BYTES` of them."""
        if self.at_end:
            end = self.last if len(self.last) > TAIL_BYTES else self.previous + self.last
            start = self.total - len(end)
        else:
            start = max(size - TAIL_BYTES - 1, 0)
            os.lseek(self.fd, start, os.SEEK_SET)
            end = _read_upto(self.fd, TAIL_BYTES + 1)
        if len(end) > TAIL_BYTES + 1:
            start += len(end) - TAIL_BYTES - 1
            end = end[-(TAIL_BYTES + 1) :]
        if start > 0:  # the first line may be cut (a URL's end looks like a URL): drop it
            cut = end.find(b"\n")
            end = end[cut + 1 :] if cut >= 0 else b""
        return _last_lines(end)


def _last_lines(data: bytes, count: int = TAIL_LINES) -> bytes:
    """The last ``count`` non-blank lines of ``data`` (all of it when it has fewer).

    Decoding, cleaning and scanning only those keeps a listing's cost per
    post small (it grows with the text handed to the trailer rule). Indexes
    move instead of slices, so nothing is copied until the end.
    """
    end = len(data.rstrip())
    start = end
    for _ in range(count):
        newline = data.rfind(b"\n", 0, start)
        if newline < 0:
            return data[:end].lstrip()
        start = newline
        while start > 0 and data[start - 1] in _BLANK_BYTES:  # blank lines count for none
            start -= 1
    return data[start:end].strip()


def _decode_tail(data: bytes, encoding: str) -> str:
    """The tail in the head's codec, else as detected (an ASCII head says nothing)."""
    if b"http" not in data:  # a source URL needs one; most files: nothing to decode
        return ""
    if encoding.startswith(("utf-16", "utf_16")):  # a tail cut at an odd byte is not text
        return ""
    try:
        text = data.decode("utf-8" if encoding == "utf-8-sig" else encoding)
    except (UnicodeDecodeError, LookupError):
        try:
            text = decode_bytes(data, "")[0]
        except UnusableFile:
            return ""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_bounded(path: str | Path, limit: int, bound: str) -> bytes:
    """Read a whole regular file of at most ``limit`` bytes, posts' and the config's way.

    Raw file descriptors keep the per-file cost near a bare ``read()``; the
    non-blocking open means a FIFO named like a post cannot hang a listing.
    The size is checked before reading and again after (the file may grow).

    Args:
        path: The file.
        limit: The most bytes it may hold.
        bound: The limit as the message states it ("the 20 MB limit for a post").

    Raises:
        UnusableFile: It cannot be read, is not a regular file, or is too large.
    """
    fd, size = _open_regular(path, limit, bound)
    try:
        data = _read_upto(fd, max(size, CHUNK) + 1)
        if len(data) > size and len(data) <= limit:  # grown since fstat: read on to the bound
            data += _read_upto(fd, limit + 1 - len(data))
    except OSError as error:
        raise UnusableFile(f"cannot read the file: {error.strerror or error}") from error
    finally:
        os.close(fd)
    if len(data) > limit:
        raise UnusableFile(_too_large(len(data), bound))
    return data


def _open_regular(path: str | Path, limit: int, bound: str) -> tuple[int, int]:
    """Open ``path`` without blocking: its descriptor and size, if a regular file in ``limit``."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        raise UnusableFile(f"cannot read the file: {error.strerror or error}") from error
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnusableFile("not a regular file")
        if info.st_size > limit:
            raise UnusableFile(_too_large(info.st_size, bound))
    except OSError as error:
        os.close(fd)
        raise UnusableFile(f"cannot read the file: {error.strerror or error}") from error
    except UnusableFile:
        os.close(fd)
        raise
    return fd, info.st_size


def _too_large(size: int, bound: str) -> str:
    """The message for a file over its bound (a tenth of a MB shown: 20.4 is over 20)."""
    return f"file is {size / (1024 * 1024):.1f} MB, over {bound}"


def _read_upto(fd: int, limit: int) -> bytes:
    """Read until end of file or ``limit`` bytes, whichever comes first."""
    parts = [os.read(fd, limit)]
    got = len(parts[0])
    while parts[-1] and got < limit:
        parts.append(os.read(fd, limit - got))
        got += len(parts[-1])
    return parts[0] if len(parts) <= 2 else b"".join(parts)


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
    return FRONT_MATTER.locate(text, complete=complete)


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
        value = FRONT_MATTER.load(text)
    except AliasBombError as error:
        reason = f"{what} aliases expand past {error.limit} values: ignored"
        return {}, [Problem(display_path, reason, first_line)]
    except yaml.reader.ReaderError as error:  # a character YAML forbids: its message spans lines
        line, detail = _forbidden(error, text)
        problem = Problem(
            display_path, f"bad YAML in {what} ({detail}): ignored", first_line + line
        )
        return {}, [problem]
    except yaml.MarkedYAMLError as error:
        line, detail = _marked(error, text, first_line)
        problem = Problem(
            display_path, f"bad YAML in {what} ({detail}): ignored", first_line + line
        )
        return {}, [problem]
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as error:
        return {}, [Problem(display_path, f"bad YAML in {what} ({error}): ignored", first_line)]
    if value is None:
        return {}, []
    if not isinstance(value, dict):
        kind = type(value).__name__
        reason = f"{what} is a {kind}, not 'key: value' lines: ignored"
        return {}, [Problem(display_path, reason, first_line)]
    return value, []


def _forbidden(error: yaml.reader.ReaderError, text: str) -> tuple[int, str]:
    """Where in ``text`` (lines after its first) and which character a YAML reader refused.

    libyaml's own message quotes the text as ``"<unicode string>", position
    N`` over two lines, N counting UTF-8 bytes; the reader refuses the first
    such character it meets, so its first occurrence gives the line. The
    character is named by code point, never shown.
    """
    character = error.character
    if not isinstance(character, int):
        return 0, str(error.reason)
    at = text.find(chr(character))
    line = text.count("\n", 0, at) if at >= 0 else 0
    return line, f"character U+{character:04X}: {error.reason}"


def _marked(error: yaml.MarkedYAMLError, text: str, first_line: int) -> tuple[int, str]:
    """The line (from the YAML's first, 0-based) and the words a YAML error is reported with.

    An unclosed quote or bracket is found only where the YAML ends (the
    closing ``---``), which says nothing of where the mistake is; the line
    that opened it (libyaml's context) does, so the error is placed there:
    ``found unexpected end of stream: a quoted scalar begun on this line is
    never closed``. An error met inside such a construct before the end
    stays where it was met and names the line the construct began on
    (``did not find expected ',' or ']', in a flow sequence begun on line
    2``): the mistake may be either, a missing comma there or the bracket
    never closed.
    """
    problem, context = error.problem_mark, error.context_mark
    detail = error.problem or error.context or "invalid YAML"
    if problem is None:
        return (context.line if context is not None else 0), detail
    if context is not None and error.context and context.line < problem.line:
        opened = error.context.removeprefix("while parsing ").removeprefix("while scanning ")
        if problem.line >= len(text.splitlines()):
            return context.line, f"{detail}: {opened} begun on this line is never closed"
        return problem.line, f"{detail}, in {opened} begun on line {first_line + context.line}"
    return problem.line, detail

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
from typing import NamedTuple

import yaml

from newsreader.core.archive.frontmatter_handler import (
    CHUNK,
    AliasBombError,
    FrontMatterSplit,
    JekyllYAMLHandler,
    yaml_kind,
)
from newsreader.core.model import Problem

__all__ = [
    "FRONT_MATTER",
    "MAX_FILE_BYTES",
    "FrontMatterSplit",
    "PostSource",
    "UnusableFile",
    "choose_encoding",
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
SAMPLE_BYTES = CHUNK
"""How much of a file's start decides its codec: exactly a listing's first read
(the front matter handler's first chunk), so a listing, which reads no further
for most posts, and a full read decide on the same bytes."""
NUL_SCAN_BYTES = 8192
"""A NUL byte this early means a binary file (UTF-16/32 carry a BOM, or are refused)."""
GOOD_PER_BAD = 8
"""Correctly decoded non-ASCII characters needed per damaged place for bytes
that are not quite UTF-8 to be read as UTF-8 (:func:`choose_encoding`)."""
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_UTF8 = ("utf-8", "utf-8-sig")
_REPLACEMENT = "\ufffd"
_REPLACEMENT_BYTES = _REPLACEMENT.encode()
_REPLACED_RUN = re.compile("\ufffd+")
"""One damaged place: a changed lead byte leaves its continuation bytes, each replaced."""
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
        complete, tail_bytes = True, b""
        text, encoding, problems = decode_bytes(
            read_bounded(path, MAX_FILE_BYTES, POST_BOUND), display_path
        )
    else:
        head, complete, tail_bytes, first, whole = _read_head(path, with_tail)
        text, encoding, problems = _decode_head(
            head, first, display_path, complete=complete, whole=whole
        )
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


def _read_head(path: str | Path, with_tail: bool) -> tuple[bytes, bool, bytes, bytes, bool]:
    """Read a post's head up to the front matter's end, and its tail if asked.

    Returns:
        The head, whether it ends cleanly (the whole file, or a head ending
        at the closing fence), the tail's bytes (``b""`` unless asked), the
        file's first :data:`SAMPLE_BYTES` (read anyway: they decide the
        codec) and whether those are the whole file.
    """
    fd, size = _open_regular(path, MAX_FILE_BYTES, POST_BOUND)
    try:
        reader = _HeadReader(fd)
        head, complete = FRONT_MATTER.read_head(reader)
        tail = reader.tail(size) if with_tail else b""
        return head, complete, tail, reader.first, reader.first_is_whole
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
        self.previous = self.last = self.first = b""
        self.first_is_whole = False
        self.total = 0
        self.at_end = False

    def __call__(self, limit: int) -> bytes:
        data = _read_upto(self.fd, limit)
        self.previous, self.last, self.at_end = self.last, data, len(data) < limit
        if not self.total:  # the handler's first read is SAMPLE_BYTES: the codec's sample
            self.first, self.first_is_whole = data, self.at_end
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
    if encoding.startswith(("utf-16", "utf_16", "utf-32")):  # a tail cut mid-character
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

    UTF-8 (with or without BOM) is expected. The codec is decided on the
    file's first :data:`SAMPLE_BYTES` (:func:`choose_encoding`), the bytes a
    listing reads too, so a listing and a full read of one file agree; bad
    bytes found past them are still replaced and reported here.

    Args:
        data: The raw bytes.
        display_path: The name problems carry.
        partial: The bytes are a file's head, so a character cut at the end
            is dropped instead of counting as a bad byte.

    Returns:
        The text, the codec used and the problems met.

    Raises:
        UnusableFile: The bytes are not text.
    """
    if not data.startswith(_BOMS) and data.find(b"\x00", 0, NUL_SCAN_BYTES) < 0:
        text = _try_decode(data, "utf-8", partial)  # nearly every file: one strict decode
        if text is not None:  # valid as a whole, so valid in its sample: choose_encoding agrees
            return _to_lf(text), "utf-8", []
    final = not partial
    encoding, damage = choose_encoding(
        data[:SAMPLE_BYTES], final=final and len(data) <= SAMPLE_BYTES
    )
    if encoding in _UTF8 and len(data) > SAMPLE_BYTES:  # past the sample too
        damage = _utf8_damage(data, final)
    text = _decode_as(data, encoding, partial)
    return _to_lf(text), encoding, _encoding_problems(display_path, encoding, data, damage)


def _decode_head(
    head: bytes, first: bytes, display_path: str, *, complete: bool, whole: bool
) -> tuple[str, str, list[Problem]]:
    """A listing's head decoded as the full read decodes the file.

    Args:
        head: The bytes up to the front matter's end.
        first: The file's first :data:`SAMPLE_BYTES` (the listing's first read),
            which decide the codec and which bad bytes are reported.
        display_path: The name problems carry.
        complete: ``head`` ends cleanly (no character cut at its end).
        whole: ``first`` is the whole file.
    """
    encoding, damage = choose_encoding(first, final=whole)
    text = _decode_as(head, encoding, partial=not complete)
    return _to_lf(text), encoding, _encoding_problems(display_path, encoding, first, damage)


class Utf8Damage(NamedTuple):
    """The bad bytes of text meant as UTF-8 (see :func:`choose_encoding`).

    Attributes:
        first: Offset in the file (from 0, as ``xxd`` and ``dd`` count) of the
            first bad byte.
        bad: How many damaged places (runs of bad bytes, each replaced by U+FFFD).
        good: How many non-ASCII characters decode correctly.
        cut_at_end: The only bad bytes are a character cut at the end.
    """

    first: int
    bad: int
    good: int
    cut_at_end: bool

    @property
    def mostly_utf8(self) -> bool:
        """The rule: UTF-8 with a few bad bytes, not text in another encoding."""
        return self.good >= GOOD_PER_BAD * self.bad or (self.cut_at_end and self.good > 0)


def choose_encoding(sample: bytes, *, final: bool) -> tuple[str, Utf8Damage | None]:
    """Decide a file's codec from its first :data:`SAMPLE_BYTES`, the same way for every reader.

    A BOM decides; NUL bytes in the first :data:`NUL_SCAN_BYTES` mean a
    binary file. Otherwise the bytes are UTF-8 when they decode as UTF-8 but
    for a few bad bytes (a byte lost or changed, or the last character cut,
    as mirrors leave them): at least :data:`GOOD_PER_BAD` correctly decoded
    non-ASCII characters for every damaged place (a run of bad bytes), or a cut last
    character alone. Text in a legacy encoding read as UTF-8 gives nearly
    one damaged place per character or two, so it fails the rule and its codec is
    detected.

    Args:
        sample: The file's first :data:`SAMPLE_BYTES` (the whole file when shorter).
        final: ``sample`` is the whole file (so a character cut at its end is a bad byte).

    Returns:
        The codec, and for UTF-8 with bad bytes where they are (None when clean or not UTF-8).

    Raises:
        UnusableFile: The bytes are not text.
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", _utf8_damage(sample, final)
    if sample.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32", None  # before UTF-16: UTF-32's little-endian mark starts with its mark
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", None
    if sample.find(b"\x00", 0, NUL_SCAN_BYTES) >= 0:
        raise UnusableFile("binary file (contains NUL bytes), not a text post")
    damage = _utf8_damage(sample, final)
    if damage is None or damage.mostly_utf8:
        return "utf-8", damage
    return _detect(sample, partial=not final), None


def _utf8_damage(data: bytes, final: bool) -> Utf8Damage | None:
    """Where and how much ``data`` (a UTF-8 BOM skipped) is not UTF-8; None when it all is.

    One plain decode answers for nearly every file (a plain decode costs less
    than an incremental one; a character cut at the end of bytes that are not
    the whole file is no damage); only damaged bytes are decoded again, to count.
    """
    skip = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    text_bytes = data[skip:] if skip else data
    try:
        text_bytes.decode("utf-8")
    except UnicodeDecodeError as error:
        cut = error.reason == "unexpected end of data"
        if cut and not final and error.end == len(text_bytes):
            return None
        first = error.start + skip
    else:
        return None
    text = _try_decode(text_bytes, "utf-8", not final, errors="replace") or ""
    replaced = text.count(_REPLACEMENT)
    genuine = text_bytes.count(_REPLACEMENT_BYTES)  # U+FFFD the file itself holds
    bad = max(len(_REPLACED_RUN.findall(text)) - genuine, 1)
    good = len(text) - len(text.encode("ascii", "ignore")) - replaced
    return Utf8Damage(first, bad, good, cut and bad == 1)


def _encoding_problems(
    display_path: str, encoding: str, data: bytes, damage: Utf8Damage | None
) -> list[Problem]:
    """What the reader is told about the decoding: bad bytes replaced, or a codec guessed."""
    if damage is not None:
        more = f" (and {damage.bad - 1} more places)" if damage.bad > 1 else ""
        reason = f"not valid UTF-8 at byte {damage.first}{more}: bad bytes replaced"
        return [Problem(display_path, reason, data.count(b"\n", 0, damage.first) + 1)]
    if encoding not in _UTF8:
        return [Problem(display_path, f"not UTF-8: read as {encoding.upper()}")]
    return []


def _decode_as(data: bytes, encoding: str, partial: bool) -> str:
    """Decode with the chosen codec, any bad byte becoming U+FFFD."""
    if encoding == "utf-8-sig":
        data, encoding = data[len(codecs.BOM_UTF8) :], "utf-8"
    return _try_decode(data, encoding, partial, errors="replace") or ""


def _to_lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


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
    as_gb = _try_decode(data, "gb18030", partial)
    if (guess is None or guess in _CJK_CODECS) and as_gb is not None:
        if guess is None or not _reads_as_its_own(_try_decode(data, guess, partial), guess, as_gb):
            return "gb18030"
    if guess is None:
        raise UnusableFile("not text: neither UTF-8 nor any known encoding fits")
    return guess


_KANA = re.compile("[\u3041-\u3096\u30a1-\u30fa]")
_HAN = re.compile("[\u4e00-\u9fff]")
_JAPANESE = frozenset(
    {"cp932", "shift_jis", "shift_jis_2004", "euc_jp", "euc_jis_2004", "iso2022_jp"}
)
_BIG5 = frozenset({"big5", "big5hkscs", "cp950"})


def _reads_as_its_own(text: str | None, guess: str, as_gb: str) -> bool:
    """Whether a CJK codec's reading of a file beats GB18030's (docs/ARCHITECTURE.md, source).

    Japanese reads as itself when kana make a tenth of its letters; Big5 when
    more of its Han characters are among Big5's common ones (its first level,
    5,401) than GB18030's reading has among GB2312's (its first level, 3,755):
    Big5 bytes read as GB18030 give rare characters (羉砰硄 for 繁體通知).
    """
    if text is None:
        return False
    if guess in _JAPANESE:
        letters = sum(char.isalpha() for char in text)
        return letters > 0 and len(_KANA.findall(text)) * 10 >= letters
    if guess in _BIG5:
        return _common_share(text, "big5") > _common_share(as_gb, "gb2312")
    return False


_FIRST_LEVEL = {"big5": (0xA4, 0xC6), "gb2312": (0xB0, 0xD7)}
"""Each standard's first level (its common characters), by the lead bytes it is encoded with."""


def _common_share(text: str, codec: str) -> float:
    """The share of ``text``'s Han characters in ``codec``'s first level (:data:`_FIRST_LEVEL`)."""
    han = _HAN.findall(text)
    if not han:
        return 0.0
    low, high = _FIRST_LEVEL[codec]
    common = 0
    for char in han:
        try:
            common += low <= char.encode(codec)[0] <= high
        except UnicodeEncodeError:
            continue  # not in the standard at all
    return common / len(han)


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
        kind = yaml_kind(value)
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

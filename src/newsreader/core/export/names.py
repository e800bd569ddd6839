"""File and folder names for exported posts: readable, Unicode kept, always safe.

A slug or category comes from an archive, so it may hold anything: ``/`` or
``..`` (which would escape the export folder), characters Windows refuses
(``\\:*?"<>|``), control characters or an escape sequence, invisible
bidirectional or zero-width characters (``\\u202egnp.exe`` would list as
``exe.png``), a Windows device name, or a name long enough to hit the file
system's 255-byte limit. Chinese names stay Chinese.
"""

from __future__ import annotations

import re

from newsreader.core.model import Post
from newsreader.core.text.safe import INVISIBLE

#: Longest name produced, in UTF-8 bytes (file systems allow 255; leave room
#: for a suffix such as ``.1`` added by a caller avoiding a clash).
MAX_NAME_BYTES = 200

_UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f/\\:*?"<>|\ud800-\udfff]')
"""Characters a name must not hold; the last range is the lone surrogates by which
a file name that is not UTF-8 reaches Python (``os.fsdecode``): no file system
name can be written with them."""
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
_EDGE_DOTS = re.compile(r"^\.+|\.+$")
# Names Windows reserves for devices, with or without an extension (it also
# counts the superscript digits, and ignores spaces before the dot).
_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{name}{n}" for name in ("COM", "LPT") for n in "0123456789\u00b9\u00b2\u00b3"}
)


def safe_name(name: str, *, fallback: str, max_bytes: int = MAX_NAME_BYTES) -> str:
    """Make one path component safe on every common file system.

    Unsafe characters, control characters, the bytes of a file name that is
    not UTF-8 and leading or trailing dots each become ``_``; invisible
    characters and surrounding spaces go; the result is cut to ``max_bytes``
    of UTF-8 on a character boundary (dots bared by the cut are replaced
    too); a Windows device name gets a ``_`` prefix.

    Args:
        name: Text from the archive (a slug, a category).
        fallback: Name to use when nothing is left.
        max_bytes: Length cap in UTF-8 bytes.

    Returns:
        A non-empty name with no path separator that is neither ``.`` nor ``..``.
    """
    name = _INVISIBLE.sub("", _UNSAFE.sub("_", name)).strip()
    name = _truncate(name, max_bytes).rstrip()
    name = _EDGE_DOTS.sub(lambda dots: "_" * len(dots.group()), name)
    if name.split(".", 1)[0].rstrip(" ").upper() in _RESERVED:
        name = f"_{_truncate(name, max_bytes - 1)}"
    return name or fallback


def _truncate(text: str, max_bytes: int) -> str:
    """Cut ``text`` to at most ``max_bytes`` of UTF-8 without splitting a character."""
    return text.encode("utf-8")[:max_bytes].decode("utf-8", "ignore")


def export_filename(post: Post) -> str:
    """Return the export file name of ``post``: ``YYYY-MM-DD-<slug>.txt``.

    The date is the post's own (in its own time zone), as Jekyll names it.

    Args:
        post: The post.

    Returns:
        A safe file name of at most :data:`MAX_NAME_BYTES` UTF-8 bytes.
    """
    date = post.date
    prefix = f"{date.year:04d}-{date.month:02d}-{date.day:02d}-"
    suffix = ".txt"
    budget = MAX_NAME_BYTES - len(prefix) - len(suffix)
    return f"{prefix}{safe_name(post.slug, fallback='untitled', max_bytes=budget)}{suffix}"


def title_filename(post: Post, part: str = "") -> str:
    """Return the file name the reader offers for ``post``: its title, ``.txt``.

    Args:
        post: The post.
        part: A section title to add (``标题 - 一、总体要求.txt``), or ``""``.

    Returns:
        A safe file name of at most :data:`MAX_NAME_BYTES` UTF-8 bytes; the
        Jekyll name of :func:`export_filename` when the title leaves nothing.
    """
    suffix = ".txt"
    title = f"{post.title} - {part}" if part else post.title
    fallback = export_filename(post).removesuffix(suffix)
    budget = MAX_NAME_BYTES - len(suffix)
    return f"{safe_name(title, fallback=fallback, max_bytes=budget)}{suffix}"


def export_dir(post: Post) -> str:
    """Return the folder, relative to the export root, that ``post`` goes in.

    Args:
        post: The post.

    Returns:
        Its first category made safe, or ``uncategorized``: one path
        component, never ``..``.
    """
    category = post.categories[0] if post.categories else ""
    return safe_name(category, fallback="uncategorized")

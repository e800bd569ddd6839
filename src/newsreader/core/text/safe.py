"""Make text from posts safe to show: data, never terminal control.

Every string that comes from a post (titles, tags, body text) passes through
:func:`clean` before it reaches a terminal, an export or JSON, so an escape
sequence hidden in an archive can never move the cursor, change colours or
retitle the user's terminal.
"""

from __future__ import annotations

import re

# ESC-introduced sequences first (CSI, OSC, DCS/SOS/PM/APC strings, two-byte
# escapes), so their parameters vanish with them; then any remaining C0
# (except tab and newline), DEL and C1 code point.
_ESCAPE_SEQUENCE = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]?            # CSI ... final byte
    | \x1b\][^\x07\x1b]*(?:\x07|\x1b\\)? # OSC ... BEL or ST
    | \x1b[PX^_][^\x1b]*(?:\x1b\\)?      # DCS, SOS, PM, APC ... ST
    | \x1b[ -/]*[0-~]?                   # other escapes (charset, keypad, ...)
    | \x9b[0-?]*[ -/]*[@-~]?             # 8-bit CSI
    | \x9d[^\x07\x9c]*[\x07\x9c]?        # 8-bit OSC
    """,
    re.VERBOSE,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_KEEP_NOTHING = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_FAST_SAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]").search


def clean(text: str) -> str:
    """Remove escape sequences and control characters, keeping newlines and tabs.

    Carriage returns are dropped too, so CRLF text becomes LF text.

    Args:
        text: Any text read from a post.

    Returns:
        The text with every C0 control except ``\\n`` and ``\\t``, DEL, every C1
        control and every ESC sequence removed.
    """
    if _FAST_SAFE(text) is None:
        return text
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))


def clean_line(text: str) -> str:
    """Like :func:`clean`, for one-line fields (titles, tags, categories).

    Newlines and tabs become spaces and runs of whitespace collapse, so a field
    can never break a one-line-per-post listing.

    Args:
        text: A metadata value read from a post.

    Returns:
        A single line of safe text, stripped at both ends.
    """
    # Printable text holds no control character and no whitespace but the
    # ASCII space, so without double spaces it only needs stripping: this
    # skips two regex passes for nearly every title and tag of a listing.
    if text.isprintable() and "  " not in text:
        return text.strip(" ")
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = _CONTROL_KEEP_NOTHING.sub(" ", text)
    return " ".join(text.split())

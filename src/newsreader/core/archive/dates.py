"""Post dates, read the way Jekyll reads them, with one deliberate difference.

Jekyll accepts a front matter ``date`` as a YAML timestamp, a date, or a string
such as ``2022-01-11 09:13:27 +0800`` (PyYAML leaves ``+0800`` offsets as
strings and turns ``+08:00`` ones into aware datetimes; both are handled here).

Deviation from Jekyll: Jekyll converts every date to the site's timezone. Here
a date that carries an offset keeps it (as a fixed-offset ``tzinfo``), so a
post written at 09:13 in Beijing still shows 09:13 whatever the machine's
zone. Only a date without an offset is placed in the archive's timezone
(``_config.yml`` ``timezone``), or in local time when the archive names none;
a file-name date is midnight there.

Every date ``datetime`` can hold is a valid post date, ``0001-01-01`` and
``9999-12-31`` included: local time cannot be computed at the very ends of the
range, so there the offset local time has at the nearest computable moment is
used, and nothing here raises on any input.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

_DATE_TEXT = re.compile(
    r"""\s*(\d{4})-(\d{1,2})-(\d{1,2})
    (?:(?:[Tt]|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?
    \s*(Z|z|[+-]\d{2}(?::?\d{2})?)?\s*""",
    re.VERBOSE,
)
_NAME_DATE = re.compile(r"^(\d{2,4})-(\d{1,2})-(\d{1,2})-")


def parse_date(value: object, tz: tzinfo | None) -> datetime | None:
    """Turn a front matter ``date`` into an aware datetime.

    Args:
        value: What YAML produced: a datetime, a date or a string.
        tz: The archive's zone for times without an offset (None: local time).

    Returns:
        The aware datetime (keeping the value's own offset when it has one),
        or None when the value is not a date.
    """
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else localize(value, tz)
    if isinstance(value, date):
        return localize(datetime.combine(value, time()), tz)
    if isinstance(value, str):
        return _parse_text(value, tz)
    return None


# The widest span where converting to local time is safe: the platform's
# conversion looks a day either side, and fails past datetime's own range.
_FIRST_LOCAL = datetime.min + timedelta(days=2)
_LAST_LOCAL = datetime.max - timedelta(days=2)
_LOCAL_ERRORS = (ValueError, OverflowError, OSError)


def localize(moment: datetime, tz: tzinfo | None) -> datetime:
    """Place a naive datetime in ``tz``, or in local time when ``tz`` is None.

    The wall time is kept as given. ``astimezone()`` cannot place the first
    and last days ``datetime`` holds (``year 0 is out of range``), and some
    platforms refuse other old dates; such a moment gets the local offset of
    the nearest moment that can be placed, so a post dated ``0001-01-01``
    lists and sorts like any other instead of stopping the load.
    """
    if tz is not None:
        return moment.replace(tzinfo=tz)
    try:
        return moment.astimezone()
    except _LOCAL_ERRORS:
        return moment.replace(tzinfo=_nearest_local_zone(moment))


def _nearest_local_zone(moment: datetime) -> tzinfo:
    """Local time's offset at the end of the safe span nearest ``moment``."""
    edge = _FIRST_LOCAL if moment.year < 5000 else _LAST_LOCAL
    for candidate in (edge, datetime.now()):
        try:
            zone = candidate.astimezone().tzinfo
        except _LOCAL_ERRORS:
            continue
        if zone is not None:
            return zone
    return UTC


def from_timestamp(stamp: float, tz: tzinfo | None) -> datetime:
    """A file time (seconds since the epoch) in ``tz``, or local time when None.

    File systems such as tmpfs store times far past year 9999 or before year
    1, which ``datetime`` cannot hold: those are clamped to its ends, so a
    file's modification time never stops the load.
    """
    try:
        if tz is not None:
            return datetime.fromtimestamp(stamp, tz)
        return datetime.fromtimestamp(stamp).astimezone()
    except _LOCAL_ERRORS:
        return localize(_LAST_LOCAL if stamp > 0 else _FIRST_LOCAL, tz)


def _parse_text(text: str, tz: tzinfo | None) -> datetime | None:
    """Parse ``YYYY-MM-DD[( |T)HH:MM[:SS[.fff]]][ ][offset]``."""
    match = _DATE_TEXT.fullmatch(text)
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    try:
        moment = datetime(
            int(year), int(month), int(day),
            int(hour or 0), int(minute or 0), int(second or 0), micro,
        )  # fmt: skip
        if offset is None:
            return localize(moment, tz)
        return moment.replace(tzinfo=_fixed_offset(offset))
    except (ValueError, OverflowError):
        return None


@functools.lru_cache(maxsize=256)
def _fixed_offset(text: str) -> timezone:
    """Build a fixed offset from ``Z``, ``+08``, ``+0800`` or ``+08:00``.

    Cached: an archive uses a handful of offsets, and sharing one ``timezone``
    object per offset saves time and memory across 10^5 posts.
    """
    if text in ("Z", "z"):
        return UTC
    digits = text[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + int(digits[2:4] or 0)
    return timezone(timedelta(minutes=-minutes if text[0] == "-" else minutes))


def stamp(moment: datetime, pattern: str) -> str:
    """``moment.strftime(pattern)`` with ``%Y`` always four digits.

    The C library writes year 1 as ``1``, so a post dated ``0001-01-01``
    would list as ``1-01-01`` and sort badly by eye; every listing shows
    dates through here.
    """
    return moment.strftime(pattern.replace("%Y", f"{moment.year:04d}"))


def has_time_of_day(moment: datetime) -> bool:
    """Whether a post's date shows a time of day: not exactly midnight.

    A post dated by its file name or by a date alone (``date: 2020-04-15``)
    is placed at midnight, as Jekyll places it; a view saying ``00:00``
    would state a time nobody gave. A post really published at 00:00:00
    shows its day alone, which says no less.
    """
    return bool(moment.hour or moment.minute or moment.second or moment.microsecond)


def today_in(zone: tzinfo | None) -> date:
    """Today's date in the archive's zone (local time when it names none).

    What ``--since 7d`` and the filter's ``since:7d`` count back from: the
    archive's posts are dated in its zone, so on a machine in UTC a Beijing
    archive's new day starts at 16:00 UTC, not at midnight. Asked each time a
    filter is applied, so a reader left open over midnight moves on with it.
    """
    return datetime.now(zone).date() if zone is not None else date.today()


def date_from_name(name: str) -> date | None:
    """The date a Jekyll post file name starts with (``2022-01-11-slug.md``).

    Jekyll allows 2-4 digit years and 1-2 digit months and days; a two-digit
    year reads as Ruby's ``Date.parse`` does (69-99 -> 19xx, else 20xx).

    Args:
        name: The file name (a path's last part).

    Returns:
        The date, or None when the name has no valid date.
    """
    match = _NAME_DATE.match(name)
    if match is None:
        return None
    year, month, day = (int(part) for part in match.groups())
    if len(match.group(1)) == 2:
        year += 1900 if year >= 69 else 2000
    try:
        return date(year, month, day)
    except ValueError:
        return None

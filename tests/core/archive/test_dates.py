"""Post dates: front matter values of every shape YAML yields, and file-name dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest
import yaml

from newsreader.core.archive.dates import date_from_name, parse_date

SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC8 = timezone(timedelta(hours=8))


def _offset(hours: float) -> timezone:
    return timezone(timedelta(hours=hours))


@pytest.mark.parametrize(
    ("value", "tz", "expected"),
    [
        ("2022-01-11", SHANGHAI, datetime(2022, 1, 11, tzinfo=SHANGHAI)),
        ("2022-1-5", SHANGHAI, datetime(2022, 1, 5, tzinfo=SHANGHAI)),
        ("2022-01-11 09:13", SHANGHAI, datetime(2022, 1, 11, 9, 13, tzinfo=SHANGHAI)),
        ("2022-01-11 09:13:27", None, datetime(2022, 1, 11, 9, 13, 27).astimezone()),
        ("2022-01-11T09:13:27", SHANGHAI, datetime(2022, 1, 11, 9, 13, 27, tzinfo=SHANGHAI)),
        ("2022-01-11 09:13:27 +0800", None, datetime(2022, 1, 11, 9, 13, 27, tzinfo=UTC8)),
        ("2022-01-11 09:13:27+08:00", None, datetime(2022, 1, 11, 9, 13, 27, tzinfo=UTC8)),
        ("2022-01-11T09:13:27Z", SHANGHAI, datetime(2022, 1, 11, 9, 13, 27, tzinfo=UTC)),
        (
            "2022-01-11 09:13:27.25 -0530",
            None,
            datetime(2022, 1, 11, 9, 13, 27, 250000, tzinfo=_offset(-5.5)),
        ),
        ("2022-01-11 09:13 +07", None, datetime(2022, 1, 11, 9, 13, tzinfo=_offset(7))),
        ("  2022-01-11 09:13:27 +0800  ", None, datetime(2022, 1, 11, 9, 13, 27, tzinfo=UTC8)),
        (date(2022, 1, 11), SHANGHAI, datetime(2022, 1, 11, tzinfo=SHANGHAI)),
        (datetime(2022, 1, 11, 9, 0), SHANGHAI, datetime(2022, 1, 11, 9, 0, tzinfo=SHANGHAI)),
        (
            datetime(2022, 1, 11, 9, 0, tzinfo=UTC8),
            SHANGHAI,
            datetime(2022, 1, 11, 9, 0, tzinfo=UTC8),
        ),
    ],
)
def test_parse_date_values(value: object, tz: tzinfo | None, expected: datetime) -> None:
    parsed = parse_date(value, tz)
    assert parsed == expected
    assert parsed is not None and parsed.tzinfo is not None
    assert parsed.utcoffset() == expected.utcoffset()
    assert (parsed.hour, parsed.minute) == (expected.hour, expected.minute)


@pytest.mark.parametrize(
    "value",
    [
        "yesterday",
        "2022-13-01",
        "2022-02-30",
        "2022-01-11 25:00",
        "2022-01-11 09:13 +9999",
        "11/01/2022",
        "",
        42,
        3.5,
        None,
        ["2022-01-11"],
        {"y": 2022},
        True,
    ],
)
def test_parse_date_rejects(value: object) -> None:
    assert parse_date(value, SHANGHAI) is None


@pytest.mark.parametrize(
    ("line", "offset_hours", "clock"),
    [
        ("date: 2022-01-11 09:13:27 +0800", 8, (9, 13)),  # PyYAML leaves this a string
        ("date: 2022-01-11 09:13:27 +08:00", 8, (9, 13)),  # an aware timestamp
        ("date: 2022-01-11T01:13:27Z", 0, (1, 13)),
        ("date: 2022-01-11 09:13:27", 8, (9, 13)),  # naive: the archive's zone
        ("date: 2022-01-11", 8, (0, 0)),  # a date: midnight there
        ("date: '2022-01-11 09:13'", 8, (9, 13)),
    ],
)
def test_parse_date_keeps_the_posts_own_offset(
    line: str, offset_hours: int, clock: tuple[int, int]
) -> None:
    value = yaml.load(line, Loader=yaml.CSafeLoader)["date"]
    parsed = parse_date(value, SHANGHAI)
    assert parsed is not None
    assert parsed.utcoffset() == timedelta(hours=offset_hours)
    assert (parsed.hour, parsed.minute) == clock


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2022-01-11-NW202201112242932867.md", date(2022, 1, 11)),
        ("2022-1-5-short.md", date(2022, 1, 5)),
        ("22-01-11-two-digit-year.md", date(2022, 1, 11)),
        ("99-12-31-last-century.md", date(1999, 12, 31)),
        ("2022-02-30-no-such-day.md", None),
        ("2022-13-01-no-such-month.md", None),
        ("about.md", None),
        ("2022-01-11.md", None),
        ("12345-01-01-too-long.md", None),
    ],
)
def test_date_from_name(name: str, expected: date | None) -> None:
    assert date_from_name(name) == expected

"""Post dates: front matter values of every shape YAML yields, and file-name dates."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from newsreader.core.archive.dates import (
    date_from_name,
    from_timestamp,
    localize,
    parse_date,
    stamp,
)

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


@pytest.fixture(params=["UTC", "Asia/Shanghai", "America/New_York", "Pacific/Kiritimati"])
def local_zone(request: pytest.FixtureRequest) -> Iterator[str]:
    """Run a test with the machine's local time in each of several zones."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    yield request.param
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


EDGES = [datetime.min, datetime(1, 1, 2, 12), datetime(9999, 12, 30), datetime.max]


@pytest.mark.parametrize("moment", EDGES)
def test_the_ends_of_the_range_are_placed_in_local_time(local_zone: str, moment: datetime) -> None:
    placed = localize(moment, None)
    assert placed.replace(tzinfo=None) == moment  # the wall time is kept
    assert placed.utcoffset() is not None
    assert sorted([placed, datetime(2022, 1, 11, tzinfo=UTC)])  # comparable


@pytest.mark.parametrize("text", ["0001-01-01", "9999-12-31 23:59:59", "0001-01-01 00:00 +0800"])
def test_dates_at_the_ends_parse_without_a_zone(local_zone: str, text: str) -> None:
    parsed = parse_date(text, None)
    assert parsed is not None
    assert parsed.isoformat()[:10] == text[:10]


@pytest.mark.parametrize(
    ("stamp", "year"), [(1e15, 9999), (-1e12, 1), (0.0, 1970), (253402300799.0, 9999)]
)
def test_file_times_past_the_range_are_clamped(local_zone: str, stamp: float, year: int) -> None:
    for tz in (None, SHANGHAI):
        moment = from_timestamp(stamp, tz)
        assert moment.utcoffset() is not None
        assert abs(moment.year - year) <= 1  # 1970 may be 1969 west of Greenwich


ZONES = st.sampled_from([None, UTC, SHANGHAI, ZoneInfo("Pacific/Kiritimati"), _offset(-12)])
DATE_LIKE = st.from_regex(
    r"\s*\d{1,5}-\d{1,3}-\d{1,3}([Tt ]\d{1,3}:\d{1,3}(:\d{1,3}([.,]\d{1,30})?)?)?"
    r"\s*(Z|z|[+-]\d{1,5}(:\d{1,3})?)?\s*",
    fullmatch=True,
)
YAML_VALUES = st.one_of(
    st.text(),
    DATE_LIKE,
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=st.timezones()),
    st.integers(),
    st.floats(),
    st.none(),
    st.lists(st.text(), max_size=3),
)


@given(value=YAML_VALUES, tz=ZONES)
def test_parse_date_never_raises(value: object, tz: tzinfo | None) -> None:
    """Any front matter value is a date or None; nothing else comes out."""
    parsed = parse_date(value, tz)
    assert parsed is None or parsed.utcoffset() is not None


@given(moment=st.datetimes(), tz=ZONES)
def test_localize_keeps_the_wall_time(moment: datetime, tz: tzinfo | None) -> None:
    placed = localize(moment, tz)
    assert placed.replace(tzinfo=None) == moment
    assert placed.utcoffset() is not None


@given(name=st.one_of(st.text(), st.from_regex(r"\d{1,5}-\d{1,3}-\d{1,3}-.*", fullmatch=True)))
def test_date_from_name_never_raises(name: str) -> None:
    assert date_from_name(name) is None or isinstance(date_from_name(name), date)


@pytest.mark.parametrize(
    ("year", "shown"),
    [(1, "0001-01-01 00:00"), (999, "0999-01-01 00:00"), (2022, "2022-01-01 00:00")],
)
def test_stamp_always_shows_four_digit_years(year: int, shown: str) -> None:
    assert stamp(datetime(year, 1, 1), "%Y-%m-%d %H:%M") == shown

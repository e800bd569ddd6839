"""The flat-mapping fast path builds what ``yaml.load`` with the safe loader builds."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from newsreader.core.archive.frontmatter_handler import SAFE_LOADER, load_safe

_KEYS = st.sampled_from(["title", "date", "tags", "1", "null", "true", "'q k'", "<<", "? x"])
_VALUES = st.sampled_from(
    [
        "post", '"引号 标题"', "'single'", "2022-01-11", "2022-01-11 09:13:00 +0800",
        "2022-01-11 09:13:00 +08:00", "2022-01-11T09:13:00Z", "3", "0x1f", "1_000", "3.5",
        ".inf", "true", "no", "~", "", "null", "!!str 3", "!!int '7'", "!!binary aGk=",
        "!!set {a}", "!!seq x", "!foo bar", "[a, b]", "{k: v}", "&a anchored", "*a", "|\n  block\n",
        ">\n  folded\n", "a: b", "- x", "'unclosed", "%", "@x", "常州日报新闻 江南", "=",
    ]
)  # fmt: skip


def _outcome(text: str, load: object) -> tuple[str, str]:
    """What a load gives, as text exact enough to tell types apart (True from 1)."""
    try:
        return "value", repr(load(text))  # type: ignore[operator]
    except yaml.YAMLError as error:
        return type(error).__name__, str(error)


def _safe(text: str) -> object:
    return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - the safe loader


@given(st.lists(st.tuples(_KEYS, _VALUES), max_size=8), st.sampled_from(["", "!!map ", "--- "]))
def test_same_value_as_yaml_load(pairs: list[tuple[str, str]], prefix: str) -> None:
    text = prefix + "\n".join(f"{key}: {value}" for key, value in pairs)
    assert _outcome(text, load_safe) == _outcome(text, _safe)


@given(st.text(alphabet="ab:- \n'\"!&*[]{}#<>?|1.~", max_size=60))
def test_any_text_loads_alike(text: str) -> None:
    assert _outcome(text, load_safe) == _outcome(text, _safe)


@pytest.mark.parametrize(
    "text",
    [
        "title: a\ndate: 2022-01-11\ntitle: b",  # a repeated key: the last value, first place
        'layout: post\ntitle: "t"\ndate: 2023-12-10 17:51:00 +0800\ncategories: c\ntags: 常州',
        "a: &x 1\nb: *x",
        "",
        "just text",
    ],
)
def test_front_matters(text: str) -> None:
    assert _outcome(text, load_safe) == _outcome(text, _safe)
    assert _outcome("title: a\nkey: [1]", load_safe) == ("value", "{'title': 'a', 'key': [1]}")

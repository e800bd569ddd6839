"""Find the line a value is written on in YAML that has already loaded.

A problem with one value of a loaded mapping (``_config.yml``'s ``timezone``,
its third ``defaults`` entry's ``scope``) should name the line a user has to
edit. Loading keeps no positions, so the text is composed again, into PyYAML's
node graph (it holds each node's start mark), only when a problem is to be
reported: the usual path pays nothing. Composing never builds values, so an
alias points at a node already composed and cannot expand.
"""

from __future__ import annotations

from collections.abc import Sequence

import yaml

# libyaml's composer when present: a 1 MB config composes in milliseconds.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Step = str | int
"""A mapping key (as text) or a list index, one level down."""


class ValueLines:
    """The lines of the values in one YAML text, composed at the first question."""

    def __init__(self, text: str, first_line: int = 1) -> None:
        """Keep ``text`` (YAML that loads without error), starting at file line ``first_line``."""
        self._text = text
        self._first_line = first_line
        self._root: yaml.Node | None = None
        self._composed = False

    def line(self, steps: Sequence[Step]) -> int | None:
        """The 1-based file line where the value reached by ``steps`` starts.

        Args:
            steps: Keys and indexes from the top; ``()`` is the whole document.

        Returns:
            The line, or None when the text does not compose or a step is
            missing (the problem then names no line).
        """
        node = self._document()
        for step in steps:
            node = _child(node, step)
        return None if node is None else self._first_line + node.start_mark.line

    def _document(self) -> yaml.Node | None:
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self._text, Loader=_LOADER)
            except (yaml.YAMLError, RecursionError):
                self._root = None
        return self._root


def _child(node: yaml.Node | None, step: Step) -> yaml.Node | None:
    """The node one step below ``node``: a key's value, or a list's item."""
    if isinstance(step, int):
        if isinstance(node, yaml.SequenceNode) and 0 <= step < len(node.value):
            item: yaml.Node = node.value[step]
            return item
        return None
    if not isinstance(node, yaml.MappingNode):
        return None
    found = None
    for key, value in node.value:  # the last of repeated keys wins, as when loading
        if isinstance(key, yaml.ScalarNode) and key.value == step:
            found = value
    return found

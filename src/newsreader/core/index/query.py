"""What a search query means: the one parser every mode and the reader share.

A query is a list of terms that must all occur in a post (title or body):
``"quoted text"`` is one term, spaces included, and any other run of
non-blank characters is a term. A term means its index tokens (see
:mod:`newsreader.core.index.tokens`): letters and digits in whole words
(Latin ignoring case), each Chinese character on its own, and any run of
punctuation or white space inside a term as one separator, so ``a,b``
finds ``a, b`` and ``a-b``. Punctuation at a term's ends means nothing, and a
term of punctuation alone is no term: ``!!!`` or ``%`` would otherwise match
every post with any punctuation. A query left with no term raises
:class:`NoSearchableTerm`, which the command line reports as a usage error
and the reader as a status, so every caller gives such a query one answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsreader.core.text.safe import clean, clean_line

_QUERY_TERM = re.compile(r'"([^"]*)"?|(\S+)')
_EDGE_PUNCTUATION = re.compile(r"^[\W_]+|[\W_]+$")


class NoSearchableTerm(Exception):
    """A query holds no letter, digit or ideograph to search for (e.g. ``!!!``)."""

    def __init__(self, query: str) -> None:
        """Name the query in the message (cleaned: it may hold anything)."""
        shown = clean(query)
        super().__init__(
            f"search query {shown!r} has no searchable term (letters, digits or Chinese)"
        )


@dataclass(frozen=True)
class Query:
    """A parsed query.

    Attributes:
        terms: Each term as typed, less punctuation at its ends (a phrase
            keeps its inner spaces); a post matches when every term's tokens
            occur, in order, in its title or body.
    """

    terms: tuple[str, ...]

    def fts_expression(self) -> str | None:
        """Return the FTS5 MATCH expression, or None when nothing can match.

        Every term becomes a phrase of index tokens (one per Han character),
        so Chinese terms of any length match as a contiguous run.
        """
        phrases = []
        for term in self.terms:
            tokens = term_tokens(term)
            if not tokens:
                return None
            phrases.append('"' + " ".join(tokens) + '"')
        return " AND ".join(phrases) or None


def term_tokens(term: str) -> list[str]:
    """The index tokens a term stands for: no separator at either end."""
    from newsreader.core.index.tokens import SEPARATOR, index_tokens  # only searches need it

    tokens = index_tokens(term)
    start, end = 0, len(tokens)
    while start < end and tokens[start] == SEPARATOR:
        start += 1
    while end > start and tokens[end - 1] == SEPARATOR:
        end -= 1
    return tokens[start:end]


def parse_query(query: str) -> Query:
    """Split ``query`` into its searchable terms: quoted phrases, and words between spaces.

    An unclosed quote runs to the end of the query; a term without a letter,
    digit or ideograph is dropped.

    Raises:
        NoSearchableTerm: No term is left (an empty, blank or punctuation query).
    """
    terms = []
    for match in _QUERY_TERM.finditer(clean_line(query)):
        term = match.group(1) if match.group(1) is not None else match.group(2)
        if term_tokens(term):
            terms.append(_EDGE_PUNCTUATION.sub("", term))
    if not terms:
        raise NoSearchableTerm(query)
    return Query(tuple(terms))

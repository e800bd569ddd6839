"""The line-breaking classes both wrappers share (:mod:`~newsreader.core.text.wrap`
and its fast path, :mod:`~newsreader.core.text.plain_wrap`).

Kinsoku (GB/T 15834, JIS X 4051) forbids some characters at the start or the
end of a line; the attached marks belong to the character before them, so no
line breaks between the two. Defined once, so that the two wrappers cannot
disagree on which character is which.
"""

from __future__ import annotations

#: Characters that must not start a line (GB/T 15834 and JIS X 4051 kinsoku),
#: with their half-width and full-width forms.
CLOSING = frozenset(
    "。，、；：！？）」』”’》〉】〕〗〙〛…‥"
    "ー々〻ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
    "！），．：；？］｝｡､｣"
    ")]},.;:!?"
)
#: Characters that must not end a line.
OPENING = frozenset("（「『“‘《〈【〔〖〘〚［｛｢([{")

#: Marks that belong to the character before them (combining marks, the
#: non-joiner, variation selectors including the ideographic ones), so a wide
#: character never parts from them: the body of a regex character class.
ATTACHED = "\u0300-\u036f\u200c\u20d0-\u20ff\ufe00-\ufe0f\u3099\u309a\U000e0100-\U000e01ef"

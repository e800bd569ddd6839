"""A widget's own style and its components' styles, worked out once per style change.

Textual computes ``rich_style`` by walking every ancestor's styles at each
call, and the Line API widgets (the list, the article, both trees) asked for
it at every line they drew: about a millisecond a line in the trees, a third
of drawing the list. The style only changes with the CSS or the theme (focus,
a new theme), so it is kept until Textual says the styles changed.

Component styles (``article-view--heading``, ``tree--cursor``...) cost the
same walk, and Textual's own cache of them is emptied by every ``refresh``:
each paint of a new post worked them all out again (profiled at 10^5 posts,
a tenth of a next-unread key's main-thread time). They are kept here beside
the component ``Styles`` objects they came from: Textual makes new ones
whenever it restyles the widget, so a kept style never outlives its CSS.
"""

from __future__ import annotations

from rich.style import Style
from textual.css.styles import RenderStyles
from textual.widget import Widget

_ComponentKey = tuple[tuple[str, ...], bool, Style | None]
_KeptStyle = tuple[tuple[RenderStyles | None, ...], Style]


class SteadyBaseStyle(Widget):
    """Mixed in after a Textual widget class: cached ``rich_style`` and component styles.

    After, not before: Textual inherits default CSS along the first DOM base
    only, so the widget's own class must come first.
    """

    _base_style: Style | None = None
    _component_cache: dict[_ComponentKey, _KeptStyle] | None = None

    def notify_style_update(self) -> None:
        """Forget the kept styles when the CSS changes."""
        self._base_style = None
        self._component_cache = None
        super().notify_style_update()

    @property
    def base_style(self) -> Style:
        """This widget's own style under every line, worked out once per style change."""
        if self._base_style is None:
            self._base_style = self.rich_style
        return self._base_style

    def get_component_rich_style(
        self, *names: str, partial: bool = False, default: Style | None = None
    ) -> Style:
        """Textual's component style, kept while its component ``Styles`` are current."""
        if self._component_cache is None:
            self._component_cache = {}
        key = (names, partial, default)
        sources = tuple(self._component_styles.get(name) for name in names)
        kept = self._component_cache.get(key)
        if kept is not None and all(a is b for a, b in zip(kept[0], sources, strict=True)):
            return kept[1]
        style = super().get_component_rich_style(*names, partial=partial, default=default)
        self._component_cache[key] = (sources, style)
        return style

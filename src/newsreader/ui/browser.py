"""Open a web address in the user's browser, never in the reader's own terminal.

Python's :mod:`webbrowser` falls back to console browsers (lynx, w3m, links)
when no graphical one is found; started from a Textual app they would fight
it for the terminal. Those are refused here, and the caller copies the
address instead, so the user can paste it wherever they browse.
"""

from __future__ import annotations

import webbrowser

CONSOLE_BROWSERS = frozenset({"www-browser", "lynx", "w3m", "links", "links2", "elinks", "browsh"})
"""Browsers that run inside the terminal (webbrowser's fall-backs when no display is found)."""


def _in_terminal(browser: webbrowser.BaseBrowser) -> bool:
    """Whether ``browser`` would take over the terminal."""
    command = getattr(browser, "name", "") or ""
    return command.rsplit("/", 1)[-1] in CONSOLE_BROWSERS


def open_in_browser(url: str) -> bool:
    """Open ``url`` in a graphical browser; False when there is none to use."""
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return False
    if _in_terminal(browser):
        return False
    try:
        return bool(browser.open(url, new=2))
    except OSError:
        return False

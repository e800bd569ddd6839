"""The Textual application: load the archive in a worker, then show the reader.

``make_app`` is the one factory the CLI and the tests share (posting's
``make_posting``), and :class:`~newsreader.ui.options.ReaderOptions` the one
settings object it takes. The archive, the posts the options select and the
reading state are read in a thread worker while a progress bar shows; an
:class:`~newsreader.ui.screens.loading.ArchiveLoaded` message brings them back
to the event loop, where the main screen takes over.

A warm start does not wait for the whole archive: when the index can tell
(:func:`~newsreader.core.index.first_page.first_page`), the first screen is
its newest page of posts and the tree's counts, read without a ``stat`` or a
post decoded past the page. The main screen's watcher then loads the archive
in full and checks every file (:func:`~newsreader.core.index.refresh.revalidate`)
and applies what it finds as it applies a change on disk, the list's selection
and the tree's place kept. The CLI never takes this path: its answers are exact.
"""

from __future__ import annotations

import difflib
import sys
import unicodedata
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.keys import KEY_TO_UNICODE_NAME, REPLACED_KEYS, Keys
from textual.theme import BUILTIN_THEMES

from newsreader.core.archive.filters import Criteria
from newsreader.core.archive.naming import resolve_criteria
from newsreader.core.index.first_page import FirstPage, first_page
from newsreader.core.index.metadata import load_indexed
from newsreader.core.index.refresh import revalidate
from newsreader.core.state import StateStore
from newsreader.core.text.safe import clean_line
from newsreader.core.userconfig import ConfigProblem, UserConfig
from newsreader.ui.commands import ArticleCommands, PostCommands
from newsreader.ui.model.catalog import ALL
from newsreader.ui.model.first_screen import first_archive, first_reading
from newsreader.ui.model.reading import Reading, offered_posts
from newsreader.ui.model.view import read_view
from newsreader.ui.options import ReaderOptions
from newsreader.ui.screens.loading import ArchiveLoaded, LoadingScreen, LoadProgress
from newsreader.ui.screens.main import MainScreen


class NewsReaderApp(App[None]):
    """A terminal reader for a local Jekyll archive of news posts."""

    CSS_PATH = "newsreader.tcss"
    TITLE = "newsreader"
    COMMANDS = App.COMMANDS | {PostCommands, ArticleCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", tooltip="Save the reading position and quit", id="quit"),
    ]
    """Keys that work everywhere; the reader's keys live on the main screen."""

    def __init__(self, root: Path, options: ReaderOptions) -> None:
        """Prepare to read ``root`` (nothing is read until the app runs).

        Args:
            root: The archive folder (or a single post file).
            options: Filters, cache and folders, as the CLI was told them.
        """
        super().__init__()
        self.root = root
        self.options = options
        self.state: StateStore | None = None

    def on_mount(self) -> None:
        """Apply the user's keys and theme, show the loading screen and start reading."""
        self.set_keymap(self.options.keymap)
        if self.options.theme in self.available_themes:
            self.theme = self.options.theme
        self.push_screen(LoadingScreen(self.root))
        self._load()

    @work(thread=True, exclusive=True, group="load")
    def _load(self) -> None:
        """Read the archive (or its first page) and open the state, off the event loop."""
        state = StateStore.open(self.root, self.options.state_dir)
        page = self._first_page(state)
        if page is not None:
            archive = first_archive(self.root, page)
            notices = list(self.options.notices)
            self.post_message(ArchiveLoaded(archive, page.posts, state, notices, page))
            return
        self._load_whole(state)

    def _first_page(self, state: StateStore) -> FirstPage | None:
        """The first screen from the index alone, where it shows what a full load would.

        Only for the reader's plain start: no ``--search`` (its ranks need
        the full text checked), no filter but ``--unpublished`` (names are
        resolved against the whole archive), and a saved view of every post
        newest first (a group, a filter or another order needs every post).
        """
        options = self.options
        plain = Criteria(unpublished=options.criteria.unpublished)
        view = read_view(state.view())
        if options.search or not options.use_cache or options.criteria != plain:
            return None
        if view.group != ALL or view.filter_text or view.sort != "date" or view.unread_only:
            return None
        last = state.last_position()
        wanted = {path for path in (view.selected, last[0] if last else None) if path}
        return first_page(
            self.root,
            read=state.read_paths(),
            unpublished=plain.unpublished,
            wanted=sorted(wanted),
            cache_dir=options.cache_dir,
        )

    def _load_whole(self, state: StateStore) -> None:
        """Read the whole archive through the index (cold, or where a first page cannot do)."""
        step = 1

        def progress(done: int, total: int) -> None:
            nonlocal step
            step = max(total // 100, 1)
            if done % step == 0 or done == total:
                self.post_message(LoadProgress(done, total))

        options = self.options
        # The index makes a warm start read only new or changed files; the reader
        # prints no JSON line (at 10^5 posts, kept, they held ~70 MB).
        loaded = load_indexed(
            self.root,
            use_cache=options.use_cache,
            progress=progress,
            cache_dir=options.cache_dir,
            with_lines=False,
        )
        notices = [*options.notices, *loaded.notices]
        criteria, unknown = resolve_criteria(loaded.archive, options.criteria)
        notices += map(str, unknown)
        posts = offered_posts(loaded.archive, replace(options, criteria=criteria), notices)
        self.post_message(ArchiveLoaded(loaded.archive, posts, state, notices))

    def on_load_progress(self, message: LoadProgress) -> None:
        """Move the bar (the loading screen may already be gone)."""
        if isinstance(self.screen, LoadingScreen):
            self.screen.show_progress(message.done, message.total)

    def on_archive_loaded(self, message: ArchiveLoaded) -> None:
        """Swap the loading screen for the reader."""
        self.state, options = message.state, self.options
        if message.first is None:
            screen = MainScreen(
                Reading(message.archive, tuple(message.posts), message.state), options
            )
        else:
            reading = first_reading(message.archive, message.first, message.state)
            check = partial(revalidate, self.root, cache_dir=options.cache_dir)
            screen = MainScreen(reading, options, settle=check)
        self.switch_screen(screen)
        for notice in message.notices:
            self.notify(clean_line(notice), severity="warning", markup=False)

    async def action_quit(self) -> None:
        """Save the exact reading position, then quit."""
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.save_view()
        await super().action_quit()

    def _fatal_error(self) -> None:
        """End after an unhandled exception with one line, the traceback logged.

        Textual's own ``_fatal_error`` prints a full traceback with locals on
        exit; the guide promises users never see one. Textual offers no public
        hook for this, so the private method is overridden; pilot tests still
        get the exception re-raised (``_handle_exception`` records it first).
        """
        from newsreader.crashlog import report_unexpected

        error = sys.exc_info()[1]
        line = report_unexpected(error) if error else "newsreader: unexpected error"
        self.bell()
        self._exit_renderables.append(Text(line))
        self._close_messages_no_wait()

    def on_unmount(self) -> None:
        """Close the state store (the main screen saved the position already)."""
        if self.state is not None:
            self.state.close()


def binding_ids() -> list[str]:
    """The ids of the reader's bindings: the actions ``[keys]`` in the user config may remap."""
    bindings = [*NewsReaderApp.BINDINGS, *MainScreen.BINDINGS]
    return [b.id for b in bindings if isinstance(b, Binding) and b.id is not None]


def config_problems(config: UserConfig, shown: str) -> list[ConfigProblem]:
    """What in the user config names no action or theme of the reader.

    The core reads the file without Textual; only the reader knows its
    actions and themes, so this check lives here. Each problem names the line
    the core found for the key.
    """
    problems: list[ConfigProblem] = []
    actions = binding_ids()
    for action in config.keys:
        if action not in actions:
            close = difflib.get_close_matches(action, actions, n=2)
            hint = f"did you mean {' or '.join(close)}?" if close else "see the README's list"
            key = f"keys.{action}"
            reason = f"no such action, ignored ({hint})"
            problems.append(ConfigProblem(shown, config.lines.get(key), key, reason))
    bad = _bad_keys(config, shown, actions)
    problems += bad
    unbound = {problem.key for problem in bad}
    kept = {a: keys for a, keys in config.keys.items() if f"keys.{a}" not in unbound}
    problems += _key_clashes(replace(config, keys=kept), shown)
    if config.theme is not None and config.theme not in BUILTIN_THEMES:
        names = ", ".join(sorted(BUILTIN_THEMES))
        reason = f"no such theme, the default is used (themes: {names})"
        problems.append(ConfigProblem(shown, config.lines.get("theme"), "theme", reason))
    return problems


def _bad_keys(config: UserConfig, shown: str, actions: list[str]) -> list[ConfigProblem]:
    """Keys Textual never sends: bound to one, an action answers to nothing.

    ``quit = "notakey"`` showed "notakey Quit" in the footer and left quit to
    an undocumented ctrl+q; the action keeps its default keys instead.
    """
    problems: list[ConfigProblem] = []
    for action, given in config.keys.items():
        if action not in actions:
            continue  # no such action: said already
        for key in given.split(","):
            if not is_key(key):
                reason = f"'{key}' is not a key{_spelled(key)}: the default keys are kept"
                line = config.lines.get(f"keys.{action}")
                problems.append(ConfigProblem(shown, line, f"keys.{action}", reason))
    return problems


MODIFIERS = ("alt", "ctrl", "hyper", "meta", "shift", "super")
"""The modifiers a Textual key event names, in the (sorted) order it joins them."""


def _kitty_key_names() -> set[str]:
    """The keys only the kitty keyboard protocol sends (``media_play``, ``f35``).

    Textual keeps them in a private table: should it move, they are refused
    as keys, and nothing else breaks.
    """
    try:
        from textual._keyboard_protocol import FUNCTIONAL_KEYS
    except ImportError:
        return set()
    return set(FUNCTIONAL_KEYS.values())


_KEY_NAMES = frozenset(
    {name for key in Keys if not (name := key.value.rpartition("+")[2]).startswith("<")}
    | _kitty_key_names()
)
"""Textual's names for keys that type no character (``up``, ``f1``, ``pagedown``)."""


def is_key(key: str) -> bool:
    """Whether Textual can send ``key``, so that a binding to it fires.

    Textual matches a press by its name, exactly: one character (``?``, ``J``,
    ``ß``), or a key it names after modifiers in its order (``ctrl+shift+up``,
    ``alt+question_mark``, ``f5``). A character's long Unicode name with a
    hyphen in it is refused though Textual would send it (the character works).
    """
    if len(key) == 1:
        return key.isprintable()
    *modifiers, base = key.split("+")
    if modifiers != sorted(set(modifiers)) or not set(modifiers) <= set(MODIFIERS):
        return False
    return (len(base) == 1 and base.isalnum()) or base in _KEY_NAMES or _names_character(base)


def _names_character(name: str) -> bool:
    """Whether ``name`` is how Textual calls a character key (``slash``, ``question_mark``)."""
    unicode_name = REPLACED_KEYS.get(name, name)  # "slash" is Unicode's "solidus"
    try:
        unicodedata.lookup(KEY_TO_UNICODE_NAME.get(unicode_name, unicode_name.replace("_", " ")))
    except KeyError:
        return False
    return True


def _spelled(key: str) -> str:
    """How Textual writes ``key`` when only the modifiers' order is wrong, as a hint."""
    *modifiers, base = key.split("+")
    written = "+".join([*sorted(modifiers), base])
    return f" (Textual writes it {written})" if written != key and is_key(written) else ""


def _key_clashes(config: UserConfig, shown: str) -> list[ConfigProblem]:
    """A remapped key another action has too: the remap is not used, so say so.

    Textual's keymap would give the key to the remapped action and take it
    from the other without a word (``find = "q"`` left quit with ``ctrl+q``
    only). The CLI leaves out a remap with a problem (``with_user_config``),
    so the other action keeps its key, as the notice says.
    """
    keys = {
        b.id: config.keys.get(b.id, b.key)
        for b in [*NewsReaderApp.BINDINGS, *MainScreen.BINDINGS]
        if isinstance(b, Binding) and b.id is not None
    }
    problems: list[ConfigProblem] = []
    for action, given in config.keys.items():
        if action not in keys:
            continue  # no such action: said already
        for key in given.split(","):
            for other, theirs in keys.items():
                if other != action and other not in config.keys and key in theirs.split(","):
                    reason = f"'{key}' is {other}'s key already: not used, {other} keeps it"
                    line = config.lines.get(f"keys.{action}")
                    problems.append(ConfigProblem(shown, line, f"keys.{action}", reason))
    return problems


def make_app(root: Path, options: ReaderOptions | None = None) -> NewsReaderApp:
    """Build the reader for ``root``; the CLI and the tests both call this.

    Args:
        root: The archive folder (or a single post file).
        options: Filters, cache and folders (default: every published post,
            through the index, in the user's folders).

    Returns:
        An app ready to ``run()`` or ``run_test()``.
    """
    return NewsReaderApp(root, options or ReaderOptions())

"""Pilot tests: the user config's keys, theme and notices reach the reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsreader.cli.args import build_parser
from newsreader.cli.modes import reader_options
from newsreader.cli.settings import Settings
from newsreader.core.userconfig import parse_user_config
from newsreader.ui.app import binding_ids, config_problems, is_key
from newsreader.ui.screens.help import HelpScreen
from newsreader.ui.screens.search import SearchScreen
from tests.conftest import SAMPLE
from tests.ui.conftest import Reader, main_screen, settle

CONFIG = Path("/home/u/.config/newsreader/config.toml")


def _settings(text: str) -> Settings:
    config, problems = parse_user_config(text, str(CONFIG))
    return Settings(config, CONFIG, tuple(problems))


async def test_a_remapped_action_answers_to_its_new_key_only(reader: Reader) -> None:
    """``[keys] search = "x"``: x opens the search, s no longer does."""
    app = reader(SAMPLE, keymap={"search": "x"})
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        main_screen(app).article_list.focus()
        await pilot.press("s")
        await pilot.pause()
        assert not isinstance(app.screen, SearchScreen)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)


async def test_an_app_binding_can_be_remapped_too(reader: Reader) -> None:
    """The help key (a screen binding) moved to F1, and the quit key kept its own."""
    app = reader(SAMPLE, keymap={"help": "f1"})
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_the_theme_is_applied(reader: Reader) -> None:
    app = reader(SAMPLE, theme="nord")
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        assert app.theme == "nord"


async def test_config_notices_show_once_the_reader_is_up(reader: Reader) -> None:
    app = reader(SAMPLE, notices=("config.toml:3: text_width: expected …",))
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        assert [n.message for n in app._notifications] == ["config.toml:3: text_width: expected …"]


async def test_a_human_category_name_narrows_the_reader(reader: Reader) -> None:
    """``newsreader sample_posts --category 文化`` reads what ``--category culture`` does."""
    from newsreader.core.archive.filters import Criteria

    app = reader(SAMPLE, criteria=Criteria(categories=("文化",)))
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        listed = main_screen(app).article_list.posts
        assert listed and all("culture" in post.categories for post in listed)


def test_every_main_screen_and_app_binding_has_an_id() -> None:
    ids = binding_ids()
    assert len(ids) == len(set(ids)) and {"quit", "search", "help", "next-post"} <= set(ids)


@pytest.mark.parametrize(
    ("text", "key", "line", "words"),
    [
        ('[keys]\nserch = "x"', "keys.serch", 2, "did you mean search?"),
        ('theme = "solarised"', "theme", 1, "no such theme"),
        ('[keys]\nfind = "q"', "keys.find", 2, "'q' is quit's key already: not used, quit keeps"),
        ('[keys]\nquit = "notakey"', "keys.quit", 2, "'notakey' is not a key: the default"),
        (
            '\n[keys]\nbookmark = "ctrl+alt+shift+super+hyper+ß"',
            "keys.bookmark",
            3,
            "is not a key (Textual writes it alt+ctrl+hyper+shift+super+ß)",
        ),
        ('[keys]\nsearch = "s,ctrl+/"', "keys.search", 2, "'ctrl+/' is not a key"),
    ],
)
def test_what_the_reader_lacks_is_a_problem_with_its_line(
    text: str, key: str, line: int, words: str
) -> None:
    config, _ = parse_user_config(text, str(CONFIG))
    (problem,) = config_problems(config, str(CONFIG))
    assert (problem.key, problem.line) == (key, line) and words in problem.reason


@pytest.mark.parametrize(
    "key",
    ["q", "J", "?", "ß", "ctrl+f", "ctrl+shift+up", "alt+question_mark", "f5", "space", "tab"]
    + ["ctrl+slash", "pagedown", "ctrl+@", "super+x", "hyper+meta+x", "media_play", "+"],
)
def test_keys_textual_sends_are_keys(key: str) -> None:
    assert is_key(key)


@pytest.mark.parametrize(
    "key",
    ["notakey", "ctrl+notakey", "shift+ctrl+up", "ctrl+ctrl+f", "Ctrl+f", "win+f", "ctrl+/"]
    + ["ctrl+alt+shift+super+hyper+ß", "\x07", "<any>"],
)
def test_names_textual_never_sends_are_not_keys(key: str) -> None:
    """A binding to one never fires: ``ctrl+/`` arrives as ``ctrl+slash``, modifiers sorted."""
    assert not is_key(key)


async def test_a_key_that_is_not_one_is_named_and_the_default_key_still_works(
    reader: Reader,
) -> None:
    """``quit = "notakey"`` showed "notakey Quit" and left only ctrl+q; now q still quits."""
    args = build_parser().parse_args([str(SAMPLE)])
    options = reader_options(args, _settings('theme = "nord"\n[keys]\nquit = "notakey"\n'))
    assert "quit" not in options.keymap
    assert options.notices == (
        f"{CONFIG}:3: keys.quit: 'notakey' is not a key: the default keys are kept",
    )
    app = reader(SAMPLE, keymap=options.keymap, notices=options.notices)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        assert [n.message for n in app._notifications] == list(options.notices)
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0 and not app.is_running


def test_a_bad_key_leaves_the_default_for_the_clash_check() -> None:
    """quit's "notakey" is not applied, so quit keeps q, and search = "q" clashes with it."""
    text = '[keys]\nquit = "notakey"\nsearch = "q"'
    config, _ = parse_user_config(text, str(CONFIG))
    problems = config_problems(config, str(CONFIG))
    assert [(p.line, p.key) for p in problems] == [(2, "keys.quit"), (3, "keys.search")]


async def test_a_clashing_key_is_not_taken_from_the_action_that_has_it(reader: Reader) -> None:
    """``find = "q"``: the notice says quit keeps q, and q still quits."""
    args = build_parser().parse_args([str(SAMPLE)])
    options = reader_options(args, _settings('[keys]\nfind = "q"\n'))
    assert "find" not in options.keymap and "quit keeps it" in options.notices[0]
    app = reader(SAMPLE, keymap=options.keymap, notices=options.notices)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0 and not app.is_running


def test_keys_swapped_between_two_actions_are_no_clash() -> None:
    config, _ = parse_user_config('[keys]\nfind = "q"\nquit = "ctrl+q,/"', str(CONFIG))
    assert config_problems(config, str(CONFIG)) == []


def test_the_cli_hands_the_reader_the_config_and_its_problems() -> None:
    args = build_parser().parse_args([str(SAMPLE)])
    text = '[keys]\nsearch = "x"\nnope = "y"\n\n[other]\ntheme = 1\n'
    text = 'theme = "nord"\ntext_width = 64\nread_on = "end"\n' + text
    options = reader_options(args, _settings(text))
    assert options.keymap == {"search": "x"}
    assert (options.theme, options.text_width, options.read_on) == ("nord", 64, "end")
    assert [notice.split(": ")[0] for notice in options.notices] == [f"{CONFIG}:8", f"{CONFIG}:6"]


def test_without_a_config_the_reader_keeps_its_defaults() -> None:
    args = build_parser().parse_args([str(SAMPLE)])
    options = reader_options(args, _settings(""))
    assert options == reader_options(args)


async def test_an_unknown_category_is_a_notice_and_shows_nothing(reader: Reader) -> None:
    from newsreader.core.archive.filters import Criteria

    app = reader(SAMPLE, criteria=Criteria(categories=("cultur",)))
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        assert main_screen(app).article_list.posts == []
        messages = [n.message for n in app._notifications]
        assert "unknown category 'cultur' (nearest: culture)" in messages

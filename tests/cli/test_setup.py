"""--version, --config-path, --print-completion, and the config's default archive."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from newsreader import __version__
from newsreader.cli.args import COMPLETION_SHELLS, build_parser
from tests.cli.helpers import run_cli
from tests.conftest import SAMPLE


def _write_config(text: str) -> Path:
    path = Path(os.environ["XDG_CONFIG_HOME"]) / "newsreader" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(capsys, "--version") == (0, f"newsreader {__version__}\n", "")


def test_config_path_is_in_the_user_config_dir(capsys: pytest.CaptureFixture[str]) -> None:
    expected = Path(os.environ["XDG_CONFIG_HOME"]) / "newsreader" / "config.toml"
    assert run_cli(capsys, "--config-path") == (0, f"{expected}\n", "")


def _option_strings() -> set[str]:
    parser = build_parser()
    return {opt for action in parser._actions for opt in action.option_strings if len(opt) > 2}


@pytest.mark.parametrize("shell", COMPLETION_SHELLS)
def test_completion_names_every_option(capsys: pytest.CaptureFixture[str], shell: str) -> None:
    code, script, err = run_cli(capsys, "--print-completion", shell)
    assert code == 0 and err == "" and script.endswith("\n")
    spelled = (lambda opt: f"-l {opt[2:]} ") if shell == "fish" else (lambda opt: opt)
    missing = {opt for opt in _option_strings() if spelled(opt) not in script}
    assert missing == set()


@pytest.mark.parametrize(
    ("shell", "check"), [("bash", ["bash", "-n"]), ("zsh", ["zsh", "-n"]), ("fish", ["fish", "-n"])]
)
def test_completion_script_parses_in_its_shell(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, shell: str, check: list[str]
) -> None:
    if shutil.which(check[0]) is None:
        pytest.skip(f"{shell} is not installed")
    _, script, _ = run_cli(capsys, "--print-completion", shell)
    path = tmp_path / f"newsreader.{shell}"
    path.write_text(script, encoding="utf-8")
    assert subprocess.run([*check, str(path)], capture_output=True).returncode == 0


def test_completion_offers_paths_for_the_archive(capsys: pytest.CaptureFixture[str]) -> None:
    _, script, _ = run_cli(capsys, "--print-completion", "bash")
    assert "_shtab_compgen_files" in script and "_shtab_compgen_dirs" in script


def test_the_configured_archive_is_used_when_none_is_named(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _write_config(f'archive = "{SAMPLE}"\n')
    code, out, err = run_cli(capsys, "--list", "--no-cache", "--category", "culture")
    _, named, _ = run_cli(capsys, str(SAMPLE), "--list", "--no-cache", "--category", "culture")
    assert code == 0 and err == "" and out == named


def test_a_missing_configured_archive_is_one_line_naming_the_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _write_config(f'# mine\narchive = "{tmp_path / "gone"}"\n')
    code, out, err = run_cli(capsys, "--list")
    assert (code, out) == (2, "")
    assert err == f"newsreader: {path}:2: archive: no such archive: {tmp_path / 'gone'}\n"


def test_config_problems_are_told_once_and_the_run_goes_on(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = _write_config(f'archive = "{SAMPLE}"\ntext_width = 3\ncolour = "red"\n')
    code, out, err = run_cli(capsys, "--list", "--no-cache")
    assert code == 0 and out
    assert err.splitlines() == [
        f"newsreader: {path}:2: text_width: expected 0 (fill the pane) or a whole number of "
        "cells from 20 to 1000, got 3: the default width is used",
        f"newsreader: {path}:3: colour: unknown setting, ignored (known: archive, keys, "
        "read_on, text_width, theme)",
    ]


def test_a_batch_run_naming_its_archive_does_not_read_the_config(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _write_config("this is not TOML [")
    code, out, err = run_cli(capsys, str(SAMPLE), "--list", "--no-cache")
    assert code == 0 and out and err == ""
    code, _, err = run_cli(capsys, "--list", "--no-cache")
    assert code == 0 and "not valid TOML" in err

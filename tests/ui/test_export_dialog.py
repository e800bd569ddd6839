"""Pilot tests: the export dialog (scope, folder, file name, overwriting, memory)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import platformdirs
import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label, RadioButton, RadioSet

from newsreader.ui.screens.export_dialog import ExportDialog
from newsreader.ui.screens.main import MainScreen
from tests.conftest import SAMPLE
from tests.ui.conftest import Reader, open_seed, settle

SEED_NAME = "常州市科协事业发展“十四五”规划（纲要）.txt"


async def open_dialog(pilot: Pilot[Any]) -> ExportDialog:
    await pilot.press("e")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, ExportDialog)
    return dialog


def label(dialog: ExportDialog, name: str) -> str:
    return str(dialog.query_one(f"#{name}", Label).render())


async def save(pilot: Pilot[Any]) -> None:
    await pilot.press("enter")
    await settle(pilot)


async def test_the_dialog_names_the_file_by_title_and_remembers_the_folder(
    reader: Reader, tmp_path: Path
) -> None:
    app = reader(SAMPLE)
    chosen = tmp_path / "chosen"
    async with app.run_test(size=(120, 36)) as pilot:
        await open_seed(pilot)
        dialog = await open_dialog(pilot)
        folder = dialog.query_one(Input)
        assert folder.value == str(tmp_path / "exports")  # the options' folder, nothing remembered
        assert label(dialog, "export-name") == f"File: {SEED_NAME}"
        folder.value = str(chosen)
        await save(pilot)
        assert isinstance(app.screen, MainScreen)
        assert (
            (chosen / SEED_NAME).read_text(encoding="utf-8").startswith("Title: 常州市科协事业发展")
        )
        dialog = await open_dialog(pilot)
        assert dialog.query_one(Input).value == str(chosen.resolve())


async def test_by_default_it_offers_the_documents_folder(
    reader: Reader, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = tmp_path / "Documents"
    monkeypatch.setattr(platformdirs, "user_documents_dir", lambda: str(documents))
    app = reader(SAMPLE, export_dir=None)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_seed(pilot)
        dialog = await open_dialog(pilot)
        assert dialog.query_one(Input).value == str(documents)


async def test_a_folder_inside_the_archive_is_refused_in_the_dialog(
    reader: Reader, make_archive: Any
) -> None:
    root = make_archive({"_posts/2022-01-01-a.md": '---\ntitle: "甲"\n---\n<p>正文</p>\n'})
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    app = reader(root)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        dialog = await open_dialog(pilot)
        dialog.query_one(Input).value = str(root / "_posts")
        await save(pilot)
        assert app.screen is dialog
        assert "inside the archive" in label(dialog, "export-message")
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


async def test_an_existing_file_is_replaced_only_after_asking(
    reader: Reader, tmp_path: Path
) -> None:
    target = tmp_path / "exports" / SEED_NAME
    target.parent.mkdir()
    target.write_text("older export", encoding="utf-8")
    app = reader(SAMPLE)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_seed(pilot)
        dialog = await open_dialog(pilot)
        await save(pilot)
        assert app.screen is dialog
        assert "exists already" in label(dialog, "export-message")
        assert target.read_text(encoding="utf-8") == "older export"
        await save(pilot)  # the second Enter confirms
        assert isinstance(app.screen, MainScreen)
    assert target.read_text(encoding="utf-8").startswith("Title: 常州市科协事业发展")


async def test_the_section_being_read_is_exported_alone(reader: Reader, tmp_path: Path) -> None:
    app = reader(SAMPLE)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_seed(pilot)
        document = screen.reading.document
        assert document is not None
        second = document.outline[1]  # 二、重点任务
        screen.article_view.scroll_to_block(second.block)
        await pilot.pause()
        dialog = await open_dialog(pilot)
        dialog.query_one(RadioSet).query(RadioButton)[1].toggle()
        await pilot.pause()
        name = f"常州市科协事业发展“十四五”规划（纲要） - {second.marker}{second.title}.txt"
        assert label(dialog, "export-name") == f"File: {name}"
        await save(pilot)
    text = (tmp_path / "exports" / name).read_text(encoding="utf-8")
    assert "二、重点任务" in text
    assert "一、发展基础" not in text and "三、保障措施" not in text


async def test_the_list_is_exported_one_file_per_post(reader: Reader, tmp_path: Path) -> None:
    app = reader(SAMPLE)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_seed(pilot)
        listed = len(screen.article_list.posts)
        dialog = await open_dialog(pilot)
        dialog.query_one(RadioSet).query(RadioButton)[2].toggle()
        await pilot.pause()
        assert label(dialog, "export-name").startswith(f"File: {listed} files")
        await save(pilot)
        assert isinstance(app.screen, MainScreen)
    written = list((tmp_path / "exports").rglob("*.txt"))
    assert len(written) == listed


async def test_escape_closes_without_writing(reader: Reader, tmp_path: Path) -> None:
    app = reader(SAMPLE)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_seed(pilot)
        await open_dialog(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert not (tmp_path / "exports").exists()

"""The export dialog (``e``): what to save, where, under which name; asks before replacing.

The folder box starts at the last folder used (else the user's Documents);
the file name below it follows the scope chosen (the post, the section being
read, or every post of the list). A folder inside the archive is refused in
the dialog, before anything is written, and a file that exists already is
named with a second Enter (or the Replace button) to confirm. The writing
itself happens in a thread worker (a list of posts means opening each), and
the dialog closes with a one-line summary for the screen to show.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet

from newsreader.core.document.open import open_document
from newsreader.core.export.render import export_post
from newsreader.core.export.targets import ExportRefused
from newsreader.core.model import Post
from newsreader.core.text.safe import clean_line
from newsreader.ui.model.export_plan import (
    WIDTH,
    ExportJob,
    Scope,
    existing,
    refusal,
    remember_folder,
    run_export,
)

ExportOutcome = str
"""What the dialog closes with after saving: a sentence for the user."""


class ExportDialog(ModalScreen[ExportOutcome | None]):
    """Choose the scope and the folder, then save; Escape closes without saving."""

    DEFAULT_CSS = """
    ExportDialog { align: center middle; }
    ExportDialog > #export-dialog {
        width: 80; max-width: 95%; height: auto; border: round $accent;
        background: $surface; padding: 0 1;
    }
    ExportDialog RadioSet { width: 100%; border: none; padding: 0; }
    ExportDialog #export-name { color: $text-muted; }
    ExportDialog #export-message { color: $warning; }
    ExportDialog #export-buttons { height: auto; align-horizontal: right; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close", tooltip="Close without saving"),
    ]
    """Escape closes; Enter in the folder box saves."""

    def __init__(self, job: ExportJob, folder: Path, state_dir: Path, scope: str = "post") -> None:
        """Offer to export ``job`` into ``folder`` (remembered in ``state_dir``).

        Args:
            job: The open post, its section and the list.
            folder: The folder offered first.
            state_dir: Where the last folder is remembered.
            scope: The scope chosen first: ``post``, ``section`` or ``list``.
        """
        super().__init__()
        self.job = job
        self.first_scope = scope
        self.start_folder = folder
        self.state_dir = state_dir
        self.confirming: list[Path] = []

    def compose(self) -> ComposeResult:
        """Scope buttons, the folder box, the file name, a message line and the buttons."""
        job = self.job
        with Vertical(id="export-dialog"):
            yield Label("Export as plain text", id="export-title")
            with RadioSet(id="export-scope"):
                first = self.first_scope if job.section or self.first_scope != "section" else "post"
                yield RadioButton(
                    Text(f"This post: {clean_line(job.post.title)}"), value=first == "post"
                )
                section = job.section
                heading = clean_line(f"{section.marker}{section.title}") if section else ""
                yield RadioButton(
                    Text(f"This section: {heading}" if section else "This section (no heading)"),
                    value=first == "section",
                    disabled=section is None,
                )
                yield RadioButton(Text(f"The list: {len(job.posts)} posts"), value=first == "list")
            yield Input(str(self.start_folder), placeholder="Folder", id="export-folder")
            yield Label("", id="export-name")
            yield Label("", id="export-message")
            with Horizontal(id="export-buttons"):
                yield Button("Save", variant="primary", id="export-save")
                yield Button("Cancel", id="export-cancel")

    def on_mount(self) -> None:
        """Start in the folder box with the name shown."""
        self.query_one(Input).focus()
        self._show_name()

    @property
    def scope(self) -> Scope:
        """The scope chosen with the radio buttons."""
        scopes: tuple[Scope, ...] = ("post", "section", "list")
        return scopes[max(self.query_one(RadioSet).pressed_index, 0)]

    def _show_name(self) -> None:
        self.query_one("#export-name", Label).update(
            Text(f"File: {self.job.file_name(self.scope)}")
        )

    def _say(self, message: str) -> None:
        self.query_one("#export-message", Label).update(Text(message))

    def _unconfirm(self) -> None:
        """Any change of scope or folder asks again before replacing."""
        self.confirming = []
        self.query_one("#export-save", Button).label = "Save"
        self._say("")

    @on(RadioSet.Changed)
    def _scope_changed(self) -> None:
        self._unconfirm()
        self._show_name()

    @on(Input.Changed, "#export-folder")
    def _folder_changed(self) -> None:
        self._unconfirm()

    @on(Input.Submitted, "#export-folder")
    @on(Button.Pressed, "#export-save")
    def save(self) -> None:
        """Check the folder, ask before replacing, then write."""
        text = self.query_one(Input).value
        if (reason := refusal(text, self.job.archive.root)) is not None:
            self._say(reason)
            return
        folder, scope = Path(text).expanduser(), self.scope
        clashes = existing(self.job, scope, folder)
        if clashes and clashes != self.confirming:
            self.confirming = clashes
            shown = clashes[0].name if len(clashes) == 1 else f"{len(clashes)} files"
            self._say(f"{shown} exists already: Enter or Replace to overwrite.")
            self.query_one("#export-save", Button).label = "Replace"
            return
        self._say("Saving…")
        self.write(scope, folder, bool(clashes))

    @work(thread=True, exclusive=True, group="export")
    def write(self, scope: Scope, folder: Path, overwrite: bool) -> None:
        """Write off the event loop, then close with what happened."""
        try:
            count, where = run_export(
                self.job, scope, folder, overwrite=overwrite, render=self._post_text
            )
        except ExportRefused as error:
            self.app.call_from_thread(self._say, f"Export failed: {error}")
            return
        remember_folder(self.state_dir, folder)
        noun = "file" if count == 1 else "files"
        self.app.call_from_thread(self.dismiss, f"Saved {count} {noun}: {where}")

    def _post_text(self, post: Post) -> str:
        """A list post's text (the open one is parsed already)."""
        if post == self.job.post:
            return export_post(post, self.job.document, width=WIDTH)
        try:
            document, _problems = open_document(self.job.archive, post)
        except OSError as error:  # removed or unreadable since it was listed
            raise ExportRefused(f"cannot read {post.path}: {error.strerror or error}") from None
        return export_post(post, document, width=WIDTH)

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)

"""Kinds of stored document: PDFs that a task worker renders and the database keeps, the last
copy of each document, reused while its fingerprint (everything the PDF shows, and the files
that lay it out) is unchanged.

A kind says what it is made from and how (`StoredDocument`'s four methods to fill in) and
names its two tables: the stored copies and the render rows (abstract models in
worksheets/models.py), each with a one-to-one field to the document's owner. The workbook is one
kind (worksheets/pdf/__init__.py: `WORKBOOK`, owned by an enrollment, or None for the blank
one); the course certificate another (evaluation/certificates.py: `CERTIFICATE`).
worksheets/tasks.py queues and runs the renders of every kind, worksheets/downloads.py answers
their downloads."""

import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

PACKAGE = Path(__file__).resolve().parent
# The files every kind is laid out through: a change to any of them makes every copy stale.
TYPESETTING_FILES = [PACKAGE / name for name in ("typesetting.py", "render.py", "fetcher.py")]


class StoredDocument:
    copies: type  # the model of the stored copies (a RenderedDocument), one per owner
    renders: type  # the model of the render rows (a DocumentRender), one per owner
    owner_field: str  # the field of both that names the owner
    task_path: str  # the task a worker runs for one render row: task(render_id)
    expected_seconds: float = 10.0  # how long a render takes, before one was measured

    # --- What each kind fills in ---------------------------------------------------------------

    def data(self, owner) -> dict:
        """Everything the PDF shows, as plain data, read from the database."""
        raise NotImplementedError

    def render(self, data: dict) -> bytes:
        """The PDF of `data`, without the database, within PDF_TIME_LIMIT (PdfError if not)."""
        raise NotImplementedError

    def layout_files(self) -> list[Path]:
        """Every file that decides what the PDF looks like."""
        raise NotImplementedError

    def filename(self, owner) -> str:
        raise NotImplementedError

    # --- The same for every kind ---------------------------------------------------------------

    @property
    def task(self):
        return import_string(self.task_path)

    def of(self, owner) -> dict:
        """The filter of the owner's rows in either table."""
        return {self.owner_field: owner}

    def fingerprint(self, data: dict) -> str:
        """Everything the PDF shows except the moment it was made, and the files that lay it
        out."""
        shown = {key: value for key, value in data.items() if key != "generated_at"}
        digest = hashlib.sha256(json.dumps(shown, sort_keys=True, default=str).encode())
        digest.update(_layout_digest(self.layout_files()).encode())
        digest.update(getattr(settings, "PDF_PAGE_SIZE", "A4").encode())
        return digest.hexdigest()

    def current_fingerprint(self, owner) -> str:
        """The fingerprint of what the owner's document shows now."""
        return self.fingerprint(self.data(owner))

    def has_copy(self, owner, key: str) -> bool:
        return self.copies.objects.filter(**self.of(owner), fingerprint=key).exists()

    def stored(self, owner, key: str) -> bytes | None:
        """The stored PDF of the owner's document at fingerprint `key`, or None."""
        rows = self.copies.objects.filter(**self.of(owner), fingerprint=key)
        content = rows.values_list("content", flat=True).first()
        return None if content is None else bytes(content)

    def store(self, owner, key: str, content: bytes) -> None:
        """Replace the owner's one stored copy, or add it, in one transaction.

        Two renders at once may both find no row and both insert: the unique constraints let
        one insert win, and the other then replaces the winner's row (the same PDF, or a newer
        one)."""
        fields = {"fingerprint": key, "content": content, "rendered_at": timezone.now()}
        rows = self.copies.objects.filter(**self.of(owner))
        with transaction.atomic():
            if rows.update(**fields):
                return
            try:
                with transaction.atomic():
                    self.copies.objects.create(**self.of(owner), **fields)
            except IntegrityError:
                rows.update(**fields)

    def stored_or_rendered(self, owner) -> bytes:
        """The stored PDF when its fingerprint still matches, else rendered here and now and
        stored for next time: for the command line and the worker, never a web request."""
        data = self.data(owner)
        key = self.fingerprint(data)
        stored = self.stored(owner, key)
        if stored is not None:
            return stored
        content = self.render(data)
        self.store(owner, key, content)
        return content

    def forget(self, owner) -> None:
        """Delete the owner's stored copy and render row: a render queued for it finds nothing
        to do, and one under way stores nothing (worksheets/tasks.py)."""
        with transaction.atomic():
            self.renders.objects.filter(**self.of(owner)).delete()
            self.copies.objects.filter(**self.of(owner)).delete()


def read_layout_file(path: Path) -> bytes:
    return path.read_bytes()


def _layout_digest(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        content = read_layout_file(path)
        # Name and length first, so that moving text from one file to the next still counts.
        digest.update(f"{path.name}:{len(content)}:".encode())
        digest.update(content)
    return digest.hexdigest()

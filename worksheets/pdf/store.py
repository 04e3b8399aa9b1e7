"""The stored copy of each workbook's PDF, reused while its fingerprint (everything the PDF
shows, and the files that lay it out) is unchanged."""

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import IntegrityError, transaction
from django.template.loader import get_template
from django.utils import timezone

from ..models import RenderedWorkbook
from .context import CHAPTERS
from .document import TEMPLATE
from .typesetting import STYLESHEET


def stored_or_rendered(enrollment, context: dict, render: Callable[[dict], bytes]) -> bytes:
    """The stored PDF of this workbook (None: the blank one) when its fingerprint still
    matches `context`, else `render(context)`, stored for next time."""
    key = fingerprint(context)
    stored = stored_content(enrollment, key)
    if stored is not None:
        return stored
    content = render(context)
    store(enrollment, key, content)
    return content


def stored_content(enrollment, key: str) -> bytes | None:
    """The stored PDF of this workbook at fingerprint `key`, or None."""
    rows = RenderedWorkbook.objects.filter(enrollment=enrollment, fingerprint=key)
    content = rows.values_list("content", flat=True).first()
    return None if content is None else bytes(content)


def store(enrollment, key: str, content: bytes) -> None:
    """Replace the workbook's one stored copy, or add it, in one transaction.

    Two downloads at once may both find no row and both insert: the unique constraints let one
    insert win, and the other then replaces the winner's row (the same PDF, or a newer one)."""
    fields = {"fingerprint": key, "content": content, "rendered_at": timezone.now()}
    rows = RenderedWorkbook.objects.filter(enrollment=enrollment)
    with transaction.atomic():
        if rows.update(**fields):
            return
        try:
            with transaction.atomic():
                RenderedWorkbook.objects.create(enrollment=enrollment, **fields)
        except IntegrityError:
            rows.update(**fields)


def fingerprint(context: dict) -> str:
    """Everything the PDF shows except the moment it was made, and the files that lay it out."""
    shown = {key: value for key, value in context.items() if key != "generated_at"}
    digest = hashlib.sha256(json.dumps(shown, sort_keys=True, default=str).encode())
    digest.update(_layout_digest().encode())
    digest.update(getattr(settings, "PDF_PAGE_SIZE", "A4").encode())
    return digest.hexdigest()


PACKAGE = Path(__file__).resolve().parent
WORKSHEETS = PACKAGE.parent


def layout_files() -> list[Path]:
    """Every file that decides what the PDF looks like, found anew on each call so that a file
    added to the package counts too: a change to any of them makes every stored copy stale."""
    templates = Path(get_template(TEMPLATE).origin.name).parent
    return [
        *sorted(PACKAGE.glob("*.py")),
        *sorted((WORKSHEETS / "charts").glob("*.py")),
        WORKSHEETS / "templatetags" / "pdf_tags.py",
        *sorted(templates.rglob("*.html")),
        *[Path(get_template(chapter.template).origin.name) for chapter in CHAPTERS],
        *[path for chapter in CHAPTERS for path in chapter.files],
        Path(finders.find(STYLESHEET)),
    ]


def read_layout_file(path: Path) -> bytes:
    return path.read_bytes()


def _layout_digest() -> str:
    digest = hashlib.sha256()
    for path in layout_files():
        content = read_layout_file(path)
        # Name and length first, so that moving text from one file to the next still counts.
        digest.update(f"{path.name}:{len(content)}:".encode())
        digest.update(content)
    return digest.hexdigest()

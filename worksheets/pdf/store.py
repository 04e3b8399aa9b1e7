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
from .document import TEMPLATE
from .typesetting import STYLESHEET


def stored_or_rendered(enrollment, context: dict, render: Callable[[dict], bytes]) -> bytes:
    """The stored PDF of this workbook (None: the blank one) when its fingerprint still
    matches `context`, else `render(context)`, stored for next time."""
    key = fingerprint(context)
    stored = RenderedWorkbook.objects.filter(enrollment=enrollment, fingerprint=key).first()
    if stored is not None:
        return bytes(stored.content)
    content = render(context)
    store(enrollment, key, content)
    return content


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


# The code that decides what the PDF looks like, beside its templates and stylesheet: a change to
# any of them makes every stored copy stale.
PACKAGE = Path(__file__).resolve().parent
RENDERER_FILES = [
    *sorted(PACKAGE.glob("*.py")),
    *sorted((PACKAGE.parent / "charts").glob("*.py")),
    PACKAGE.parent / "templatetags" / "pdf_tags.py",
]


def _layout_digest() -> str:
    template = Path(get_template(TEMPLATE).origin.name)
    files = [
        template,
        *sorted(template.parent.glob("*.html")),
        Path(finders.find(STYLESHEET)),
        *RENDERER_FILES,
    ]
    return hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()

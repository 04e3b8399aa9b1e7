"""The workbook as a PDF: `workbook_pdf(enrollment)` and `blank_workbook_pdf()`, each a `Pdf`.

The modules behind it: context.py reads the workbook's data from the database; document.py
makes its HTML; typesetting.py turns that data into PDF bytes without the database
(`render_workbook`), laying out in child processes (render.py, join.py) and fetching nothing but
our own static files and the document's charts (fetcher.py); store.py keeps the last PDF of each
workbook and serves it while nothing it shows has changed."""

from dataclasses import dataclass

from django.utils.text import slugify

from . import store
from .context import workbook_context
from .document import PrintableWorkbook, render_html
from .fetcher import BASE_URL, StaticOnlyFetcher, static_file_for
from .render import PdfError
from .typesetting import render_pdf, render_workbook

__all__ = [
    "BASE_URL",
    "Pdf",
    "PdfError",
    "PrintableWorkbook",
    "StaticOnlyFetcher",
    "blank_workbook_pdf",
    "render_html",
    "render_pdf",
    "render_workbook",
    "static_file_for",
    "workbook_pdf",
]

MIMETYPE = "application/pdf"


@dataclass(frozen=True)
class Pdf:
    filename: str
    mimetype: str
    content: bytes


def workbook_pdf(enrollment) -> Pdf:
    """The participant's workbook, from the stored copy when nothing it shows has changed."""
    name = slugify(str(enrollment.user))[:60] or "participant"
    return Pdf(f"mentoring-up-workbook-{name}.pdf", MIMETYPE, _stored_or_rendered(enrollment))


def blank_workbook_pdf() -> Pdf:
    """The printable workbook with empty answer lines, for sessions on paper."""
    return Pdf("mentoring-up-workbook-blank.pdf", MIMETYPE, _stored_or_rendered(None))


def _stored_or_rendered(enrollment) -> bytes:
    context = workbook_context(enrollment, blank=enrollment is None)
    return store.stored_or_rendered(enrollment, context, render_workbook)

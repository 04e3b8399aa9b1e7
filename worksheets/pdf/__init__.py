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
    "current_fingerprint",
    "pdf_filename",
    "render_html",
    "render_pdf",
    "render_workbook",
    "static_file_for",
    "stored_pdf",
    "workbook_pdf",
]

MIMETYPE = "application/pdf"


@dataclass(frozen=True)
class Pdf:
    filename: str
    mimetype: str
    content: bytes


def pdf_filename(enrollment) -> str:
    """The download's file name (None: the blank workbook)."""
    if enrollment is None:
        return "mentoring-up-workbook-blank.pdf"
    name = slugify(str(enrollment.user))[:60] or "participant"
    return f"mentoring-up-workbook-{name}.pdf"


def workbook_pdf(enrollment) -> Pdf:
    """The participant's workbook, from the stored copy when nothing it shows has changed,
    else rendered here and now (the command line and the worker; the web process only reads
    stored copies, see `stored_pdf` and worksheets/tasks.py)."""
    return Pdf(pdf_filename(enrollment), MIMETYPE, _stored_or_rendered(enrollment))


def blank_workbook_pdf() -> Pdf:
    """The printable workbook with empty answer lines, for sessions on paper."""
    return Pdf(pdf_filename(None), MIMETYPE, _stored_or_rendered(None))


def current_fingerprint(enrollment) -> str:
    """The fingerprint of what the workbook (None: the blank one) shows now; its charts' data
    are fingerprinted without drawing them."""
    return store.fingerprint(workbook_context(enrollment, blank=enrollment is None))


def stored_pdf(enrollment, key: str) -> Pdf | None:
    """The stored copy of the workbook at fingerprint `key`, if there is one."""
    content = store.stored_content(enrollment, key)
    return None if content is None else Pdf(pdf_filename(enrollment), MIMETYPE, content)


def _stored_or_rendered(enrollment) -> bytes:
    context = workbook_context(enrollment, blank=enrollment is None)
    return store.stored_or_rendered(enrollment, context, render_workbook)

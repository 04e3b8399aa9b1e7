"""The workbook as a PDF: `workbook_pdf(enrollment)` and `blank_workbook_pdf()`, each a `Pdf`,
and `WORKBOOK`, the workbook as a kind of stored document (store.py) that task workers render.

The modules behind it: context.py reads the workbook's data from the database; document.py
makes its HTML; typesetting.py turns that data into PDF bytes without the database
(`render_workbook`), laying out in child processes (render.py, join.py) and fetching nothing but
our own static files and the document's charts (fetcher.py); store.py keeps the last PDF of each
document and serves it while nothing it shows has changed."""

from dataclasses import dataclass
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import get_template
from django.utils.text import slugify

from ..models import PdfRender, RenderedWorkbook
from .context import CHAPTERS, workbook_context
from .document import TEMPLATE, PrintableWorkbook, render_html
from .fetcher import BASE_URL, StaticOnlyFetcher, static_file_for
from .render import PdfError
from .store import PACKAGE, StoredDocument
from .typesetting import STYLESHEET, render_page, render_pdf, render_workbook

__all__ = [
    "BASE_URL",
    "WORKBOOK",
    "Pdf",
    "PdfError",
    "PrintableWorkbook",
    "StaticOnlyFetcher",
    "StoredDocument",
    "Workbook",
    "blank_workbook_pdf",
    "render_html",
    "render_page",
    "render_pdf",
    "render_workbook",
    "static_file_for",
    "workbook_pdf",
]

MIMETYPE = "application/pdf"
WORKSHEETS = PACKAGE.parent


@dataclass(frozen=True)
class Pdf:
    filename: str
    mimetype: str
    content: bytes


class Workbook(StoredDocument):
    """A participant's workbook (the owner is their enrollment), or the blank printable one
    (owner None)."""

    copies = RenderedWorkbook
    renders = PdfRender
    owner_field = "enrollment"
    task_path = "worksheets.tasks.render_workbook_pdf"

    def data(self, enrollment) -> dict:
        """Its charts' data are fingerprinted without drawing them."""
        return workbook_context(enrollment, blank=enrollment is None)

    def render(self, data: dict) -> bytes:
        return render_workbook(data)

    def layout_files(self) -> list[Path]:
        """Found anew on each call, so that a file added to the package counts too."""
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

    def filename(self, enrollment) -> str:
        if enrollment is None:
            return "mentoring-up-workbook-blank.pdf"
        name = slugify(str(enrollment.user))[:60] or "participant"
        return f"mentoring-up-workbook-{name}.pdf"


WORKBOOK = Workbook()


def workbook_pdf(enrollment) -> Pdf:
    """The participant's workbook, from the stored copy when nothing it shows has changed,
    else rendered here and now (the command line; the web process only reads stored copies,
    see worksheets/downloads.py and worksheets/tasks.py)."""
    return Pdf(WORKBOOK.filename(enrollment), MIMETYPE, WORKBOOK.stored_or_rendered(enrollment))


def blank_workbook_pdf() -> Pdf:
    """The printable workbook with empty answer lines, for sessions on paper."""
    return workbook_pdf(None)

"""The workbook as a PDF: one entry point, `workbook_pdf`, returning (filename, mimetype, bytes).

WeasyPrint reads nothing but the project's own static files (see `static_only_fetcher`), renders
in a child process with a hard time limit, and an unchanged workbook is served from the stored
copy, keyed on a fingerprint of everything the PDF shows."""

import hashlib
import json
import multiprocessing
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import get_template, render_to_string
from django.utils.text import slugify
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .models import RenderedWorkbook
from .pdf_context import workbook_context

TEMPLATE = "worksheets/pdf/workbook.html"
STYLESHEET = "css/workbook-print.css"
BASE_URL = "https://workbook.invalid/"  # a host that cannot exist: every URL goes to the fetcher
MIMETYPE = "application/pdf"


class PdfError(Exception):
    """The PDF could not be made (too slow, or WeasyPrint failed)."""


@dataclass(frozen=True)
class Pdf:
    filename: str
    mimetype: str
    content: bytes


def static_file_for(url: str) -> Path:
    """The static file a /static/… URL of our own base names; ValueError for anything else.

    No network, no file://, no data: URL and no redirect can reach WeasyPrint through here."""
    parts = urlsplit(url)
    base = urlsplit(BASE_URL)
    static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or not parts.path.startswith(
        static_prefix
    ):
        raise ValueError(f"refused to fetch {url[:80]!r}: only the workbook's own static files")
    relative = unquote(parts.path.removeprefix(static_prefix))
    if ".." in Path(relative).parts or relative.startswith("/"):
        raise ValueError(f"refused to fetch {url[:80]!r}")
    found = finders.find(relative)
    if not found:
        raise ValueError(f"no static file {relative!r}")
    path = Path(found).resolve()
    allowed_roots = [Path(root).resolve() for root in _static_roots()]
    if not any(path.is_relative_to(root) for root in allowed_roots):
        raise ValueError(f"refused to fetch {url[:80]!r}: outside the static folders")
    return path


class StaticOnlyFetcher(URLFetcher):
    """WeasyPrint's fetcher, reduced to answering our own static files and nothing else."""

    def __init__(self):
        super().__init__(allowed_protocols=["https"], allow_redirects=False)

    def fetch(self, url, headers=None):
        path = static_file_for(url)
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": _mime_type(path)})


def _static_roots():
    for entry in settings.STATICFILES_DIRS:
        yield entry[1] if isinstance(entry, tuple | list) else entry


def _mime_type(path: Path) -> str:
    return {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}.get(
        path.suffix, "application/octet-stream"
    )


def render_html(context: dict) -> str:
    page_size = getattr(settings, "PDF_PAGE_SIZE", "A4")
    return render_to_string(TEMPLATE, {**context, "page_size": page_size})


def _render_in_child(html: str, connection) -> None:
    try:
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher())
        connection.send_bytes(document.write_pdf(attachments=[]))
    except Exception as exc:  # reported to the parent, which raises PdfError
        connection.send(("error", repr(exc)))
    finally:
        connection.close()


def render_pdf(html: str, *, time_limit: float | None = None) -> bytes:
    """Render in a child process that is killed when it takes longer than `time_limit` seconds."""
    time_limit = time_limit or getattr(settings, "PDF_TIME_LIMIT", 60)
    receiver, sender = multiprocessing.get_context("fork").Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(
        target=_render_in_child, args=(html, sender), daemon=True
    )
    child.start()
    sender.close()
    try:
        if not receiver.poll(time_limit):
            raise PdfError(f"the workbook took longer than {time_limit:g} s to render")
        message = receiver.recv_bytes()
    except EOFError as exc:
        raise PdfError("the PDF renderer stopped unexpectedly") from exc
    finally:
        if child.is_alive():
            child.kill()
        child.join(5)
        receiver.close()
    if not message.startswith(b"%PDF"):
        raise PdfError(f"the PDF renderer failed: {message[-300:]!r}")
    return message


def fingerprint(context: dict) -> str:
    """Everything the PDF shows except the moment it was made, and the layout files."""
    shown = {key: value for key, value in context.items() if key != "generated_at"}
    digest = hashlib.sha256(json.dumps(shown, sort_keys=True, default=str).encode())
    digest.update(_layout_digest().encode())
    digest.update(getattr(settings, "PDF_PAGE_SIZE", "A4").encode())
    return digest.hexdigest()


def _layout_digest() -> str:
    template = Path(get_template(TEMPLATE).origin.name)
    files = [template, *sorted(template.parent.glob("*.html")), Path(finders.find(STYLESHEET))]
    return hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()


def workbook_pdf(enrollment) -> Pdf:
    """The participant's workbook, from the stored copy when nothing it shows has changed."""
    name = slugify(str(enrollment.user))[:60] or "participant"
    return Pdf(f"mentoring-up-workbook-{name}.pdf", MIMETYPE, _stored_or_rendered(enrollment))


def blank_workbook_pdf() -> Pdf:
    """The printable workbook with empty answer lines, for sessions on paper."""
    return Pdf("mentoring-up-workbook-blank.pdf", MIMETYPE, _stored_or_rendered(None))


def _stored_or_rendered(enrollment) -> bytes:
    context = workbook_context(enrollment, blank=enrollment is None)
    key = fingerprint(context)
    stored = RenderedWorkbook.objects.filter(enrollment=enrollment, fingerprint=key).first()
    if stored is not None:
        return bytes(stored.content)
    content = render_pdf(render_html(context))
    RenderedWorkbook.objects.filter(enrollment=enrollment).delete()
    RenderedWorkbook.objects.create(enrollment=enrollment, fingerprint=key, content=content)
    return content

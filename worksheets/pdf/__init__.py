"""The workbook as a PDF: one entry point, `workbook_pdf`, returning (filename, mimetype, bytes).

WeasyPrint reads nothing but the project's own static files and the charts made for the document
being rendered (see `StaticOnlyFetcher`), renders in child processes with a hard time limit (the
modules in parts side by side: pdf_render.py), and an unchanged workbook is served from the
stored copy, keyed on a fingerprint of everything the PDF shows."""

import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import get_template, render_to_string
from django.utils.html import strip_spaces_between_tags
from django.utils.text import slugify
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..models import RenderedWorkbook
from .context import workbook_context
from .render import PdfError, render_in_parts, render_whole

TEMPLATE = "worksheets/pdf/workbook.html"
STYLESHEET = "css/workbook-print.css"
BASE_URL = "https://workbook.invalid/"  # a host that cannot exist: every URL goes to the fetcher
CHARTS_PATH = "/charts/"  # where the document's own charts are fetched from (see chart_image)
MIMETYPE = "application/pdf"


# Where the template marks the front matter, each module and the end (see workbook.html).
FRONT_MARK = "<!--workbook:front-->"
MODULE_MARK = "<!--workbook:module-->"
END_MARK = "<!--workbook:end-->"


@dataclass(frozen=True)
class OutlineEntry:
    """A PDF bookmark: its title, the id of the element it points at, and its children."""

    title: str
    anchor: str
    children: tuple["OutlineEntry", ...] = ()


@dataclass(frozen=True)
class PrintableWorkbook:
    """The workbook's HTML and the SVG charts its <img> elements name (file name → markup).

    Charts go in as images, not inline <svg>: WeasyPrint then styles the chart's elements as an
    image's, not one by one as part of the HTML document, which is much cheaper.

    The template marks the front matter (cover and contents) and each module, so that the
    workbook can also be rendered as parts side by side (see pdf_render.py)."""

    html: str
    charts: dict[str, str]
    outline: tuple[OutlineEntry, ...] = ()

    def _pieces(self) -> tuple[str, str, list[str], str]:
        head, rest = self.html.split(FRONT_MARK)
        body, tail = rest.split(END_MARK)
        front, *modules = body.split(MODULE_MARK)
        return head, front, modules, tail

    @property
    def front_matter(self) -> str:
        """The cover and the contents."""
        return self._pieces()[1]

    @property
    def modules(self) -> list[str]:
        return self._pieces()[2]

    def document(self, body: str) -> str:
        """A whole HTML document with the workbook's head around this body."""
        head, _, _, tail = self._pieces()
        return head + body + tail

    def with_modules(self, modules: list[str]) -> str:
        return self.document("".join(modules))


@dataclass(frozen=True)
class Pdf:
    filename: str
    mimetype: str
    content: bytes


def static_file_for(url: str) -> Path:
    """The static file a /static/… URL of our own base names; ValueError for anything else.

    No network, no file://, no data: URL and no redirect can reach WeasyPrint through here."""
    path_on_base = _path_on_base(url)
    static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if path_on_base is None or not path_on_base.startswith(static_prefix):
        raise ValueError(f"refused to fetch {url[:80]!r}: only the workbook's own static files")
    relative = unquote(path_on_base.removeprefix(static_prefix))
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
    """WeasyPrint's fetcher, reduced to answering our own static files and the document's own
    charts, and nothing else."""

    def __init__(self, charts: dict[str, str] | None = None):
        super().__init__(allowed_protocols=["https"], allow_redirects=False)
        self.charts = charts or {}

    def fetch(self, url, headers=None):
        chart = self._chart_for(url)
        if chart is not None:
            return URLFetcherResponse(url, chart.encode(), {"Content-Type": "image/svg+xml"})
        path = static_file_for(url)
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": _mime_type(path)})

    def _chart_for(self, url: str) -> str | None:
        path_on_base = _path_on_base(url)
        if path_on_base is None or not path_on_base.startswith(CHARTS_PATH):
            return None
        parts = urlsplit(url)
        if parts.query or parts.fragment:  # a chart's name is the whole URL
            return None
        return self.charts.get(path_on_base.removeprefix(CHARTS_PATH))


def _path_on_base(url: str) -> str | None:
    """The URL's path when it points at our own BASE_URL host; None for any other place."""
    parts = urlsplit(url)
    base = urlsplit(BASE_URL)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return None
    return parts.path


def _static_roots():
    for entry in settings.STATICFILES_DIRS:
        yield entry[1] if isinstance(entry, tuple | list) else entry


def _mime_type(path: Path) -> str:
    return {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}.get(
        path.suffix, "application/octet-stream"
    )


def render_html(context: dict) -> PrintableWorkbook:
    page_size = getattr(settings, "PDF_PAGE_SIZE", "A4")
    charts = {}  # filled by the chart_image tag while the template renders
    html = render_to_string(TEMPLATE, {**context, "page_size": page_size, "chart_files": charts})
    # The templates' indentation would otherwise become anonymous boxes for WeasyPrint to build
    # and throw away; no text the workbook shows sits between two tags with only spaces.
    return PrintableWorkbook(strip_spaces_between_tags(html), charts, _outline(context))


def _outline(context: dict) -> tuple[OutlineEntry, ...]:
    """Sessions and their modules, as the print stylesheet bookmarks them (bookmark-level)."""
    return tuple(
        OutlineEntry(
            session["title"],
            f"session-{number}",
            tuple(OutlineEntry(m["title"], f"module-{m['slug']}") for m in session["modules"]),
        )
        for number, session in enumerate(context["sessions"], start=1)
    )


@dataclass(frozen=True)
class Typesetting:
    fonts: FontConfiguration
    stylesheet: CSS


WARM_UP_PAGE = (
    "<h1>Mentoring Up</h1><p>Every <b>face</b> the <i>workbook</i> uses:</p>"
    '<table><tr><th>1</th><td class="answer">Ελληνικά 中文 العربية</td></tr></table>'
)


def _typesetting() -> Typesetting:
    stylesheet_path = Path(finders.find(STYLESHEET))
    return _typesetting_for(stylesheet_path, stylesheet_path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=1)
def _typesetting_for(stylesheet_path: Path, modified_ns: int) -> Typesetting:
    """Fonts and the parsed print stylesheet, made once per process (again when the stylesheet
    changes) and warmed up on a small page, so each forked renderer starts with them ready
    instead of loading the fonts and parsing the stylesheet for every PDF."""
    fonts = FontConfiguration()
    stylesheet = CSS(
        string=stylesheet_path.read_text(),
        base_url=BASE_URL,
        url_fetcher=StaticOnlyFetcher(),
        font_config=fonts,
    )
    HTML(string=WARM_UP_PAGE, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf(
        stylesheets=[stylesheet], font_config=fonts
    )
    return Typesetting(fonts, stylesheet)


def render_pdf(workbook: PrintableWorkbook, *, time_limit: float | None = None) -> bytes:
    """Render in child processes that are killed when the whole takes longer than `time_limit`
    seconds: the modules in parts side by side when the server has cores to spare."""
    time_limit = time_limit or getattr(settings, "PDF_TIME_LIMIT", 60)
    typeset = _typesetter(workbook)
    processes = getattr(settings, "PDF_RENDER_PROCESSES", 1)
    if processes > 1 and len(workbook.modules) > 1:
        content = render_in_parts(workbook, typeset, processes=processes, time_limit=time_limit)
    else:
        content = render_whole(workbook.html, typeset, time_limit=time_limit)
    if not content.startswith(b"%PDF"):
        raise PdfError(f"the PDF renderer failed: {content[-300:]!r}")
    return content


def _typesetter(workbook: PrintableWorkbook):
    """HTML → laid-out WeasyPrint document, with the shared fonts and stylesheet, and a fetcher
    that answers only our static files and this workbook's charts."""
    typesetting = _typesetting()

    def typeset(html: str):
        fetcher = StaticOnlyFetcher(workbook.charts)
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
        return document.render(stylesheets=[typesetting.stylesheet], font_config=typesetting.fonts)

    return typeset


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

"""From the workbook's data to PDF bytes, without the database: `render_workbook`; and a short
document that brings its own styles (the certificate): `render_page`.

The fonts and the parsed print stylesheet are made once per process; the layout runs in child
processes with a hard time limit, whole or as parts side by side (see render.py)."""

import functools
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from .document import PrintableWorkbook, render_html
from .fetcher import BASE_URL, StaticOnlyFetcher
from .render import PdfError, render_in_parts, render_whole

STYLESHEET = "css/workbook-print.css"

WARM_UP_PAGE = (
    "<h1>Mentoring Up</h1><p>Every <b>face</b> the <i>workbook</i> uses:</p>"
    '<table><tr><th>1</th><td class="answer">Ελληνικά 中文 العربية</td></tr></table>'
)


@dataclass(frozen=True)
class Typesetting:
    fonts: FontConfiguration
    stylesheet: CSS


def render_workbook(context: dict, *, time_limit: float | None = None) -> bytes:
    """The PDF of the plain data `workbook_context` gives: a function of that data alone (and of
    the settings and the files that lay it out), so it can be cached and tested without a
    database."""
    return render_pdf(render_html(context), time_limit=time_limit)


def render_pdf(workbook: PrintableWorkbook, *, time_limit: float | None = None) -> bytes:
    """Render in child processes that are killed when the whole takes longer than `time_limit`
    seconds: the modules in parts side by side when the server has cores to spare."""
    time_limit = time_limit or _time_limit()
    typeset = typesetter(workbook)
    processes = getattr(settings, "PDF_RENDER_PROCESSES", 1)
    if processes > 1 and len(workbook.modules) > 1:
        content = render_in_parts(workbook, typeset, processes=processes, time_limit=time_limit)
    else:
        content = render_whole(workbook.html, typeset, time_limit=time_limit)
    return _checked(content)


def render_page(html: str, *, time_limit: float | None = None) -> bytes:
    """A short document with its own styles in its HTML (the certificate), laid out whole in a
    child process that is killed after `time_limit` seconds, fetching only our static files."""

    def typeset(document: str):
        return HTML(string=document, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).render()

    return _checked(render_whole(html, typeset, time_limit=time_limit or _time_limit()))


def _time_limit() -> float:
    return getattr(settings, "PDF_TIME_LIMIT", 60)


def _checked(content: bytes) -> bytes:
    if not content.startswith(b"%PDF"):
        raise PdfError(f"the PDF renderer failed: {content[-300:]!r}")
    return content


def typesetter(workbook: PrintableWorkbook):
    """HTML → laid-out WeasyPrint document, with the shared fonts and stylesheet, and a fetcher
    that answers only our static files and this workbook's charts."""
    typesetting = _typesetting()

    def typeset(html: str):
        fetcher = StaticOnlyFetcher(workbook.charts)
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
        return document.render(stylesheets=[typesetting.stylesheet], font_config=typesetting.fonts)

    return typeset


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

"""The workbook as one HTML document, with marks where its front matter and each module start,
the SVG charts its <img> elements name, and the outline (bookmarks) of its sessions."""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import strip_spaces_between_tags

TEMPLATE = "worksheets/pdf/workbook.html"

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
    workbook can also be rendered as parts side by side (see render.py)."""

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


def render_html(context: dict) -> PrintableWorkbook:
    page_size = getattr(settings, "PDF_PAGE_SIZE", "A4")
    charts = {}  # filled by the chart_image tag while the template renders
    html = render_to_string(TEMPLATE, {**context, "page_size": page_size, "chart_files": charts})
    # The templates' indentation would otherwise become anonymous boxes for WeasyPrint to build
    # and throw away; no text the workbook shows sits between two tags with only spaces.
    return PrintableWorkbook(strip_spaces_between_tags(html), charts, _outline(context))


def _outline(context: dict) -> tuple[OutlineEntry, ...]:
    """Sessions and their modules, as the print stylesheet bookmarks them (bookmark-level)."""
    sessions = tuple(
        OutlineEntry(
            session["title"],
            f"session-{number}",
            tuple(OutlineEntry(m["title"], f"module-{m['slug']}") for m in session["modules"]),
        )
        for number, session in enumerate(context["sessions"], start=1)
    )
    chapters = tuple(OutlineEntry(c["title"], c["anchor"]) for c in context.get("chapters", []))
    return sessions + chapters

"""The printed workbook as a group on paper and a participant read it: every case study in
full, no heading left alone at the foot of a page, one rule at the top of a page, the mentor map
without empty rows in a filled workbook, and the contents listing every worksheet the same way.

Each workbook is rendered once per test (about ten seconds each) and checked page by page."""

import io
import re
import subprocess
from html.parser import HTMLParser

import pytest
from django.utils.html import escape
from pypdf import PdfReader

from sessions_app.models import CaseStudy
from worksheets.pdf import render_html, render_workbook, store
from worksheets.pdf.context import workbook_context

pytestmark = pytest.mark.django_db

MM = 72 / 25.4  # PDF points in a millimetre
TOP_MARGIN, BOTTOM_MARGIN = 24 * MM, 22 * MM  # @page margins in workbook-print.css (A4)


def squash(text: str) -> str:
    return " ".join(text.split())


def joined(text: str) -> str:
    """Squashed, with a word broken at its hyphen at the end of a line joined again."""
    return re.sub(r"- ", "-", squash(text))


def paragraphs(text: str) -> list[str]:
    return [squash(p) for p in re.split(r"\n\s*\n", text) if p.strip()]


def body_lines(page) -> list[str]:
    """The page's lines of text between the running header and the footer, top to bottom."""
    pieces: dict[float, list[str]] = {}

    def visit(text, cm, tm, font, size):
        y = tm[5] * cm[3] + cm[5]
        if text.strip() and BOTTOM_MARGIN < y < float(page.mediabox.height) - TOP_MARGIN:
            pieces.setdefault(round(y), []).append(text.strip())

    page.extract_text(visitor_text=visit)
    return [" ".join(pieces[y]) for y in sorted(pieces, reverse=True)]


def body_text(content: bytes) -> list[str]:
    """Every page's body lines, in order, without running headers and footers."""
    return [line for page in PdfReader(io.BytesIO(content)).pages for line in body_lines(page)]


class Headings(HTMLParser):
    """The text of every heading the workbook prints (titles, labels, questions)."""

    CLASSES = {"section-kind", "question", "sub-title", "objectives-title", "toc-session-title"}

    def __init__(self):
        super().__init__()
        self.found, self.stack = [], []

    def handle_starttag(self, tag, attrs):
        classes = set((dict(attrs).get("class") or "").split())
        is_heading = tag in {"h1", "h2", "h3", "h4"} or bool(classes & self.CLASSES)
        self.stack.append([tag, is_heading, ""])

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, is_heading, text = self.stack.pop()
            if is_heading and squash(text):
                self.found.append(squash(text))
            if self.stack:
                self.stack[-1][2] += text
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self.stack:
            self.stack[-1][2] += data


def headings_of(html: str) -> list[str]:
    parser = Headings()
    parser.feed(html)
    return parser.found


def ends_with_a_heading(line: str, headings: list[str]) -> str | None:
    """The heading this last line of a page is the end of, if any (a wrapped title's last line
    counts when it is long enough not to match by chance)."""
    line = squash(line).replace("\u2007", "").strip()
    for heading in headings:
        heading_text = heading.replace("\u2007", "").strip()
        if line == heading_text or (len(line) >= 15 and heading_text.endswith(line)):
            return heading
    return None


def stranded_headings(content: bytes, html: str) -> list[tuple[int, str]]:
    headings = headings_of(html)
    found = []
    for number, page in enumerate(PdfReader(io.BytesIO(content)).pages, start=1):
        lines = body_lines(page)
        heading = lines and ends_with_a_heading(lines[-1], headings)
        if heading:
            found.append((number, heading))
    return found


def rules_at_the_top(content: bytes, dpi: int = 100) -> list[tuple[int, list[float]]]:
    """Pages whose top (header and the first 15 mm of the text) has two horizontal rules with
    only white between them, closer than 5 mm: where the mm of each rule is listed."""
    pages = len(PdfReader(io.BytesIO(content)).pages)
    doubled = []
    for number in range(1, pages + 1):
        image = subprocess.run(
            ["pdftoppm", "-gray", "-r", str(dpi), "-f", str(number), "-l", str(number), "-"],
            input=content,
            capture_output=True,
            check=True,
        ).stdout
        width, pixels = _pgm(image)
        left, right = round(22 / 25.4 * dpi), width - round(20 / 25.4 * dpi)
        band = round((24 + 15) / 25.4 * dpi)
        ruled = [
            sum(pixels[row * width + x] < 245 for x in range(left, right)) > 0.8 * (right - left)
            for row in range(band)
        ]
        rows = range(band)
        starts = [row for row in rows if ruled[row] and (row == 0 or not ruled[row - 1])]
        ends = [row for row in rows if ruled[row] and (row + 1 == band or not ruled[row + 1])]
        gap_limit = 5 / 25.4 * dpi
        if any(s - e < gap_limit for e, s in zip(ends, starts[1:], strict=False)):
            doubled.append((number, [round(s / dpi * 25.4, 1) for s in starts]))
    return doubled


def _pgm(data: bytes) -> tuple[int, bytes]:
    """A grey-scale PGM image's width and pixels, row after row."""
    header = re.match(rb"P5\s+(\d+)\s+\d+\s+255\s", data)
    return int(header[1]), data[header.end() :]


# --- Case studies ----------------------------------------------------------------------------


def test_the_blank_workbook_prints_every_case_study_in_full(curriculum):
    context = workbook_context(None, blank=True)
    content = render_workbook(context)
    text = joined(" ".join(body_text(content)))
    for case in CaseStudy.objects.active():
        for paragraph in map(joined, paragraphs(case.body)):
            assert paragraph[:60] in text, (case.title, paragraph[:60])
            assert paragraph[-60:] in text, (case.title, paragraph[-60:])


def test_the_personal_workbook_prints_the_cases_in_full_unless_the_setting_says_summaries(
    demo, settings
):
    cases = list(CaseStudy.objects.active())
    full = render_html(workbook_context(demo)).html
    settings.PDF_FULL_CASE_STUDIES = False
    short = render_html(workbook_context(demo)).html
    case = next(c for c in cases if c.summary)
    last = paragraphs(case.body)[-1]
    assert 'class="prose case-text"' in full
    assert 'class="prose case-summary"' not in full
    assert 'class="prose case-summary"' in short
    assert 'class="prose case-text"' not in short
    assert escape(last)[:50] in squash(full)
    assert escape(last)[:50] not in squash(short)
    assert escape(case.summary)[:50] in squash(short)


def test_the_setting_is_part_of_the_fingerprint_so_stored_copies_follow_it(demo, settings):
    full = store.fingerprint(workbook_context(demo))
    settings.PDF_FULL_CASE_STUDIES = False
    assert store.fingerprint(workbook_context(demo)) != full
    # The blank workbook is for paper sessions: always in full.
    assert workbook_context(None, blank=True)["full_case_studies"] is True

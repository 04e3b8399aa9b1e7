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

from sessions_app.models import CaseStudy, Section
from worksheets.models import MentorMapEntry
from worksheets.pdf import WORKBOOK, render_html, render_workbook
from worksheets.pdf.context import workbook_context

pytestmark = pytest.mark.django_db

MM = 72 / 25.4  # PDF points in a millimetre
TOP_MARGIN, BOTTOM_MARGIN = 24 * MM, 22 * MM  # @page margins in workbook-print.css (A4)


def squash(text: str) -> str:
    return " ".join(text.split())


def joined(text: str) -> str:
    """Squashed, with a word broken at the end of a line joined again (at its own hyphen, or
    at one hyphenation added)."""
    return re.sub(r"- ", "-", re.sub("\u2010 ", "", squash(text)))


def paragraphs(text: str) -> list[str]:
    return [squash(p) for p in re.split(r"\n\s*\n", text) if p.strip()]


def body_lines(page, *, with_heights=False) -> list:
    """The page's lines of text between the running header and the footer, top to bottom
    (with each line's baseline, in points from the foot of the page, if asked)."""
    pieces: dict[float, list[str]] = {}

    def visit(text, cm, tm, font, size):
        y = tm[5] * cm[3] + cm[5]
        if text.strip() and BOTTOM_MARGIN < y < float(page.mediabox.height) - TOP_MARGIN:
            pieces.setdefault(round(y), []).append(text.strip())

    page.extract_text(visitor_text=visit)
    lines = [(y, " ".join(pieces[y])) for y in sorted(pieces, reverse=True)]
    return lines if with_heights else [text for _, text in lines]


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


def stranded_headings(content: bytes, html: str, dpi: int = 50) -> list[tuple[int, str]]:
    """Pages whose last line of text is a heading with nothing drawn under it (ruled lines to
    write on, a table's rules or a chart would count as something)."""
    headings = headings_of(html)
    found = []
    for number, page in enumerate(PdfReader(io.BytesIO(content)).pages, start=1):
        lines = body_lines(page, with_heights=True)
        heading = lines and ends_with_a_heading(lines[-1][1], headings)
        if heading and not _ink_below(content, number, lines[-1][0], page, dpi):
            found.append((number, heading))
    return found


def _ink_below(content: bytes, number: int, baseline: float, page, dpi: int) -> bool:
    width, pixels = _page_image(content, number, dpi)
    height = len(pixels) // width
    scale = dpi / 72
    top = round((float(page.mediabox.height) - baseline + 4) * scale)  # under the descenders
    bottom = height - round(BOTTOM_MARGIN * scale)
    left, right = round(22 * MM * scale), width - round(20 * MM * scale)
    return any(
        pixels[row * width + x] < 250 for row in range(top, bottom) for x in range(left, right)
    )


def _page_image(content: bytes, number: int, dpi: int) -> tuple[int, bytes]:
    image = subprocess.run(
        ["pdftoppm", "-gray", "-r", str(dpi), "-f", str(number), "-l", str(number), "-"],
        input=content,
        capture_output=True,
        check=True,
    ).stdout
    return _pgm(image)


def rules_at_the_top(content: bytes, dpi: int = 100) -> list[tuple[int, list[float]]]:
    """Pages whose top (header and the first 15 mm of the text) has two horizontal rules with
    only white between them, closer than 5 mm: where the mm of each rule is listed."""
    pages = len(PdfReader(io.BytesIO(content)).pages)
    doubled = []
    for number in range(1, pages + 1):
        width, pixels = _page_image(content, number, dpi)
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
    assert "case-text" in full
    assert "case-summary" not in full
    assert "case-summary" in short
    assert "case-text" not in short
    assert escape(last)[:50] in squash(full)
    assert escape(last)[:50] not in squash(short)
    assert escape(case.summary)[:50] in squash(short)


def test_the_setting_is_part_of_the_fingerprint_so_stored_copies_follow_it(demo, settings):
    full = WORKBOOK.fingerprint(workbook_context(demo))
    settings.PDF_FULL_CASE_STUDIES = False
    assert WORKBOOK.fingerprint(workbook_context(demo)) != full
    # The blank workbook is for paper sessions: always in full.
    assert workbook_context(None, blank=True)["full_case_studies"] is True


# --- Layout ----------------------------------------------------------------------------------


def test_no_page_of_the_blank_workbook_ends_with_a_heading_or_starts_with_two_rules(curriculum):
    context = workbook_context(None, blank=True)
    content = render_workbook(context)
    assert stranded_headings(content, render_html(context).html) == []
    assert rules_at_the_top(content) == []


def test_the_demo_workbook_keeps_headings_with_what_follows_and_lists_its_mentor_map_and_worksheets(
    demo,
):
    context = workbook_context(demo)
    html = render_html(context).html
    content = render_workbook(context)
    reader = PdfReader(io.BytesIO(content))
    assert stranded_headings(content, html) == []
    assert rules_at_the_top(content) == []

    # The mentor map: its people, and no empty rows.
    assert "map-empty" not in html
    text = joined(" ".join(body_text(content)))
    # (A table's cells share lines in the text, so only the start of each name is looked for.)
    for entry in MentorMapEntry.objects.filter(enrollment=demo).exclude(name=""):
        assert joined(entry.name)[:12] in text, entry.name

    # The contents: every worksheet of every module, each as a numbered entry of its own.
    contents = joined(" ".join(body_lines(reader.pages[1])))
    if "Since the course" not in contents:  # the contents ran on to a second page
        contents += " " + joined(" ".join(body_lines(reader.pages[2])))
    for module in context["sessions"][0]["modules"] + [
        m for session in context["sessions"][1:] for m in session["modules"]
    ]:
        worksheets = [s for s in module["sections"] if s["kind"] == "worksheet"]
        assert worksheets, module["title"]
        for section in worksheets:
            assert re.search(re.escape(joined(section["title"])) + r" \d+", contents), section[
                "title"
            ]
            assert html.count(f'class="toc-worksheet" href="#section-{module["slug"]}-') == len(
                worksheets
            )


def test_the_blank_mentor_map_has_rows_to_write_in_for_every_area(curriculum):
    html = render_html(workbook_context(None, blank=True)).html
    section = Section.objects.get(worksheet_type="mentor_map")
    areas = section.spec["categories"]
    assert html.count('class="map-empty') == len(areas) * section.spec.get("slots", 3)


def test_a_filled_mentor_map_leaves_out_the_areas_nobody_is_in(demo):
    section = Section.objects.get(worksheet_type="mentor_map")
    MentorMapEntry.objects.filter(enrollment=demo).delete()
    first = section.spec["categories"][0]
    MentorMapEntry.objects.create(
        enrollment=demo, section=section, category=first["slug"], slot=1, name="Dr. Ng"
    )
    html = render_html(workbook_context(demo)).html
    table = html[html.index('<table class="map">') :]
    table = table[: table.index("</table>")]
    assert "map-empty" not in table
    assert table.count('class="group-row"') == 1
    assert table.count('class="map-first"') == 1
    assert table.count('class="map-more"') == 0
    assert first["title"] in table
    assert all(c["title"] not in table for c in section.spec["categories"][1:])


# --- The checks themselves -------------------------------------------------------------------

PAGE = "@page { size: A4; margin: 24mm 20mm 22mm 22mm; %s } body { margin: 0; font-size: 10pt; }"


def weasyprint_pdf(style: str, body: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<style>{style}</style>{body}").write_pdf()


@pytest.mark.parametrize(("keep", "stranded"), [("auto", True), ("avoid", False)])
def test_the_check_finds_a_heading_left_at_the_foot_of_a_page(keep, stranded):
    heading = "A heading at the foot of the page"
    body = (
        '<div style="height: 236mm"></div>'
        f'<h3 style="break-after: {keep}; margin: 0">{heading}</h3>'
        f"<p>{'Words that follow the heading. ' * 40}</p>"
    )
    content = weasyprint_pdf(PAGE % "", body)
    found = stranded_headings(content, f"<h3>{heading}</h3>")
    assert found == ([(1, heading)] if stranded else [])


@pytest.mark.parametrize(("header_rule", "doubled"), [(True, True), (False, False)])
def test_the_check_finds_two_rules_at_the_top_of_a_page(header_rule, doubled):
    border = "border-bottom: 0.5pt solid #c9d1db;" if header_rule else ""
    header = f"@top-left {{ content: 'Header'; width: 100%; vertical-align: bottom; {border} }}"
    body = '<div style="margin-top: 2.5mm; border-top: 0.75pt solid #c9d1db">A section</div>'
    assert bool(rules_at_the_top(weasyprint_pdf(PAGE % header, body))) is doubled

"""The workbook rendered as parts side by side is the same PDF as the workbook rendered whole:
same pages, footers, contents, bookmarks and links; and a slow or failing part stops them all."""

import io
import multiprocessing
import re

import pytest
from pypdf import PdfReader

from sessions_app.models import Module, Session
from worksheets.pdf import render as pdf_render
from worksheets.pdf import render_html, render_pdf
from worksheets.pdf.context import workbook_context
from worksheets.pdf.render import PdfError, balanced_groups, front_matter_html, render_in_parts
from worksheets.pdf.typesetting import typesetter

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_workbook(demo):
    return render_html(workbook_context(demo))


def rendered(workbook, processes: int, settings) -> PdfReader:
    settings.PDF_RENDER_PROCESSES = processes
    return PdfReader(io.BytesIO(render_pdf(workbook)))


def page_texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def bookmarks(reader: PdfReader, items=None, depth=0) -> list[tuple[int, str, int]]:
    found = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            found.extend(bookmarks(reader, item, depth + 1))
        else:
            found.append((depth, item.title, reader.get_destination_page_number(item)))
    return found


def destinations(reader: PdfReader) -> dict[str, int]:
    return {
        name: reader.get_destination_page_number(target)
        for name, target in reader.named_destinations.items()
    }


def links(reader: PdfReader) -> list[tuple[int, str]]:
    found = []
    for number, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link":
                target = annotation.get("/Dest") or annotation["/A"]["/URI"]
                found.append((number, str(target)))
    return found


@pytest.mark.parametrize("processes", [2, 3])
def test_the_workbook_in_parts_is_the_workbook_whole(demo_workbook, settings, processes):
    whole = rendered(demo_workbook, 1, settings)
    parts = rendered(demo_workbook, processes, settings)

    assert page_texts(parts) == page_texts(whole)
    assert bookmarks(parts) == bookmarks(whole)
    chapters = [entry for entry in demo_workbook.outline if not entry.children]  # after the course
    assert len(chapters) == 1
    assert len(bookmarks(parts)) == Session.objects.count() + Module.objects.count() + 1
    assert destinations(parts) == destinations(whole)
    assert links(parts) == links(whole)
    for key in ("/Title", "/Author", "/Subject", "/CreationDate"):
        assert parts.metadata[key] == whole.metadata[key]
    assert "/EmbeddedFiles" not in parts.trailer["/Root"].get("/Names", {})


def test_every_page_after_the_cover_says_page_x_of_y(demo_workbook, settings):
    texts = page_texts(rendered(demo_workbook, 2, settings))
    assert "Page 1 of" not in texts[0]
    for number, text in enumerate(texts[1:], start=2):
        assert f"Page {number} of {len(texts)}" in text


def test_the_contents_give_the_page_each_module_starts_on(demo_workbook, settings):
    reader = rendered(demo_workbook, 2, settings)
    starts = destinations(reader)
    # The contents run from the second page to the one before the first module.
    first_module = min(starts[f"module-{m.slug}"] for m in Module.objects.all())
    contents = " ".join(
        " ".join(page.extract_text().split()) for page in reader.pages[1:first_module]
    )
    for module in Module.objects.in_course_order():
        page = starts[f"module-{module.slug}"] + 1
        assert reader.pages[page - 1].extract_text().count(module.title)
        assert re.search(rf"{re.escape(module.title)} {page}\b", contents), module.title


def test_contents_that_change_length_once_numbered_fall_back_to_the_whole_workbook(
    demo_workbook, settings, monkeypatch
):
    whole = rendered(demo_workbook, 1, settings)
    # A placeholder this long wraps every entry of the draft contents onto more pages.
    monkeypatch.setattr(pdf_render, "PLACEHOLDER_PAGE_NUMBER", " ".join(["00"] * 300))
    whole_renders = []
    render_whole_by = pdf_render._render_whole_by
    monkeypatch.setattr(
        pdf_render,
        "_render_whole_by",
        lambda *args: whole_renders.append(args) or render_whole_by(*args),
    )
    assert page_texts(rendered(demo_workbook, 2, settings)) == page_texts(whole)
    assert len(whole_renders) == 1


def failing_typeset(typeset):
    def typeset_or_fail(html):
        if 'class="module"' in html:
            raise RuntimeError("a part failed")
        return typeset(html)

    return typeset_or_fail


def test_a_failing_part_stops_the_render_and_every_process(demo_workbook):
    typeset = failing_typeset(typesetter(demo_workbook))
    with pytest.raises(PdfError, match="a part failed"):
        render_in_parts(demo_workbook, typeset, processes=2, time_limit=60)
    assert multiprocessing.active_children() == []


def test_the_time_limit_stops_every_part(demo_workbook):
    with pytest.raises(PdfError, match="longer than"):
        render_in_parts(demo_workbook, typesetter(demo_workbook), processes=2, time_limit=0.2)
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize(
    ("sizes", "count", "expected"),
    [
        ([10, 10, 10, 10], 2, [[10, 10], [10, 10]]),
        ([30, 10, 10, 10], 2, [[30], [10, 10, 10]]),
        ([10, 10, 10, 30], 2, [[10, 10, 10], [30]]),
        ([10, 10, 10], 3, [[10], [10], [10]]),
        ([10, 10], 4, [[10], [10]]),
        ([10], 2, [[10]]),
    ],
)
def test_modules_are_shared_out_in_order_in_runs_of_about_the_same_length(sizes, count, expected):
    modules = ["x" * size for size in sizes]
    groups = balanced_groups(modules, count)
    assert [[len(module) for module in group] for group in groups] == expected
    assert [module for group in groups for module in group] == modules


class FrontMatterOnly:
    front_matter = '<nav><a href="#module-a"><span>A</span></a><a href="#gone">Gone</a></nav>'

    def document(self, body: str) -> str:
        return body


def test_the_contents_get_their_numbers_written_in_and_a_stand_in_for_each_target():
    draft = front_matter_html(FrontMatterOnly(), None)
    assert draft.count('data-page="00"') == 2
    numbered = front_matter_html(FrontMatterOnly(), {"module-a": 7})
    assert '<a href="#module-a" data-page="7">' in numbered
    assert '<a href="#gone" data-page="">' in numbered  # no number rather than no PDF
    assert '<div class="toc-targets"><span id="module-a"></span><span id="gone"></span></div>' in (
        numbered
    )

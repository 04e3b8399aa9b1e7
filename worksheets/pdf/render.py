"""WeasyPrint at work in child processes with a hard time limit: the whole workbook in one, or
its parts side by side (see `render_in_parts`).

WeasyPrint lays out a document on one core. Every module of the workbook starts on a new page,
so the modules can be laid out in separate processes at the same time; only the page numbers tie
them together. Each part lays out its pages, says how many it has and waits. Once every part has
answered, the parent tells each one on which page it starts and how many pages the whole
workbook has, and the part writes its footers ("Page X of Y") with those numbers. The cover and
contents are laid out once as a draft, to know how many pages they take, and again at the end
with the modules' page numbers written in; `join_parts` then puts the parts together. On two cores
the demo workbook takes about half the time it takes whole, for the same CPU time in all.

`typeset` is the caller's function from HTML to a laid-out WeasyPrint document (fonts,
stylesheet and the safe URL fetcher); it runs in the children only."""

import contextlib
import multiprocessing
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection

import weasyprint.layout
from weasyprint import Document

from .join import join_parts

Typeset = Callable[[str], Document]

PLACEHOLDER_PAGE_NUMBER = "00"  # as wide as the real numbers, so the contents keep their length
CONTENTS_LINK = re.compile(r'href="#([^"]+)"')
_fork = multiprocessing.get_context("fork")


class PdfError(Exception):
    """The PDF could not be made (too slow, or WeasyPrint failed)."""


def render_whole(html: str, typeset: Typeset, *, time_limit: float) -> bytes:
    return _render_whole_by(html, typeset, time.monotonic() + time_limit, time_limit)


def _render_whole_by(html: str, typeset: Typeset, deadline: float, time_limit: float) -> bytes:
    child = _start(_render_document, html, typeset)
    with _stopping([child]):
        return _receive(child, deadline, time_limit)


def render_in_parts(workbook, typeset: Typeset, *, processes: int, time_limit: float) -> bytes:
    """The workbook's modules in `processes` parts side by side, then the cover and contents."""
    deadline = time.monotonic() + time_limit
    front = _start(_render_front_matter, workbook, typeset)
    parts = [
        _start(_render_part, workbook.with_modules(modules), typeset)
        for modules in balanced_groups(workbook.modules, processes)
    ]
    with _stopping([front, *parts]):
        front_pages = _receive(front, deadline, time_limit)
        part_pages = [_receive(part, deadline, time_limit) for part in parts]
        total = front_pages + sum(part_pages)
        first_pages = [front_pages + 1 + sum(part_pages[:i]) for i in range(len(parts))]
        for part, first_page in zip(parts, first_pages, strict=True):
            part.connection.send((first_page, total))
        # Each part says on which of its pages each element id landed, then writes its PDF;
        # meanwhile the contents get their page numbers.
        page_numbers = {
            anchor: first_page + index
            for part, first_page in zip(parts, first_pages, strict=True)
            for anchor, index in _receive(part, deadline, time_limit).items()
        }
        front.connection.send((page_numbers, total))
        part_pdfs = [_receive(part, deadline, time_limit) for part in parts]
        front_pdf, numbered_front_pages = _receive(front, deadline, time_limit)
    if numbered_front_pages != front_pages:
        # The written-in numbers made the contents longer or shorter (a title that now wraps),
        # so every page number after them would be off: render the workbook whole instead.
        return _render_whole_by(workbook.html, typeset, deadline, time_limit)
    return join_parts(front_pdf, part_pdfs, workbook.outline)


def balanced_groups(modules: list[str], count: int) -> list[list[str]]:
    """The modules in at most `count` runs, in order, of about the same length of HTML."""
    target = sum(len(module) for module in modules) / count
    groups, length = [[]], 0
    for module in modules:
        if groups[-1] and length + len(module) / 2 > target * len(groups) and len(groups) < count:
            groups.append([])
        groups[-1].append(module)
        length += len(module)
    return groups


def front_matter_html(workbook, page_numbers: dict[str, int] | None) -> str:
    """The cover and contents, with the contents' page numbers written in (placeholders while
    they are not known), and an empty anchor for each link target so the links are kept."""
    front = workbook.front_matter
    targets = dict.fromkeys(CONTENTS_LINK.findall(front))

    def numbered(link: re.Match) -> str:
        if page_numbers is None:
            return f'{link[0]} data-page="{PLACEHOLDER_PAGE_NUMBER}"'
        # A target that no part has prints without a number, as it does in a whole render.
        return f'{link[0]} data-page="{page_numbers.get(link[1], "")}"'

    anchors = "".join(f'<span id="{target}"></span>' for target in targets)
    return workbook.document(
        CONTENTS_LINK.sub(numbered, front) + f'<div class="toc-targets">{anchors}</div>'
    )


# --- In the children --------------------------------------------------------------------------


def _render_document(connection: Connection, html: str, typeset: Typeset) -> None:
    connection.send(("ok", typeset(html).write_pdf(attachments=[])))


def _render_part(connection: Connection, html: str, typeset: Typeset) -> None:
    def ask_for_numbers(pages: int) -> tuple[int, int]:
        connection.send(("ok", pages))
        return connection.recv()

    with numbered_pages(ask_for_numbers):
        document = typeset(html)
    anchors = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            anchors.setdefault(anchor, index)
    connection.send(("ok", anchors))
    connection.send(("ok", document.write_pdf(attachments=[])))


def _render_front_matter(connection: Connection, workbook, typeset: Typeset) -> None:
    draft = typeset(front_matter_html(workbook, None))
    connection.send(("ok", len(draft.pages)))
    page_numbers, total = connection.recv()
    with numbered_pages(lambda pages: (1, total)):
        document = typeset(front_matter_html(workbook, page_numbers))
    connection.send(("ok", (document.write_pdf(attachments=[]), len(document.pages))))


@contextlib.contextmanager
def numbered_pages(numbering: Callable[[int], tuple[int, int]]):
    """Number the pages WeasyPrint lays out as pages of the whole workbook.

    WeasyPrint lays out every page first and makes the margin boxes (running headers and
    footers) afterwards, from each page's counters. Here, just before the first margin box,
    `numbering` gets the part's page count and returns (its first page number, the workbook's
    page count), which then stand in for the `page` and `pages` counters. This reaches into
    WeasyPrint's layout module (pinned to 70.x in pyproject.toml); test_pdf_parts.py proves
    the footers right on every page."""
    original = weasyprint.layout.make_margin_boxes
    first_and_total = []

    def make_margin_boxes(context, page, state):
        quote_depth, counters, *rest = state
        if not first_and_total:
            first_and_total.extend(numbering(counters["pages"][0]))
        first, total = first_and_total
        counters = {**counters, "page": [first - 1 + counters["page"][0]], "pages": [total]}
        return original(context, page, (quote_depth, counters, *rest))

    weasyprint.layout.make_margin_boxes = make_margin_boxes
    try:
        yield
    finally:
        weasyprint.layout.make_margin_boxes = original


# --- Processes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Child:
    process: multiprocessing.Process
    connection: Connection


def _start(target, *args) -> _Child:
    parent_end, child_end = _fork.Pipe()
    process = _fork.Process(target=_run, args=(target, child_end, *args), daemon=True)
    process.start()
    child_end.close()
    return _Child(process, parent_end)


def _run(target, connection: Connection, *args) -> None:
    try:
        target(connection, *args)
    except Exception as exc:  # reported to the parent, which raises PdfError
        connection.send(("error", repr(exc)))
    finally:
        connection.close()


def _receive(child: _Child, deadline: float, time_limit: float):
    if not child.connection.poll(max(0.0, deadline - time.monotonic())):
        raise PdfError(f"the PDF took longer than {time_limit:g} s to render")
    try:
        kind, payload = child.connection.recv()
    except EOFError as exc:
        raise PdfError("the PDF renderer stopped unexpectedly") from exc
    if kind == "error":
        raise PdfError(f"the PDF renderer failed: {payload[-300:]}")
    return payload


@contextlib.contextmanager
def _stopping(children: list[_Child]):
    """Whatever happens, no child outlives the render."""
    try:
        yield
    finally:
        for child in children:
            if child.process.is_alive():
                child.process.kill()
            child.process.join(5)
            child.connection.close()

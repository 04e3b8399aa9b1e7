"""Parts of the workbook rendered apart (see render.py), joined into one PDF with pikepdf.

The cover-and-contents part comes first and keeps its document information (title, author,
dates). Each part's named destinations (WeasyPrint makes one per element id) are carried over
to the joined pages, so the contents' links land in the modules, and the bookmark outline is
made from the workbook's sessions and modules with those destinations. pikepdf (qpdf) copies
pages in C++: joining the demo workbook takes a few tens of milliseconds."""

import contextlib
import io

import pikepdf
from pikepdf import Array, Dictionary, Name, NameTree, OutlineItem


def join_parts(front: bytes, parts: list[bytes], outline) -> bytes:
    with contextlib.ExitStack() as stack:  # a part must stay open until the joined PDF is saved
        pdf = stack.enter_context(pikepdf.open(io.BytesIO(front)))
        destinations = _named_destinations(pdf)
        for content in parts:
            part = stack.enter_context(pikepdf.open(io.BytesIO(content)))
            first = len(pdf.pages)
            pdf.pages.extend(part.pages)
            for name, (index, x, y) in _named_destinations(part).items():
                destinations[name] = (first + index, x, y)
        targets = {
            name: Array([pdf.pages[index].obj, Name.XYZ, x, y, 0])
            for name, (index, x, y) in destinations.items()
        }
        _write_named_destinations(pdf, targets)
        with pdf.open_outline() as pdf_outline:
            pdf_outline.root.extend(_outline_items(outline, targets))
        joined = io.BytesIO()
        pdf.save(joined)
    return joined.getvalue()


def _named_destinations(pdf: pikepdf.Pdf) -> dict[str, tuple[int, float, float]]:
    """Name → (page index, x, y) of every named destination in the PDF."""
    names = pdf.Root.get(Name.Names)
    if names is None or Name.Dests not in names:
        return {}
    page_index = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
    return {
        str(name): (page_index[target[0].objgen], float(target[2]), float(target[3]))
        for name, target in NameTree(names.Dests).items()
    }


def _write_named_destinations(pdf: pikepdf.Pdf, targets: dict[str, Array]) -> None:
    tree = NameTree.new(pdf)
    for name, target in targets.items():
        tree[name] = target
    names = pdf.Root.get(Name.Names)
    if names is None:
        pdf.Root.Names = names = pdf.make_indirect(Dictionary())
    names.Dests = tree.obj


def _outline_items(entries, targets: dict[str, Array]) -> list[OutlineItem]:
    items = []
    for entry in entries:
        if entry.anchor not in targets:
            continue
        item = OutlineItem(entry.title, targets[entry.anchor])
        item.children.extend(_outline_items(entry.children, targets))
        items.append(item)
    return items

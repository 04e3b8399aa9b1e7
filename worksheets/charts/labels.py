"""A server-made chart as the PDF prints it: the shapes as an SVG image, the words as HTML on top.

WeasyPrint sets SVG text letter by letter. That is slow (about a third of a second for the demo's
three charts) and wrong for scripts whose letters join or run right to left: an Arabic name on
the mentor map came out as separate letters in reverse order. HTML text is shaped a run at a
time. So for the PDF every <text> element is taken out of the chart's SVG and set as an
absolutely positioned HTML label at the same place and size. The pages in the browser keep the
inline SVG as it is."""

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

SVG_NS = "http://www.w3.org/2000/svg"
SVG = "{" + SVG_NS + "}"
CHART_WIDTH_MM = 168  # the print stylesheet's text width on A4 (Letter's is a little wider)
PT_PER_MM = 72 / 25.4
# From the top of a line box (line-height 1) to the baseline, in em: DejaVu Sans ascends 0.928
# and descends 0.236, so the half-leading is -0.082.
BASELINE_EM = 0.846
ANCHORED_BOX_MM = 120  # middle- and end-anchored labels are aligned inside a box this wide


@dataclass(frozen=True)
class PrintableChart:
    svg: str  # the chart without its text
    labels: SafeString  # the text, as positioned HTML


def printable_chart(svg_markup: str) -> PrintableChart:
    root = ET.fromstring(svg_markup)
    scale = CHART_WIDTH_MM / float(root.get("viewBox").split()[2])
    labels = []
    for parent in list(root.iter()):
        for element in list(parent):
            if element.tag == SVG + "text":
                labels.extend(_labels(element, scale))
                parent.remove(element)
    return PrintableChart(_serialized(root), mark_safe("".join(labels)))


def _serialized(root: ET.Element) -> str:
    """The SVG as markup in the default namespace (ElementTree would write ns0: prefixes, and its
    namespace registry is global: other libraries change it)."""
    for element in root.iter():
        element.tag = element.tag.removeprefix(SVG)
    root.set("xmlns", SVG_NS)
    return ET.tostring(root, encoding="unicode")


def _labels(text: ET.Element, scale: float) -> list[str]:
    lines = [span for span in text if span.tag == SVG + "tspan" and span.get("y")]
    if lines:  # a wrapped text: one label a line, each at its own place
        return [
            _label(text, span.get("x"), span.get("y"), escape(span.text or ""), scale)
            for span in lines
        ]
    return [_label(text, text.get("x"), text.get("y"), _content(text), scale)]


def _content(text: ET.Element) -> str:
    """The text's words as HTML, keeping the look of inline <tspan>s; tooltips left out."""
    size = float(text.get("font-size", "16"))
    pieces = [escape(text.text or "")]
    for child in text:
        if child.tag == SVG + "tspan":
            style = ";".join(_looks(child, size))
            pieces.append(format_html('<span style="{}">{}</span>', style, child.text or ""))
        pieces.append(escape(child.tail or ""))
    return "".join(pieces)


# How a label lines up on its x: (how far left of x its box starts, in mm; text-align).
ALIGNMENTS = {
    "start": (0, None),
    "middle": (ANCHORED_BOX_MM / 2, "center"),
    "end": (ANCHORED_BOX_MM, "right"),
}


def _label(text: ET.Element, x: str, y: str, content: str, scale: float) -> str:
    size_mm = float(text.get("font-size", "16")) * scale
    shift, align = ALIGNMENTS[text.get("text-anchor", "start")]
    rules = [
        f"left:{float(x) * scale - shift:.2f}mm",
        f"top:{float(y) * scale - BASELINE_EM * size_mm:.2f}mm",
        f"font-size:{size_mm * PT_PER_MM:.2f}pt",
    ]
    if align:
        rules += [f"width:{ANCHORED_BOX_MM}mm", f"text-align:{align}"]
    style = ";".join(rules + _looks(text))
    return format_html('<span class="chart-label" style="{}">{}</span>', style, mark_safe(content))


def _looks(element: ET.Element, parent_size: float | None = None) -> list[str]:
    """Weight, slant, colour (and, for an inline tspan, size relative to its text) as CSS."""
    rules = []
    if element.get("font-weight") == "bold":
        rules.append("font-weight:bold")
    if element.get("font-style") == "italic":
        rules.append("font-style:italic")
    if element.get("fill"):
        rules.append(f"color:{element.get('fill')}")
    if parent_size and element.get("font-size"):
        rules.append(f"font-size:{float(element.get('font-size')) / parent_size:.3f}em")
    return rules

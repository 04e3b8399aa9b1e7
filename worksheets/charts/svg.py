"""Inline SVG charts for the workbook pages and their PDFs.

Every function returns SVG markup as a ``str`` that starts with ``<svg``, ready to be placed in a
template with ``mark_safe`` (all user text is escaped here). The markup only uses what both the
browsers and WeasyPrint's SVG renderer draw: basic shapes, ``<text>``/``<tspan>`` and one
``<pattern>``; no scripts, stylesheets, external fonts or images, and no ``foreignObject``.

Accessibility: each chart is ``role="img"`` with ``aria-labelledby`` pointing at its ``<title>``
and ``<desc>``; the desc spells the data out in words. Colours come from the Okabe-Ito palette
and are never the only signal: values are written as text, the two people's ratings use
different marker shapes, and highlighted rows get a bold outline plus a written note.

Text is measured with the advance widths of DejaVu Sans (the first font asked for, and the one
the PDFs use); Helvetica and Arial are narrower, so text that fits in DejaVu also fits in them.
Labels too long for their space are cut with an ellipsis and keep their full text in a
``<title>`` child, which browsers show as a tooltip.
"""

import math
import re
import unicodedata
from xml.sax.saxutils import escape

FONT_FAMILY = "DejaVu Sans, Helvetica, Arial, sans-serif"

# Okabe-Ito colours (safe for the common forms of colour blindness) and neutral greys.
BLUE = "#0072B2"
DARK_BLUE = "#004A75"
ORANGE = "#E69F00"
VERMILION = "#D55E00"
INK = "#1A1A1A"
MUTED = "#595959"  # 7:1 on white
RULE = "#8C8C8C"
GRID = "#D0D0D0"
PANEL = "#F4F6F8"
CARD_EDGE = "#1F4E79"
HIGHLIGHT = "#FFF1D6"

ELLIPSIS = "\u2026"
NOT_ANSWERED = "not answered"
NO_ONE_YET = "\u2014 no one yet"

# Advance widths of DejaVu Sans (regular and bold) for U+0020 to U+007E, in thousandths of an em.
_WIDTHS_REGULAR = (
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337,
    636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531,
    1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787,
    603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500,
    500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612,
    635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
)  # fmt: skip
_WIDTHS_BOLD = (
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365,
    696, 696, 696, 696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580,
    1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850,
    733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500,
    500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687,
    716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
)  # fmt: skip
_WIDTHS_OTHER = {ELLIPSIS: 1000, "\u2014": 1000, "\u2013": 500, "\u2022": 590, "\u2019": 318}

# Characters XML 1.0 does not allow, even escaped (control characters, lone surrogates).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


# --- text helpers -------------------------------------------------------------------------------


def clean(value) -> str:
    """User text as one tidy line: no characters XML forbids, whitespace collapsed."""
    if value is None:
        return ""
    return " ".join(_NOT_XML.sub("", str(value)).split())


def esc(text: str) -> str:
    """Escape for element content and double- or single-quoted attributes."""
    return escape(text, {'"': "&quot;", "'": "&#x27;"})


def _char_width(char: str, bold: bool) -> int:
    code = ord(char)
    if 32 <= code <= 126:
        return (_WIDTHS_BOLD if bold else _WIDTHS_REGULAR)[code - 32]
    if char in _WIDTHS_OTHER:
        return _WIDTHS_OTHER[char]
    if unicodedata.combining(char):
        return 0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1000
    base = unicodedata.normalize("NFD", char)[0]
    if base != char and 32 <= ord(base) <= 126:
        return _char_width(base, bold)
    return 760 if bold else 700  # generous: better to cut a little early than to overflow


def text_width(text: str, size: float, bold: bool = False) -> float:
    return sum(_char_width(char, bold) for char in text) * size / 1000


def ellipsize(text: str, max_width: float, size: float, bold: bool = False) -> str:
    """The longest start of `text` that fits with an ellipsis after it."""
    limit = max_width - text_width(ELLIPSIS, size, bold)
    width = 0.0
    head = text
    for end, char in enumerate(text):
        width += _char_width(char, bold) * size / 1000
        if width > limit:
            head = text[:end]
            break
    head = head.rstrip(" ,;:.-\u2013\u2014")
    return head + ELLIPSIS


def wrap(
    text: str, max_width: float, size: float, *, bold: bool = False, max_lines: int = 1
) -> tuple[list[str], bool]:
    """Break `text` into at most `max_lines` lines; returns (lines, whether it was cut)."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while text_width(current, size, bold) > max_width:  # a word wider than the line
            cut = 1
            while cut < len(current) and text_width(current[: cut + 1], size, bold) <= max_width:
                cut += 1
            lines.append(current[:cut])
            current = current[cut:]
    if current:
        lines.append(current)
    if len(lines) <= max_lines:
        return lines, False
    rest = " ".join(lines[max_lines - 1 :])
    return [*lines[: max_lines - 1], ellipsize(rest, max_width, size, bold)], True


def num(value: float) -> str:
    """A coordinate with at most one decimal."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def attrs(**attributes) -> str:
    parts = []
    for name, value in attributes.items():
        if value is None:
            continue
        if isinstance(value, float | int) and not isinstance(value, bool):
            value = num(value)
        parts.append(f'{name.rstrip("_").replace("_", "-")}="{esc(str(value))}"')
    return " ".join(parts)


def svg_text(
    x: float,
    y: float,
    text: str,
    *,
    size: float,
    max_width: float | None = None,
    max_lines: int = 1,
    line_height: float | None = None,
    bold: bool = False,
    italic: bool = False,
    anchor: str | None = None,
    fill: str = INK,
    css_class: str | None = None,
) -> tuple[str, int]:
    """A <text> element (one <tspan> a line when wrapped); returns (markup, number of lines).

    When the text had to be cut, its full wording goes in a <title> child as a tooltip.
    """
    if max_width is None:
        lines, cut = [text], False
    else:
        lines, cut = wrap(text, max_width, size, bold=bold, max_lines=max_lines)
    lines = lines or [""]
    attributes = attrs(
        x=x,
        y=y,
        font_size=size,
        font_weight="bold" if bold else None,
        font_style="italic" if italic else None,
        text_anchor=anchor,
        fill=fill,
        class_=css_class,
    )
    tooltip = f"<title>{esc(text)}</title>" if cut else ""
    if len(lines) == 1:
        return f"<text {attributes}>{tooltip}{esc(lines[0])}</text>", 1
    step = line_height or size * 1.25
    spans = "".join(
        f"<tspan {attrs(x=x, y=y + index * step)}>{esc(line)}</tspan>"
        for index, line in enumerate(lines)
    )
    return f"<text {attributes}>{tooltip}{spans}</text>", len(lines)


# --- values -------------------------------------------------------------------------------------


def as_number(value) -> float | None:
    """A rating or percentage as a float, or None when it is missing or not a number."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(str(value).strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def join_words(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# --- the chart frame ----------------------------------------------------------------------------


def id_prefix_of(id_prefix) -> str:
    """`id_prefix` made safe for use in id attributes and url(#…) references."""
    prefix = re.sub(r"[^A-Za-z0-9_-]+", "-", str(id_prefix or "")).strip("-")
    if not prefix or not prefix[0].isalpha():
        prefix = f"chart-{prefix}".rstrip("-")
    return prefix


def svg_document(
    *,
    prefix: str,
    width: float,
    height: float,
    title: str,
    desc: str,
    body: list[str],
    kind: str,
    defs: str = "",
) -> str:
    head = attrs(
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {num(width)} {num(height)}",
        width="100%",
        role="img",
        aria_labelledby=f"{prefix}-title {prefix}-desc",
        font_family=FONT_FAMILY,
        class_=f"chart chart-{kind}",
    )
    return (
        f"<svg {head}>"
        f'<title id="{prefix}-title">{esc(title)}</title>'
        f'<desc id="{prefix}-desc">{esc(desc)}</desc>'
        f"{defs}"
        f'<rect x="0" y="0" width="{num(width)}" height="{num(height)}" fill="#FFFFFF"/>'
        f"{''.join(body)}"
        "</svg>"
    )


# --- 1. mentor map ------------------------------------------------------------------------------

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
from dataclasses import dataclass
from xml.sax.saxutils import escape

__all__ = ["four_way_view_svg", "mentor_map_svg", "questionnaire_profile_svg"]

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


def _clean(value) -> str:
    """User text as one tidy line: no characters XML forbids, whitespace collapsed."""
    if value is None:
        return ""
    return " ".join(_NOT_XML.sub("", str(value)).split())


def _esc(text: str) -> str:
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


def _text_width(text: str, size: float, bold: bool = False) -> float:
    return sum(_char_width(char, bold) for char in text) * size / 1000


def _ellipsize(text: str, max_width: float, size: float, bold: bool = False) -> str:
    """The longest start of `text` that fits with an ellipsis after it."""
    limit = max_width - _text_width(ELLIPSIS, size, bold)
    width = 0.0
    head = text
    for end, char in enumerate(text):
        width += _char_width(char, bold) * size / 1000
        if width > limit:
            head = text[:end]
            break
    head = head.rstrip(" ,;:.-\u2013\u2014")
    return head + ELLIPSIS


def _wrap(
    text: str, max_width: float, size: float, *, bold: bool = False, max_lines: int = 1
) -> tuple[list[str], bool]:
    """Break `text` into at most `max_lines` lines; returns (lines, whether it was cut)."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if _text_width(candidate, size, bold) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while _text_width(current, size, bold) > max_width:  # a word wider than the line
            cut = 1
            while cut < len(current) and _text_width(current[: cut + 1], size, bold) <= max_width:
                cut += 1
            lines.append(current[:cut])
            current = current[cut:]
    if current:
        lines.append(current)
    if len(lines) <= max_lines:
        return lines, False
    rest = " ".join(lines[max_lines - 1 :])
    return [*lines[: max_lines - 1], _ellipsize(rest, max_width, size, bold)], True


def _n(value: float) -> str:
    """A coordinate with at most one decimal."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _attrs(**attributes) -> str:
    parts = []
    for name, value in attributes.items():
        if value is None:
            continue
        if isinstance(value, float | int) and not isinstance(value, bool):
            value = _n(value)
        parts.append(f'{name.rstrip("_").replace("_", "-")}="{_esc(str(value))}"')
    return " ".join(parts)


def _text(
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
        lines, cut = _wrap(text, max_width, size, bold=bold, max_lines=max_lines)
    lines = lines or [""]
    attributes = _attrs(
        x=x,
        y=y,
        font_size=size,
        font_weight="bold" if bold else None,
        font_style="italic" if italic else None,
        text_anchor=anchor,
        fill=fill,
        class_=css_class,
    )
    tooltip = f"<title>{_esc(text)}</title>" if cut else ""
    if len(lines) == 1:
        return f"<text {attributes}>{tooltip}{_esc(lines[0])}</text>", 1
    step = line_height or size * 1.25
    spans = "".join(
        f"<tspan {_attrs(x=x, y=y + index * step)}>{_esc(line)}</tspan>"
        for index, line in enumerate(lines)
    )
    return f"<text {attributes}>{tooltip}{spans}</text>", len(lines)


# --- values -------------------------------------------------------------------------------------


def _number(value) -> float | None:
    """A rating or percentage as a float, or None when it is missing or not a number."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(str(value).strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _join_words(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# --- the chart frame ----------------------------------------------------------------------------


def _prefix(id_prefix) -> str:
    """`id_prefix` made safe for use in id attributes and url(#…) references."""
    prefix = re.sub(r"[^A-Za-z0-9_-]+", "-", str(id_prefix or "")).strip("-")
    if not prefix or not prefix[0].isalpha():
        prefix = f"chart-{prefix}".rstrip("-")
    return prefix


def _svg(
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
    head = _attrs(
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {_n(width)} {_n(height)}",
        width="100%",
        role="img",
        aria_labelledby=f"{prefix}-title {prefix}-desc",
        font_family=FONT_FAMILY,
        class_=f"chart chart-{kind}",
    )
    return (
        f"<svg {head}>"
        f'<title id="{prefix}-title">{_esc(title)}</title>'
        f'<desc id="{prefix}-desc">{_esc(desc)}</desc>'
        f"{defs}"
        f'<rect x="0" y="0" width="{_n(width)}" height="{_n(height)}" fill="#FFFFFF"/>'
        f"{''.join(body)}"
        "</svg>"
    )


# --- 1. mentor map ------------------------------------------------------------------------------

_MAP_COLUMN = 300  # each card gets one column of the 3 x 3 grid around the participant
_MAP_CARD_W = 284
_MAP_PAD = 10
_MAP_INNER = _MAP_CARD_W - 2 * _MAP_PAD
_MAP_TITLE_SIZE = 16
_MAP_TITLE_LH = 19
_MAP_SIZE = 14
_MAP_LH = 17
_MAP_INDENT = 14
_MAP_GAP = 22
_MAP_MARGIN = 10
_MAP_RADIUS = 80


def _map_groups(groups) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    prepared = []
    for group in groups or []:
        group = group or {}
        categories = []
        for category in group.get("categories") or []:
            category = category or {}
            names = []
            for name in category.get("names") or []:
                if isinstance(name, dict):  # tolerate {"name": …, "note": …} entries
                    name = name.get("name")
                name = _clean(name)
                if name:
                    names.append(name)
            categories.append((_clean(category.get("title")) or "Untitled", names))
        prepared.append((_clean(group.get("title")) or "Untitled group", categories))
    return prepared


def _map_card(x: float, y: float, height: float, title: str, categories) -> tuple[str, float]:
    """One group's card; returns (markup, the height its content needs).

    `height` is the drawn height (cards in a row share the tallest one's); pass 0 to measure.
    """
    parts = []
    markup, lines = _text(
        x + _MAP_PAD,
        y + _MAP_PAD + _MAP_TITLE_SIZE,
        title,
        size=_MAP_TITLE_SIZE,
        bold=True,
        max_width=_MAP_INNER,
        max_lines=2,
        line_height=_MAP_TITLE_LH,
        fill=CARD_EDGE,
        css_class="group-title",
    )
    parts.append(markup)
    rule_y = y + _MAP_PAD + lines * _MAP_TITLE_LH + 4
    parts.append(
        f"<line {_attrs(x1=x + _MAP_PAD, y1=rule_y, x2=x + _MAP_CARD_W - _MAP_PAD, y2=rule_y)}"
        f' stroke="{CARD_EDGE}" stroke-width="1"/>'
    )
    baseline = rule_y + 5 + _MAP_SIZE
    if not categories:
        parts.append(
            _text(x + _MAP_PAD, baseline, "no categories", size=_MAP_SIZE, italic=True, fill=MUTED)[
                0
            ]
        )
        baseline += _MAP_LH
    # A lone category named like its group ("Role models" under "Role models") needs no heading.
    lone = len(categories) == 1 and categories[0][0].casefold() == title.casefold()
    for category_title, names in categories:
        if not lone:
            markup, lines = _text(
                x + _MAP_PAD,
                baseline,
                category_title,
                size=_MAP_SIZE,
                bold=True,
                max_width=_MAP_INNER,
                max_lines=2,
                line_height=_MAP_LH,
                css_class="category-title",
            )
            parts.append(markup)
            baseline += lines * _MAP_LH
        if not names:
            parts.append(
                _text(
                    x + _MAP_PAD + _MAP_INDENT,
                    baseline,
                    NO_ONE_YET,
                    size=_MAP_SIZE,
                    italic=True,
                    fill=MUTED,
                    css_class="empty",
                )[0]
            )
            baseline += _MAP_LH
        for name in names:
            # A bullet, then the name wrapped to two lines beside it.
            parts.append(
                _text(x + _MAP_PAD + _MAP_INDENT - 10, baseline, "\u2022", size=_MAP_SIZE)[0]
            )
            markup, lines = _text(
                x + _MAP_PAD + _MAP_INDENT,
                baseline,
                name,
                size=_MAP_SIZE,
                max_width=_MAP_INNER - _MAP_INDENT,
                max_lines=2,
                line_height=_MAP_LH,
                css_class="name",
            )
            parts.append(markup)
            baseline += lines * _MAP_LH
        baseline += 5
    needed = baseline - y - _MAP_SIZE + _MAP_PAD
    card = (
        '<g class="mentor-group">'
        f"<rect {_attrs(x=x, y=y, width=_MAP_CARD_W, height=height or needed, rx=8)}"
        f' fill="#FFFFFF" stroke="{CARD_EDGE}" stroke-width="1.5"/>'
    )
    return card + "".join(parts) + "</g>", needed


def _map_describe(person: str, groups) -> str:
    if not groups:
        return f"Mentor map for {person}. No groups of mentors have been set up yet."
    sentences = [f"Mentor map for {person}, with {len(groups)} groups of support around them."]
    empty = total = 0
    for title, categories in groups:
        described = []
        for category_title, names in categories:
            total += 1
            empty += not names
            described.append(f"{category_title}: {_join_words(names) or 'no one yet'}")
        sentences.append(f"{title} \u2014 {'; '.join(described) or 'no categories'}.")
    if total:
        sentences.append(f"{empty} of {total} categories have no one yet.")
    return " ".join(sentences)


def mentor_map_svg(*, person: str, groups: list[dict], id_prefix: str = "mentor-map") -> str:
    """The participant in the middle, each group of supporters around them in its own card.

    `groups`: ``[{"title": …, "categories": [{"title": …, "names": [str, …]}, …]}, …]``. Cards
    sit on a ring around the participant in reading order (top row, the two sides, bottom
    row), each joined to the centre by a line; cards in a row share the tallest one's height.
    """
    prefix = _prefix(id_prefix)
    name = _clean(person) or "You"
    prepared = _map_groups(groups)
    count = len(prepared)

    # Share the groups out: two beside the participant, the rest above and below.
    beside = 0 if count == 1 else min(2, count)
    above = math.ceil((count - beside) / 2)
    below = count - beside - above
    columns = max(3, above, below)
    width = columns * _MAP_COLUMN
    heights = [_map_card(0, 0, 0, *group)[1] for group in prepared]
    top_h = max(heights[:above], default=0)
    side_h = max([*heights[above : above + beside], 2 * _MAP_RADIUS + 24])
    bottom_h = max(heights[above + beside :], default=0)

    top_y = _MAP_MARGIN
    side_y = top_y + (top_h + _MAP_GAP if above else 0)
    bottom_y = side_y + side_h + _MAP_GAP
    height = (bottom_y + bottom_h if below else side_y + side_h) + _MAP_MARGIN
    if not prepared:
        height += 30  # room for "No groups yet" under the circle
    cx, cy = width / 2, side_y + side_h / 2

    slots = []  # (card x, card y, card height)
    for index in range(above):
        centre = (index + 0.5) * width / above
        slots.append((centre - _MAP_CARD_W / 2, top_y, top_h))
    for index in range(beside):
        centre = _MAP_COLUMN / 2 if index == 0 else width - _MAP_COLUMN / 2
        slots.append((centre - _MAP_CARD_W / 2, side_y, side_h))
    for index in range(below):
        centre = (index + 0.5) * width / below
        slots.append((centre - _MAP_CARD_W / 2, bottom_y, bottom_h))

    body = ['<g class="links">']
    for x, y, card_h in slots:
        body.append(
            f"<line {_attrs(x1=cx, y1=cy, x2=x + _MAP_CARD_W / 2, y2=y + card_h / 2)} "
            f'stroke="{RULE}" stroke-width="2"/>'
        )
    body.append("</g>")
    for (x, y, card_h), (title, categories) in zip(slots, prepared, strict=True):
        body.append(_map_card(x, y, card_h, title, categories)[0])

    # The participant: a circle with their name, up to three lines.
    size = 16
    lines, _ = _wrap(name, _MAP_RADIUS * 1.6, size, bold=True, max_lines=3)
    first = cy - (len(lines) - 1) * size * 1.2 / 2 + size * 0.35
    body.append(
        '<g class="participant">'
        f'<circle {_attrs(cx=cx, cy=cy, r=_MAP_RADIUS)} fill="{BLUE}" '
        f'stroke="{DARK_BLUE}" stroke-width="3"/>'
    )
    body.append(
        _text(
            cx,
            first,
            name,
            size=size,
            bold=True,
            anchor="middle",
            fill="#FFFFFF",
            max_width=_MAP_RADIUS * 1.6,
            max_lines=3,
            line_height=size * 1.2,
            css_class="person",
        )[0]
    )
    body.append("</g>")
    if not prepared:
        body.append(
            _text(
                cx,
                cy + _MAP_RADIUS + 22,
                "No groups yet",
                size=_MAP_SIZE,
                italic=True,
                anchor="middle",
                fill=MUTED,
            )[0]
        )

    return _svg(
        prefix=prefix,
        width=width,
        height=height,
        title=f"Mentor map for {name}",
        desc=_map_describe(name, prepared),
        body=body,
        kind="mentor-map",
    )


# --- 2. four-way view ---------------------------------------------------------------------------

_FW_WIDTH = 900
_FW_TOP = 96  # first domain row
_FW_ROW = 80
_FW_BAR_X = 262
_FW_BAR_W = 360  # 100 %
_FW_BAR_H = 22
_FW_SAT_X = 742
_FW_PERF_X = 840
_FW_TITLE_W = 150


def _fw_hatch(prefix: str) -> str:
    return (
        f'<defs><pattern id="{prefix}-hatch" patternUnits="userSpaceOnUse" '
        'x="0" y="0" width="8" height="8">'
        f'<rect x="0" y="0" width="8" height="8" fill="{ORANGE}"/>'
        '<path d="M-2,2 L2,-2 M0,8 L8,0 M6,10 L10,6" stroke="#6B4400" stroke-width="1.6"/>'
        "</pattern></defs>"
    )


def _fw_bar(y: float, label: str, value: float | None, fill: str, stroke: str) -> str:
    parts = [
        _text(
            _FW_BAR_X - 8,
            y + 15.5,
            label,
            size=12.5,
            anchor="end",
            fill=MUTED,
        )[0]
    ]
    if value is None:
        parts.append(
            f"<rect {_attrs(x=_FW_BAR_X, y=y, width=_FW_BAR_W, height=_FW_BAR_H)} "
            f'fill="none" stroke="{RULE}" stroke-width="1" stroke-dasharray="4 3"/>'
        )
        parts.append(
            _text(
                _FW_BAR_X + 8,
                y + 15.5,
                NOT_ANSWERED,
                size=12.5,
                italic=True,
                fill=MUTED,
                css_class="missing",
            )[0]
        )
        return "".join(parts)
    length = _FW_BAR_W * min(max(value, 0), 100) / 100
    if length > 0:
        parts.append(
            f"<rect {_attrs(x=_FW_BAR_X, y=y, width=length, height=_FW_BAR_H)} "
            f'fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>'
        )
    parts.append(
        _text(
            _FW_BAR_X + length + 7,
            y + 16,
            f"{_fmt(value)}%",
            size=13.5,
            bold=True,
            css_class="value",
        )[0]
    )
    return "".join(parts)


def _fw_rating(x: float, y: float, value: float | None) -> str:
    if value is None:
        return _text(
            x,
            y,
            NOT_ANSWERED,
            size=12,
            italic=True,
            anchor="middle",
            fill=MUTED,
            css_class="missing",
        )[0]
    return (
        f'<text {_attrs(x=x, y=y, font_size=20, text_anchor="middle", fill=INK)} class="value">'
        f'<tspan font-weight="bold">{_fmt(value)}</tspan>'
        f'<tspan font-size="13" fill="{MUTED}"> / 10</tspan></text>'
    )


def _fw_describe(rows) -> str:
    if not rows:
        return "Four-way view: no domains to show."
    sentences = [f"Four-way view of {len(rows)} life domains."]
    gaps = []
    for title, _subtitle, importance, focus, satisfaction, performance in rows:

        def said(value, unit):
            return NOT_ANSWERED if value is None else f"{_fmt(value)}{unit}"

        sentences.append(
            f"{title}: importance {said(importance, '%')}, focus {said(focus, '%')}, "
            f"satisfaction {said(satisfaction, ' out of 10')}, "
            f"performance {said(performance, ' out of 10')}."
        )
        if importance is not None and focus is not None and focus != importance:
            gaps.append((abs(focus - importance), title, focus - importance))
    if gaps:
        _, title, gap = max(gaps, key=lambda item: item[0])
        direction = "above" if gap > 0 else "below"
        sentences.append(
            f"Biggest gap: {title}, where focus is {_fmt(abs(gap))} points {direction} importance."
        )
    return " ".join(sentences)


def four_way_view_svg(*, domains: list[dict], id_prefix: str = "four-way-view") -> str:
    """Importance against focus for each life domain as paired bars, ratings beside them.

    `domains`: ``[{"title": "Work", "importance": 40, "focus": 55, "satisfaction": 6,
    "performance": 7}, …]``; percentages 0 to 100, ratings 1 to 10, any of them may be None.
    An optional ``"subtitle"`` is shown under the domain's title.
    """
    prefix = _prefix(id_prefix)
    rows = []
    for domain in domains or []:
        domain = domain or {}
        rows.append(
            (
                _clean(domain.get("title")) or "Untitled",
                _clean(domain.get("subtitle")),
                _number(domain.get("importance")),
                _number(domain.get("focus")),
                _number(domain.get("satisfaction")),
                _number(domain.get("performance")),
            )
        )
    height = _FW_TOP + max(len(rows), 1) * _FW_ROW + 34
    hatch = f"url(#{prefix}-hatch)"

    body = []
    # Legend: the two bar fills, each also named in words beside every bar.
    x = 16
    for label, fill, stroke in (
        ("Importance: how much the domain matters to you", BLUE, DARK_BLUE),
        ("Focus: where your time and attention actually go", hatch, "#6B4400"),
    ):
        body.append(
            f'<rect {_attrs(x=x, y=14, width=22, height=16)} fill="{fill}" '
            f'stroke="{stroke}" stroke-width="1.5"/>'
        )
        body.append(_text(x + 30, 27, label, size=13)[0])
        x += 30 + _text_width(label, 13) + 34
    body.append('<g class="legend-ratings">')
    body.append(_text(_FW_BAR_X, 66, "Share of your life", size=12.5, bold=True)[0])
    for x in (_FW_SAT_X, _FW_PERF_X):
        label = "Satisfaction" if x == _FW_SAT_X else "Performance"
        body.append(_text(x, 60, label, size=12.5, bold=True, anchor="middle")[0])
        body.append(_text(x, 76, "out of 10", size=11, anchor="middle", fill=MUTED)[0])
    body.append("</g>")

    # Grid lines and the percentage axis.
    bottom = _FW_TOP + max(len(rows), 1) * _FW_ROW
    for tick in (0, 25, 50, 75, 100):
        x = _FW_BAR_X + _FW_BAR_W * tick / 100
        dashes = "" if tick == 0 else ' stroke-dasharray="3 3"'
        body.append(
            f'<line {_attrs(x1=x, y1=_FW_TOP - 6, x2=x, y2=bottom)} stroke="{GRID}" '
            f'stroke-width="1"{dashes}/>'
        )
        body.append(_text(x, bottom + 18, f"{tick}%", size=11.5, anchor="middle", fill=MUTED)[0])

    if not rows:
        body.append(
            _text(
                _FW_BAR_X + 8,
                _FW_TOP + 40,
                "No domains to show",
                size=13,
                italic=True,
                fill=MUTED,
            )[0]
        )
    for index, (title, subtitle, importance, focus, satisfaction, performance) in enumerate(rows):
        top = _FW_TOP + index * _FW_ROW
        body.append('<g class="domain">')
        if index:
            body.append(
                f"<line {_attrs(x1=12, y1=top - 6, x2=_FW_WIDTH - 12, y2=top - 6)} "
                f'stroke="{GRID}" stroke-width="1"/>'
            )
        markup, lines = _text(
            16,
            top + 20,
            title,
            size=15,
            bold=True,
            max_width=_FW_TITLE_W,
            max_lines=2,
            line_height=18,
            css_class="domain-title",
        )
        body.append(markup)
        if subtitle:
            body.append(
                _text(
                    16,
                    top + 20 + lines * 18,
                    subtitle,
                    size=12,
                    fill=MUTED,
                    max_width=_FW_TITLE_W,
                )[0]
            )
        body.append(_fw_bar(top + 6, "Importance", importance, BLUE, DARK_BLUE))
        body.append(_fw_bar(top + 6 + _FW_BAR_H + 10, "Focus", focus, hatch, "#6B4400"))
        body.append(_fw_rating(_FW_SAT_X, top + 40, satisfaction))
        body.append(_fw_rating(_FW_PERF_X, top + 40, performance))
        body.append("</g>")

    return _svg(
        prefix=prefix,
        width=_FW_WIDTH,
        height=height,
        title="Four-way view: importance, focus, satisfaction and performance",
        desc=_fw_describe(rows),
        body=body,
        kind="four-way-view",
        defs=_fw_hatch(prefix),
    )


# --- 3. questionnaire profile -------------------------------------------------------------------

_Q_NUMBER_X = 30  # right edge of the item numbers
_Q_SIZE = 12
_Q_LH = 14
_Q_LINES = 3
_Q_DISCUSS = 3  # ratings this far apart get a "talk about this" mark
_Q_RADIUS = 8.5


@dataclass(frozen=True)
class _QLayout:
    """Where a questionnaire chart's columns sit; the compact one has no statement columns."""

    width: float
    label_w: float  # room for each statement (0: statements not drawn)
    scale_x0: float
    scale_w: float

    @property
    def left_end(self) -> float:  # left statements are right-aligned here, next to the scale
        return self.scale_x0 - 24

    @property
    def right_x(self) -> float:
        return self.scale_x0 + self.scale_w + 24

    def x(self, value: float, low: int, high: int) -> float:
        value = min(max(value, low), high)
        return self.scale_x0 + self.scale_w * (value - low) / (high - low)


_Q_WITH_STATEMENTS = _QLayout(width=900, label_w=282, scale_x0=40 + 282 + 24, scale_w=230)
# For pages that list the statements next to the chart (the PDF): number, scale and notes only.
_Q_COMPACT = _QLayout(width=900, label_w=0, scale_x0=150, scale_w=420)


def _q_scale(scale) -> tuple[int, int]:
    try:
        low, high = (int(value) for value in scale)
    except (TypeError, ValueError):
        return 1, 6
    return (low, high) if high > low else (1, 6)


def _q_circle(x: float, y: float, value: float, label: bool = True) -> str:
    number = (
        _text(x, y + 4, _fmt(value), size=11, bold=True, anchor="middle", fill="#FFFFFF")[0]
        if label
        else ""
    )
    return (
        f'<g class="marker marker-self"><circle {_attrs(cx=x, cy=y, r=_Q_RADIUS)} fill="{BLUE}" '
        f'stroke="{DARK_BLUE}" stroke-width="1.5"/>{number}</g>'
    )


def _q_diamond(x: float, y: float, value: float, half: float, label: bool = True) -> str:
    corners = ((x, y - half), (x + half, y), (x, y + half), (x - half, y))
    points = " ".join(f"{_n(px)},{_n(py)}" for px, py in corners)
    number = (
        _text(x, y + 4, _fmt(value), size=11, bold=True, anchor="middle", fill=INK)[0]
        if label
        else ""
    )
    return (
        f'<g class="marker marker-second"><polygon points="{points}" fill="#FFFFFF" '
        f'stroke="{VERMILION}" stroke-width="2.5"/>{number}</g>'
    )


def _q_items(stages) -> list[tuple[str, list[dict]]]:
    prepared = []
    counter = 0
    for stage in stages or []:
        stage = stage or {}
        items = []
        for item in stage.get("items") or []:
            item = item or {}
            counter += 1
            number = _clean(item.get("number")) or str(counter)
            items.append(
                {
                    "number": number,
                    "left": _clean(item.get("left")) or "(no statement)",
                    "right": _clean(item.get("right")) or "(no statement)",
                    "value": _number(item.get("value")),
                    "second": _number(item.get("second")),
                }
            )
        prepared.append((_clean(stage.get("title")) or "Untitled stage", items))
    return prepared


def _q_describe(prepared, low, high, has_second, second_label, discuss) -> str:
    items = [item for _, stage_items in prepared for item in stage_items]
    if not items:
        return "Questionnaire: no items to show."
    sentences = [
        f"Questionnaire answers for {len(items)} items on a scale from {low}, nearest the left "
        f"statement, to {high}, nearest the right statement."
    ]
    answered = sum(item["value"] is not None for item in items)
    sentences.append(f"You answered {answered} of {len(items)}.")
    for title, stage_items in prepared:
        said = []
        for item in stage_items:
            mine = NOT_ANSWERED if item["value"] is None else _fmt(item["value"])
            text = f"item {item['number']}: you {mine}"
            if has_second:
                theirs = NOT_ANSWERED if item["second"] is None else _fmt(item["second"])
                text += f", {second_label} {theirs}"
            said.append(text)
        sentences.append(f"{title} \u2014 {'; '.join(said) or 'no items'}.")
    if has_second:
        if discuss:
            sentences.append(
                f"Ratings {_Q_DISCUSS} or more points apart, to talk about: items "
                f"{_join_words(discuss)}."
            )
        else:
            sentences.append(f"No ratings are {_Q_DISCUSS} or more points apart.")
    return " ".join(sentences)


def _q_legend(has_second: bool, second_name: str, layout: _QLayout, low: int) -> list[str]:
    y = 22
    body = [_q_circle(18, y - 4, low, label=False)]
    x = 18 + _Q_RADIUS + 8
    body.append(_text(x, y, "Your rating", size=13)[0])
    x += _text_width("Your rating", 13) + 28
    if has_second:
        body.append(_q_diamond(x + 3, y - 4, low, 11, label=False))
        x += 3 + 11 + 8
        name, _ = _wrap(second_name, 220, 13, max_lines=1)
        body.append(_text(x, y, second_name, size=13, max_width=220)[0])
        x += _text_width(name[0], 13) + 28
        body.append(
            f'<rect {_attrs(x=x, y=y - 14, width=26, height=18, rx=3)} fill="{HIGHLIGHT}" '
            f'stroke="{INK}" stroke-width="2.5"/>'
        )
        x += 34
        body.append(
            _text(
                x,
                y,
                f"{_Q_DISCUSS} or more apart: talk about this",
                size=13,
                max_width=layout.width - x - 8,
            )[0]
        )
    return body


def _q_stage_head(title: str, y: float, layout: _QLayout, low: int, high: int) -> list[str]:
    """The stage's title, then the scale's numbers with the two ends named."""
    body = [
        _text(
            8,
            y,
            title,
            size=14.5,
            bold=True,
            max_width=layout.width - 16,
            css_class="stage-title",
        )[0]
    ]
    y += 8
    for tick in range(low, high + 1):
        body.append(
            _text(
                layout.x(tick, low, high), y + 12, str(tick), size=11.5, anchor="middle", fill=MUTED
            )[0]
        )
    left, right = ("left statement", "right statement") if layout.label_w else ("A", "B")
    body.append(_text(layout.left_end, y + 12, left, size=11, anchor="end", fill=MUTED)[0])
    body.append(_text(layout.right_x, y + 12, right, size=11, fill=MUTED)[0])
    return body


def _q_row_height(item: dict, layout: _QLayout, *, talk: bool, notes: list[str]) -> float:
    if not layout.label_w:
        return 32
    left_lines = len(_wrap(item["left"], layout.label_w, _Q_SIZE, max_lines=_Q_LINES)[0])
    right_lines = len(_wrap(item["right"], layout.label_w, _Q_SIZE, max_lines=_Q_LINES)[0])
    return max(max(left_lines, right_lines) * _Q_LH + 16, 48 if talk or notes else 32)


def _q_row_note(text: str, y: float, row_h: float, layout: _QLayout, **style) -> str:
    """Under the scale when statements flank it; otherwise beside it, to the right."""
    if layout.label_w:
        x, anchor, max_width = layout.scale_x0 + layout.scale_w / 2, "middle", layout.scale_w + 40
        baseline = y + 40
    else:
        x, anchor, max_width = layout.right_x + 30, None, layout.width - layout.right_x - 38
        baseline = y + row_h / 2 + 4
    return _text(x, baseline, text, anchor=anchor, max_width=max_width, **style)[0]


def _q_scale_path(y: float, layout: _QLayout, low: int, high: int) -> str:
    """The scale's line and its ticks as one path (one element to draw, not seven)."""
    steps = [f"M{_n(layout.scale_x0)} {_n(y)}H{_n(layout.scale_x0 + layout.scale_w)}"]
    for tick in range(low, high + 1):
        steps.append(f"M{_n(layout.x(tick, low, high))} {_n(y - 5)}v10")
    return f'<path d="{"".join(steps)}" fill="none" stroke="{RULE}" stroke-width="1.5"/>'


def _q_item_row(
    item: dict,
    y: float,
    layout: _QLayout,
    scale: tuple[int, int],
    has_second: bool,
    second_name,
    *,
    striped: bool,
) -> tuple[list[str], float, bool]:
    """One item's row (on a pale band when `striped`, unless it is highlighted to talk about);
    returns (markup, its height, whether to talk about it)."""
    low, high = scale
    value, second = item["value"], item["second"]
    talk = has_second and None not in (value, second) and abs(value - second) >= _Q_DISCUSS
    notes = []
    if value is None:
        notes.append(f"you: {NOT_ANSWERED}" if has_second else NOT_ANSWERED)
    if has_second and second is None:
        notes.append(f"{second_name}: {NOT_ANSWERED}")
    row_h = _q_row_height(item, layout, talk=talk, notes=notes)
    classes = "item item-discuss" if talk else "item"
    body = [f"<g {_attrs(class_=classes, data_number=item['number'])}>"]
    if talk:
        body.append(
            f"<rect {_attrs(x=3, y=y + 1.5, width=layout.width - 6, height=row_h - 3, rx=4)} "
            f'fill="{HIGHLIGHT}" stroke="{INK}" stroke-width="2.5"/>'
        )
    elif striped:
        body.append(
            f"<rect {_attrs(x=3, y=y + 1, width=layout.width - 6, height=row_h - 2)} "
            f'fill="{PANEL}"/>'
        )
    first = y + 6 + _Q_SIZE
    body.append(
        _text(
            _Q_NUMBER_X,
            first,
            item["number"],
            size=_Q_SIZE,
            bold=True,
            anchor="end",
            fill=MUTED,
            max_width=28,
        )[0]
    )
    if layout.label_w:
        for text, x, anchor, side in (
            (item["left"], layout.left_end, "end", "left"),
            (item["right"], layout.right_x, None, "right"),
        ):
            body.append(
                _text(
                    x,
                    first,
                    text,
                    size=_Q_SIZE,
                    anchor=anchor,
                    max_width=layout.label_w,
                    max_lines=_Q_LINES,
                    line_height=_Q_LH,
                    css_class=f"statement statement-{side}",
                )[0]
            )
    line_y = y + 17 if layout.label_w else y + row_h / 2
    body.append(_q_scale_path(line_y, layout, low, high))
    if second is not None:
        same = value is not None and layout.x(value, low, high) == layout.x(second, low, high)
        body.append(
            _q_diamond(layout.x(second, low, high), line_y, second, 14 if same else 11, not same)
        )
    if value is not None:
        body.append(_q_circle(layout.x(value, low, high), line_y, value))
    if talk:
        body.append(
            _q_row_note("talk about this", y, row_h, layout, size=12, bold=True, css_class="talk")
        )
    elif notes:
        body.append(
            _q_row_note(
                "; ".join(notes),
                y,
                row_h,
                layout,
                size=11.5,
                italic=True,
                fill=MUTED,
                css_class="missing",
            )
        )
    body.append("</g>")
    return body, row_h, talk


def questionnaire_profile_svg(
    *,
    stages: list[dict],
    scale: tuple[int, int] = (1, 6),
    id_prefix: str = "questionnaire",
    second_label: str | None = None,
    statements: bool = True,
) -> str:
    """One row per item: left statement, the rating scale with markers, right statement.

    `stages`: ``[{"title": …, "items": [{"number": 1, "left": …, "right": …, "value": 2,
    "second": None}, …]}, …]``. `value` is the participant's rating (filled circle); `second`,
    when any item has one, is another person's (a diamond, named `second_label` in the
    legend). Rows where the two are 3 or more apart get a bold outline and "talk about this".
    With `statements=False` the rows show only the item numbers (for a page that lists the
    statements beside the chart, as the PDF does): much less text to set.
    """
    prefix = _prefix(id_prefix)
    low, high = _q_scale(scale)
    layout = _Q_WITH_STATEMENTS if statements else _Q_COMPACT
    prepared = _q_items(stages)
    has_second = any(item["second"] is not None for _, items in prepared for item in items)
    second_name = _clean(second_label) or "Second rating"

    body = _q_legend(has_second, second_name, layout, low)
    y = 44
    discuss = []
    row_index = 0
    for title, items in prepared:
        body.append('<g class="stage">')
        y += 22
        body.extend(_q_stage_head(title, y, layout, low, high))
        y += 26
        if not items:
            body.append(_text(40, y + 14, "No items", size=_Q_SIZE, italic=True, fill=MUTED)[0])
            y += 22
        for item in items:
            row, row_h, talk = _q_item_row(
                item, y, layout, (low, high), has_second, second_name, striped=row_index % 2 == 0
            )
            if talk:
                discuss.append(item["number"])
            row_index += 1
            body.extend(row)
            y += row_h
        body.append("</g>")
    if not prepared:
        y += 24
        body.append(
            _text(8, y, "No questionnaire items to show", size=13, italic=True, fill=MUTED)[0]
        )
    height = y + 12

    title = "Questionnaire answers"
    if has_second:
        title += f" compared with {second_name}"
    return _svg(
        prefix=prefix,
        width=layout.width,
        height=height,
        title=title,
        desc=_q_describe(prepared, low, high, has_second, second_name, discuss),
        body=body,
        kind="questionnaire",
    )

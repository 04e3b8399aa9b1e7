"""The mentor map: the participant in the middle, a card per kind of support around them."""

import math

from .svg import (
    BLUE,
    CARD_EDGE,
    DARK_BLUE,
    MUTED,
    NO_ONE_YET,
    RULE,
    attrs,
    clean,
    id_prefix_of,
    join_words,
    svg_document,
    svg_text,
    wrap,
)

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
                name = clean(name)
                if name:
                    names.append(name)
            categories.append((clean(category.get("title")) or "Untitled", names))
        prepared.append((clean(group.get("title")) or "Untitled group", categories))
    return prepared


def _map_card(x: float, y: float, height: float, title: str, categories) -> tuple[str, float]:
    """One group's card; returns (markup, the height its content needs).

    `height` is the drawn height (cards in a row share the tallest one's); pass 0 to measure.
    """
    parts = []
    markup, lines = svg_text(
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
        f"<line {attrs(x1=x + _MAP_PAD, y1=rule_y, x2=x + _MAP_CARD_W - _MAP_PAD, y2=rule_y)}"
        f' stroke="{CARD_EDGE}" stroke-width="1"/>'
    )
    baseline = rule_y + 5 + _MAP_SIZE
    if not categories:
        parts.append(
            svg_text(
                x + _MAP_PAD, baseline, "no categories", size=_MAP_SIZE, italic=True, fill=MUTED
            )[0]
        )
        baseline += _MAP_LH
    # A lone category named like its group ("Role models" under "Role models") needs no heading.
    lone = len(categories) == 1 and categories[0][0].casefold() == title.casefold()
    for category_title, names in categories:
        if not lone:
            markup, lines = svg_text(
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
                svg_text(
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
                svg_text(x + _MAP_PAD + _MAP_INDENT - 10, baseline, "\u2022", size=_MAP_SIZE)[0]
            )
            markup, lines = svg_text(
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
        f"<rect {attrs(x=x, y=y, width=_MAP_CARD_W, height=height or needed, rx=8)}"
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
            described.append(f"{category_title}: {join_words(names) or 'no one yet'}")
        sentences.append(f"{title} \u2014 {'; '.join(described) or 'no categories'}.")
    if total:
        sentences.append(f"{empty} of {total} categories have no one yet.")
    return " ".join(sentences)


def mentor_map_svg(
    *, person: str, groups: list[dict], id_prefix: str = "mentor-map", narrow: bool = False
) -> str:
    """The participant in the middle, each group of supporters around them in its own card.

    `groups`: ``[{"title": …, "categories": [{"title": …, "names": [str, …]}, …]}, …]``. Cards
    sit on a ring around the participant in reading order (top row, the two sides, bottom
    row), each joined to the centre by a line; cards in a row share the tallest one's height.
    `narrow` (a phone): the participant on top and the cards in one column under them, so the
    chart is one card wide and its words keep their size.
    """
    prefix = id_prefix_of(id_prefix)
    name = clean(person) or "You"
    prepared = _map_groups(groups)
    if narrow:
        width, height, cx, cy, slots = _map_column_layout(prepared)
    else:
        width, height, cx, cy, slots = _map_ring_layout(prepared)
    body = _map_links(cx, cy, slots)
    for (x, y, card_h), (title, categories) in zip(slots, prepared, strict=True):
        body.append(_map_card(x, y, card_h, title, categories)[0])
    body.extend(_map_participant(name, cx, cy, empty=not prepared))
    return svg_document(
        prefix=prefix,
        width=width,
        height=height,
        title=f"Mentor map for {name}",
        desc=_map_describe(name, prepared),
        body=body,
        kind="mentor-map",
    )


def _map_column_layout(prepared):
    """(width, height, centre x, centre y, card slots) with the cards in one column."""
    width = _MAP_CARD_W + 2 * _MAP_MARGIN
    cx, cy = width / 2, _MAP_MARGIN + _MAP_RADIUS
    y = cy + _MAP_RADIUS + _MAP_GAP
    slots = []
    for group in prepared:
        card_h = _map_card(0, 0, 0, *group)[1]
        slots.append((_MAP_MARGIN, y, card_h))
        y += card_h + _MAP_GAP
    height = (y - _MAP_GAP if prepared else y + 30) + _MAP_MARGIN
    return width, height, cx, cy, slots


def _map_links(cx, cy, slots) -> list[str]:
    body = ['<g class="links">']
    for x, y, card_h in slots:
        body.append(
            f"<line {attrs(x1=cx, y1=cy, x2=x + _MAP_CARD_W / 2, y2=y + card_h / 2)} "
            f'stroke="{RULE}" stroke-width="2"/>'
        )
    body.append("</g>")
    return body


def _map_ring_layout(prepared):
    """(width, height, centre x, centre y, card slots) with the cards around the participant."""
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

    return width, height, cx, cy, slots


def _map_participant(name, cx, cy, *, empty) -> list[str]:
    """The participant: a circle with their name, up to three lines."""
    body = []
    size = 16
    lines, _ = wrap(name, _MAP_RADIUS * 1.6, size, bold=True, max_lines=3)
    first = cy - (len(lines) - 1) * size * 1.2 / 2 + size * 0.35
    body.append(
        '<g class="participant">'
        f'<circle {attrs(cx=cx, cy=cy, r=_MAP_RADIUS)} fill="{BLUE}" '
        f'stroke="{DARK_BLUE}" stroke-width="3"/>'
    )
    body.append(
        svg_text(
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
    if empty:
        body.append(
            svg_text(
                cx,
                cy + _MAP_RADIUS + 22,
                "No groups yet",
                size=_MAP_SIZE,
                italic=True,
                anchor="middle",
                fill=MUTED,
            )[0]
        )
    return body

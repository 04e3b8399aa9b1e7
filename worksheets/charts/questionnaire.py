"""The expectations questionnaire's profile: each pair rated on its scale, one or two people."""

from dataclasses import dataclass

from .svg import (
    BLUE,
    DARK_BLUE,
    HIGHLIGHT,
    INK,
    MUTED,
    NOT_ANSWERED,
    PANEL,
    RULE,
    VERMILION,
    as_number,
    attrs,
    clean,
    fmt,
    id_prefix_of,
    join_words,
    num,
    svg_document,
    svg_text,
    text_width,
    wrap,
)

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
    narrow: bool = False  # a phone: notes under the scale, the legend on two lines

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
# For a phone's width, the statements listed above the chart: numbers and scale, 380 wide.
_Q_NARROW = _QLayout(width=380, label_w=0, scale_x0=64, scale_w=250, narrow=True)


def _q_scale(scale) -> tuple[int, int]:
    try:
        low, high = (int(value) for value in scale)
    except (TypeError, ValueError):
        return 1, 6
    return (low, high) if high > low else (1, 6)


def _q_circle(x: float, y: float, value: float, label: bool = True) -> str:
    number = (
        svg_text(x, y + 4, fmt(value), size=11, bold=True, anchor="middle", fill="#FFFFFF")[0]
        if label
        else ""
    )
    return (
        f'<g class="marker marker-self"><circle {attrs(cx=x, cy=y, r=_Q_RADIUS)} fill="{BLUE}" '
        f'stroke="{DARK_BLUE}" stroke-width="1.5"/>{number}</g>'
    )


def _q_diamond(x: float, y: float, value: float, half: float, label: bool = True) -> str:
    corners = ((x, y - half), (x + half, y), (x, y + half), (x - half, y))
    points = " ".join(f"{num(px)},{num(py)}" for px, py in corners)
    number = (
        svg_text(x, y + 4, fmt(value), size=11, bold=True, anchor="middle", fill=INK)[0]
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
            number = clean(item.get("number")) or str(counter)
            items.append(
                {
                    "number": number,
                    "left": clean(item.get("left")) or "(no statement)",
                    "right": clean(item.get("right")) or "(no statement)",
                    "value": as_number(item.get("value")),
                    "second": as_number(item.get("second")),
                }
            )
        prepared.append((clean(stage.get("title")) or "Untitled stage", items))
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
            mine = NOT_ANSWERED if item["value"] is None else fmt(item["value"])
            text = f"item {item['number']}: you {mine}"
            if has_second:
                theirs = NOT_ANSWERED if item["second"] is None else fmt(item["second"])
                text += f", {second_label} {theirs}"
            said.append(text)
        sentences.append(f"{title} \u2014 {'; '.join(said) or 'no items'}.")
    if has_second:
        if discuss:
            sentences.append(
                f"Ratings {_Q_DISCUSS} or more points apart, to talk about: items "
                f"{join_words(discuss)}."
            )
        else:
            sentences.append(f"No ratings are {_Q_DISCUSS} or more points apart.")
    return " ".join(sentences)


def _q_legend(has_second: bool, second_name: str, layout: _QLayout, low: int) -> list[str]:
    y = 22
    body = [_q_circle(18, y - 4, low, label=False)]
    x = 18 + _Q_RADIUS + 8
    body.append(svg_text(x, y, "Your rating", size=13)[0])
    x += text_width("Your rating", 13) + 28
    if has_second:
        body.append(_q_diamond(x + 3, y - 4, low, 11, label=False))
        x += 3 + 11 + 8
        name, _ = wrap(second_name, 220, 13, max_lines=1)
        body.append(svg_text(x, y, second_name, size=13, max_width=220)[0])
        x += text_width(name[0], 13) + 28
        if layout.narrow:  # "talk about this" on a line of its own
            x, y = 8, y + 22
        body.append(
            f'<rect {attrs(x=x, y=y - 14, width=26, height=18, rx=3)} fill="{HIGHLIGHT}" '
            f'stroke="{INK}" stroke-width="2.5"/>'
        )
        x += 34
        body.append(
            svg_text(
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
        svg_text(
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
            svg_text(
                layout.x(tick, low, high), y + 12, str(tick), size=11.5, anchor="middle", fill=MUTED
            )[0]
        )
    left, right = ("left statement", "right statement") if layout.label_w else ("A", "B")
    body.append(svg_text(layout.left_end, y + 12, left, size=11, anchor="end", fill=MUTED)[0])
    body.append(svg_text(layout.right_x, y + 12, right, size=11, fill=MUTED)[0])
    return body


def _q_row_height(item: dict, layout: _QLayout, *, talk: bool, notes: list[str]) -> float:
    if not layout.label_w:
        return 50 if layout.narrow and (talk or notes) else 32
    left_lines = len(wrap(item["left"], layout.label_w, _Q_SIZE, max_lines=_Q_LINES)[0])
    right_lines = len(wrap(item["right"], layout.label_w, _Q_SIZE, max_lines=_Q_LINES)[0])
    return max(max(left_lines, right_lines) * _Q_LH + 16, 48 if talk or notes else 32)


def _q_row_note(text: str, y: float, row_h: float, layout: _QLayout, **style) -> str:
    """Under the scale when statements flank it or the chart is narrow; else to the right."""
    if layout.label_w or layout.narrow:
        x, anchor, max_width = layout.scale_x0 + layout.scale_w / 2, "middle", layout.scale_w + 40
        baseline = y + 40
    else:
        x, anchor, max_width = layout.right_x + 30, None, layout.width - layout.right_x - 38
        baseline = y + row_h / 2 + 4
    return svg_text(x, baseline, text, anchor=anchor, max_width=max_width, **style)[0]


def _q_scale_path(y: float, layout: _QLayout, low: int, high: int) -> str:
    """The scale's line and its ticks as one path (one element to draw, not seven)."""
    steps = [f"M{num(layout.scale_x0)} {num(y)}H{num(layout.scale_x0 + layout.scale_w)}"]
    for tick in range(low, high + 1):
        steps.append(f"M{num(layout.x(tick, low, high))} {num(y - 5)}v10")
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
    body = [f"<g {attrs(class_=classes, data_number=item['number'])}>"]
    if talk:
        body.append(
            f"<rect {attrs(x=3, y=y + 1.5, width=layout.width - 6, height=row_h - 3, rx=4)} "
            f'fill="{HIGHLIGHT}" stroke="{INK}" stroke-width="2.5"/>'
        )
    elif striped:
        body.append(
            f"<rect {attrs(x=3, y=y + 1, width=layout.width - 6, height=row_h - 2)} "
            f'fill="{PANEL}"/>'
        )
    first = y + 6 + _Q_SIZE
    body.append(
        svg_text(
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
                svg_text(
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
    line_y = y + 17 if layout.label_w or layout.narrow else y + row_h / 2
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
    narrow: bool = False,
) -> str:
    """One row per item: left statement, the rating scale with markers, right statement.

    `stages`: ``[{"title": …, "items": [{"number": 1, "left": …, "right": …, "value": 2,
    "second": None}, …]}, …]``. `value` is the participant's rating (filled circle); `second`,
    when any item has one, is another person's (a diamond, named `second_label` in the
    legend). Rows where the two are 3 or more apart get a bold outline and "talk about this".
    With `statements=False` the rows show only the item numbers (for a page that lists the
    statements beside the chart, as the PDF does): much less text to set. `narrow`: the same,
    a phone's width, with the notes under each scale.
    """
    prefix = id_prefix_of(id_prefix)
    low, high = _q_scale(scale)
    layout = _Q_NARROW if narrow else _Q_WITH_STATEMENTS if statements else _Q_COMPACT
    prepared = _q_items(stages)
    has_second = any(item["second"] is not None for _, items in prepared for item in items)
    second_name = clean(second_label) or "Second rating"

    body = _q_legend(has_second, second_name, layout, low)
    y = 66 if layout.narrow and has_second else 44
    discuss = []
    row_index = 0
    for title, items in prepared:
        body.append('<g class="stage">')
        y += 22
        body.extend(_q_stage_head(title, y, layout, low, high))
        y += 26
        if not items:
            body.append(svg_text(40, y + 14, "No items", size=_Q_SIZE, italic=True, fill=MUTED)[0])
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
            svg_text(8, y, "No questionnaire items to show", size=13, italic=True, fill=MUTED)[0]
        )
    height = y + 12

    title = "Questionnaire answers"
    if has_second:
        title += f" compared with {second_name}"
    return svg_document(
        prefix=prefix,
        width=layout.width,
        height=height,
        title=title,
        desc=_q_describe(prepared, low, high, has_second, second_name, discuss),
        body=body,
        kind="questionnaire",
    )

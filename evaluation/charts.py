"""The report's chart: each construct's mean before (circle) and after (diamond) on the scale,
joined by a line, with both values written out. Server-made SVG, drawn with the workbook's chart
toolkit (worksheets/charts/svg.py); shown only for constructs the report shows (five or more)."""

from django.utils.safestring import mark_safe

from worksheets.charts.svg import (
    BLUE,
    GRID,
    INK,
    MUTED,
    VERMILION,
    attrs,
    join_words,
    svg_document,
    svg_text,
)

WIDTH = 900
LABEL_W = 330
AXIS_X = LABEL_W + 20
AXIS_W = WIDTH - AXIS_X - 90
TOP = 56
ROW = 34


def change_chart(rows: list[dict], *, low: int = 1, high: int = 5, id_prefix="change") -> str:
    """`rows`: the report's constructs ({"construct", "change"}); "" when none can be shown."""
    shown = [row for row in rows if row["change"] is not None]
    if not shown:
        return ""
    height = TOP + ROW * len(shown) + 16
    body = _axis(low, high, height)
    for index, row in enumerate(shown):
        body.append(_row(TOP + ROW * index, row, low, high))
    desc = join_words(
        [
            f"{row['construct'].title}: {row['change'].pre.mean:.2f} before, "
            f"{row['change'].post.mean:.2f} after"
            for row in shown
        ]
    )
    return mark_safe(
        svg_document(
            prefix=id_prefix,
            width=WIDTH,
            height=height,
            title="Mean before and after the course, per construct",
            desc=desc,
            body=body,
            kind="change",
        )
    )


def _x(value: float, low: int, high: int) -> float:
    return AXIS_X + AXIS_W * (value - low) / (high - low)


def _axis(low, high, height) -> list[str]:
    parts = [
        svg_text(AXIS_X, 20, "● before", size=13, fill=BLUE)[0],
        svg_text(AXIS_X + 90, 20, "◆ after", size=13, fill=VERMILION)[0],
    ]
    for point in range(low, high + 1):
        x = _x(point, low, high)
        parts.append(f'<line {attrs(x1=x, y1=TOP - 14, x2=x, y2=height - 10)} stroke="{GRID}"/>')
        parts.append(svg_text(x, TOP - 20, str(point), size=12, anchor="middle", fill=MUTED)[0])
    return parts


def _row(y, row, low, high) -> str:
    change = row["change"]
    title = row["construct"].title.removeprefix("Confidence: ")
    before, after = _x(change.pre.mean, low, high), _x(change.post.mean, low, high)
    diamond = f"{after},{y - 7} {after + 7},{y} {after},{y + 7} {after - 7},{y}"
    return "".join(
        [
            svg_text(LABEL_W, y + 4.5, title, size=13, anchor="end", max_width=LABEL_W - 10)[0],
            f'<line {attrs(x1=before, y1=y, x2=after, y2=y)} stroke="{INK}" stroke-width="2"/>',
            f'<circle {attrs(cx=before, cy=y, r=6)} fill="{BLUE}"/>',
            f'<polygon points="{diamond}" fill="{VERMILION}"/>',
            svg_text(
                max(before, after) + 14,
                y + 4.5,
                f"{change.pre.mean:.2f} → {change.post.mean:.2f}",
                size=12,
                fill=MUTED,
            )[0],
        ]
    )

"""The change after the course as server-made SVG (on worksheets' chart toolkit): the four-way
view's importance against focus in each round side by side, and each goal's timeline. A chart
is plain data until it is drawn (registered with worksheets.charts in apps.py)."""

from datetime import date

from worksheets.charts.svg import (
    BLUE,
    DARK_BLUE,
    GRID,
    INK,
    MUTED,
    NOT_ANSWERED,
    ORANGE,
    RULE,
    VERMILION,
    as_number,
    attrs,
    clean,
    fmt,
    id_prefix_of,
    svg_document,
    svg_text,
)

WIDTH = 900
MAX_ROUNDS = 4  # the course and the three latest check-ins fit side by side

# --- the four-way view, round by round ----------------------------------------------------------

_TITLE_W = 120
_HEAD = 64
_ROW = 64
_BAR_H = 16


def four_way_rounds_chart(spec, rounds: list[tuple[str, dict]], *, id_prefix) -> dict:
    """`rounds`: (label, values by field name) oldest first; the last MAX_ROUNDS are shown."""
    shown = rounds[-MAX_ROUNDS:]
    domains = [{"slug": d["slug"], "title": d["title"]} for d in spec["domains"]]
    return {
        "kind": "four_way_rounds",
        "domains": domains,
        "rounds": [
            {
                "label": label,
                "values": {
                    f"{m}_{d['slug']}": values.get(f"{m}_{d['slug']}")
                    for m in ("importance", "focus")
                    for d in domains
                },
            }
            for label, values in shown
        ],
        "id_prefix": id_prefix,
    }


def four_way_rounds_svg(*, domains, rounds, id_prefix="four-way-rounds") -> str:
    prefix = id_prefix_of(id_prefix)
    column = (WIDTH - _TITLE_W) / max(len(rounds), 1)
    body = [_legend()]
    for index, round_ in enumerate(rounds):
        x = _TITLE_W + index * column
        body.append(
            svg_text(
                x + 8, _HEAD - 12, clean(round_["label"]), size=13, bold=True, max_width=column - 16
            )[0]
        )
        if index:
            body.append(
                f"<line {attrs(x1=x, y1=_HEAD - 30, x2=x, y2=_HEAD + _ROW * len(domains))} "
                f'stroke="{GRID}" stroke-width="1"/>'
            )
    for row, domain in enumerate(domains):
        top = _HEAD + row * _ROW
        body.append(
            svg_text(
                12, top + 22, clean(domain["title"]), size=14, bold=True, max_width=_TITLE_W - 16
            )[0]
        )
        for index, round_ in enumerate(rounds):
            x = _TITLE_W + index * column + 8
            body.append(_bars(x, top + 6, column - 60, round_["values"], domain["slug"]))
    height = _HEAD + _ROW * max(len(domains), 1) + 10
    return svg_document(
        prefix=prefix,
        width=WIDTH,
        height=height,
        title="The four-way view then and now: importance and focus in each round",
        desc=_describe(domains, rounds),
        body=body,
        kind="four-way-rounds",
    )


def _legend() -> str:
    parts = []
    x = 12
    for label, fill in (
        ("Importance (how much it matters)", BLUE),
        ("Focus (where time goes)", ORANGE),
    ):
        parts.append(
            f'<rect {attrs(x=x, y=8, width=18, height=12)} fill="{fill}" '
            f'stroke="{INK}" stroke-width="0.8"/>'
        )
        parts.append(svg_text(x + 24, 19, label, size=12)[0])
        x += 300
    return "".join(parts)


def _bars(x, y, length, values, domain) -> str:
    parts = []
    for offset, measure, fill, stroke, letter in (
        (0, "importance", BLUE, DARK_BLUE, "I"),
        (_BAR_H + 6, "focus", ORANGE, "#6B4400", "F"),
    ):
        value = as_number(values.get(f"{measure}_{domain}"))
        if value is None:
            parts.append(
                svg_text(
                    x,
                    y + offset + 12,
                    f"{letter}: {NOT_ANSWERED}",
                    size=11,
                    italic=True,
                    fill=MUTED,
                )[0]
            )
            continue
        width = length * min(max(value, 0), 100) / 100
        parts.append(
            f"<rect {attrs(x=x, y=y + offset, width=max(width, 1), height=_BAR_H)} "
            f'fill="{fill}" stroke="{stroke}" stroke-width="1"/>'
        )
        parts.append(
            svg_text(
                x + width + 4, y + offset + 12, f"{letter} {fmt(value)}%", size=11.5, bold=True
            )[0]
        )
    return "".join(parts)


def _describe(domains, rounds) -> str:
    if not rounds:
        return "No rounds of the four-way view yet."
    sentences = [f"{len(rounds)} round{'s' if len(rounds) != 1 else ''} of the four-way view."]
    for round_ in rounds:
        said = []
        for d in domains:
            i = as_number(round_["values"].get(f"importance_{d['slug']}"))
            f = as_number(round_["values"].get(f"focus_{d['slug']}"))
            said.append(f"{clean(d['title'])} importance {_said(i)}, focus {_said(f)}")
        sentences.append(f"{clean(round_['label'])}: " + "; ".join(said) + ".")
    return " ".join(sentences)


def _said(value) -> str:
    return NOT_ANSWERED if value is None else f"{fmt(value)}%"


# --- a goal's timeline --------------------------------------------------------------------------

_LINE_Y = 58
_LEFT, _RIGHT = 90, WIDTH - 90  # room for the dates written under the first and last marks
MARKS = {  # status: (fill, shape); the status is also written beside each mark
    "not_started": ("#FFFFFF", "circle"),
    "under_way": (BLUE, "circle"),
    "done": ("#009E73", "square"),
    "dropped": (VERMILION, "cross"),
}
MAX_POINTS = 10


def goal_timeline_chart(*, title, start: date, target: date | None, today: date, points, id_prefix):
    """`points`: [(date, status slug, status label)] oldest first; the latest MAX_POINTS."""
    return {
        "kind": "goal_timeline",
        "title": title,
        "start": start.isoformat(),
        "target": target.isoformat() if target else None,
        "today": today.isoformat(),
        "points": [[on.isoformat(), slug, label] for on, slug, label in points[-MAX_POINTS:]],
        "id_prefix": id_prefix,
    }


def goal_timeline_svg(*, title, start, target, today, points, id_prefix="goal-timeline") -> str:
    prefix = id_prefix_of(id_prefix)
    days = [date.fromisoformat(d) for d in [start, today, target, *[p[0] for p in points]] if d]
    first, last = min(days), max(days)
    span = max((last - first).days, 1)

    def x_of(day: str) -> float:
        return _LEFT + (_RIGHT - _LEFT) * (date.fromisoformat(day) - first).days / span

    body = [svg_text(12, 20, clean(title), size=13, bold=True, max_width=WIDTH - 24)[0]]
    body.append(
        f"<line {attrs(x1=_LEFT, y1=_LINE_Y, x2=_RIGHT, y2=_LINE_Y)} "
        f'stroke="{RULE}" stroke-width="2"/>'
    )
    body.append(_tick(x_of(today), "today", MUTED))
    if target:
        body.append(_tick(x_of(target), f"target {_short(target)}", VERMILION, dashed=True, up=12))
    for index, (on, slug, label) in enumerate(points):
        body.append(_mark(x_of(on), slug))
        below = _LINE_Y + 24 + (index % 2) * 14  # alternate rows so neighbours do not collide
        body.append(
            svg_text(
                x_of(on),
                below,
                f"{_short(on)} {clean(label).lower()}",
                size=10.5,
                anchor="middle",
                fill=INK,
            )[0]
        )
    if not points:
        body.append(
            svg_text(_LEFT, _LINE_Y + 26, "No notes yet", size=11, italic=True, fill=MUTED)[0]
        )
    return svg_document(
        prefix=prefix,
        width=WIDTH,
        height=_LINE_Y + 56,
        title=f"Timeline of the goal: {clean(title)}",
        desc=_describe_goal(start, target, points),
        body=body,
        kind="goal-timeline",
    )


def _tick(x, label, colour, dashed=False, up=0) -> str:
    dash = ' stroke-dasharray="4 3"' if dashed else ""
    return (
        f'<line {attrs(x1=x, y1=_LINE_Y - 16, x2=x, y2=_LINE_Y + 8)} stroke="{colour}" '
        f'stroke-width="1.5"{dash}/>'
        + svg_text(x, _LINE_Y - 20, label, size=10.5, anchor="middle", fill=colour)[0]
    )


def _mark(x, slug) -> str:
    fill, shape = MARKS.get(slug, MARKS["not_started"])
    if shape == "square":
        square = attrs(x=x - 6, y=_LINE_Y - 6, width=12, height=12)
        return f'<rect {square} fill="{fill}" stroke="{INK}"/>'
    if shape == "cross":
        return (
            f'<path d="M{x - 6:.1f},{_LINE_Y - 6} l12,12 m0,-12 l-12,12" stroke="{fill}" '
            'stroke-width="3"/>'
        )
    circle = attrs(cx=x, cy=_LINE_Y, r=6.5)
    return f'<circle {circle} fill="{fill}" stroke="{INK}" stroke-width="1.5"/>'


def _short(day: str) -> str:
    return f"{date.fromisoformat(day):%d %b %Y}".lstrip("0")


def _describe_goal(start, target, points) -> str:
    parts = [f"Written on {_short(start)}."]
    parts += [f"{_short(on)}: {clean(label)}." for on, _slug, label in points]
    parts.append(f"Target date {_short(target)}." if target else "No target date.")
    return " ".join(parts)

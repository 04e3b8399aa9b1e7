"""The four-way view: importance against focus per domain, with the two 1-10 ratings."""

from .svg import (
    BLUE,
    DARK_BLUE,
    GRID,
    INK,
    MUTED,
    NOT_ANSWERED,
    ORANGE,
    RULE,
    as_number,
    attrs,
    clean,
    fmt,
    id_prefix_of,
    svg_document,
    svg_text,
    text_width,
)

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


def _fw_bar(
    y: float,
    label: str,
    value: float | None,
    fill: str,
    stroke: str,
    bar_x: float = _FW_BAR_X,
    bar_w: float = _FW_BAR_W,
) -> str:
    parts = [
        svg_text(
            bar_x - 8,
            y + 15.5,
            label,
            size=12.5,
            anchor="end",
            fill=MUTED,
        )[0]
    ]
    if value is None:
        parts.append(
            f"<rect {attrs(x=bar_x, y=y, width=bar_w, height=_FW_BAR_H)} "
            f'fill="none" stroke="{RULE}" stroke-width="1" stroke-dasharray="4 3"/>'
        )
        parts.append(
            svg_text(
                bar_x + 8,
                y + 15.5,
                NOT_ANSWERED,
                size=12.5,
                italic=True,
                fill=MUTED,
                css_class="missing",
            )[0]
        )
        return "".join(parts)
    length = bar_w * min(max(value, 0), 100) / 100
    if length > 0:
        parts.append(
            f"<rect {attrs(x=bar_x, y=y, width=length, height=_FW_BAR_H)} "
            f'fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>'
        )
    parts.append(
        svg_text(
            bar_x + length + 7,
            y + 16,
            f"{fmt(value)}%",
            size=13.5,
            bold=True,
            css_class="value",
        )[0]
    )
    return "".join(parts)


def _fw_rating(x: float, y: float, value: float | None) -> str:
    if value is None:
        return svg_text(
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
        f'<text {attrs(x=x, y=y, font_size=20, text_anchor="middle", fill=INK)} class="value">'
        f'<tspan font-weight="bold">{fmt(value)}</tspan>'
        f'<tspan font-size="13" fill="{MUTED}"> / 10</tspan></text>'
    )


def _fw_describe(rows) -> str:
    if not rows:
        return "Four-way view: no domains to show."
    sentences = [f"Four-way view of {len(rows)} life domains."]
    gaps = []
    for title, _subtitle, importance, focus, satisfaction, performance in rows:

        def said(value, unit):
            return NOT_ANSWERED if value is None else f"{fmt(value)}{unit}"

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
            f"Biggest gap: {title}, where focus is {fmt(abs(gap))} points {direction} importance."
        )
    return " ".join(sentences)


def four_way_view_svg(
    *, domains: list[dict], id_prefix: str = "four-way-view", narrow: bool = False
) -> str:
    """Importance against focus for each life domain as paired bars, ratings beside them.

    `domains`: ``[{"title": "Work", "importance": 40, "focus": 55, "satisfaction": 6,
    "performance": 7}, …]``; percentages 0 to 100, ratings 1 to 10, any of them may be None.
    An optional ``"subtitle"`` is shown under the domain's title. `narrow` (a phone): each
    domain's title above its bars and its ratings under them, 380 wide.
    """
    prefix = id_prefix_of(id_prefix)
    rows = _fw_rows(domains)
    if narrow:
        return _four_way_narrow(rows, prefix)
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
            f'<rect {attrs(x=x, y=14, width=22, height=16)} fill="{fill}" '
            f'stroke="{stroke}" stroke-width="1.5"/>'
        )
        body.append(svg_text(x + 30, 27, label, size=13)[0])
        x += 30 + text_width(label, 13) + 34
    body.append('<g class="legend-ratings">')
    body.append(svg_text(_FW_BAR_X, 66, "Share of your life", size=12.5, bold=True)[0])
    for x in (_FW_SAT_X, _FW_PERF_X):
        label = "Satisfaction" if x == _FW_SAT_X else "Performance"
        body.append(svg_text(x, 60, label, size=12.5, bold=True, anchor="middle")[0])
        body.append(svg_text(x, 76, "out of 10", size=11, anchor="middle", fill=MUTED)[0])
    body.append("</g>")

    # Grid lines and the percentage axis.
    bottom = _FW_TOP + max(len(rows), 1) * _FW_ROW
    for tick in (0, 25, 50, 75, 100):
        x = _FW_BAR_X + _FW_BAR_W * tick / 100
        dashes = "" if tick == 0 else ' stroke-dasharray="3 3"'
        body.append(
            f'<line {attrs(x1=x, y1=_FW_TOP - 6, x2=x, y2=bottom)} stroke="{GRID}" '
            f'stroke-width="1"{dashes}/>'
        )
        body.append(svg_text(x, bottom + 18, f"{tick}%", size=11.5, anchor="middle", fill=MUTED)[0])

    if not rows:
        body.append(
            svg_text(
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
                f"<line {attrs(x1=12, y1=top - 6, x2=_FW_WIDTH - 12, y2=top - 6)} "
                f'stroke="{GRID}" stroke-width="1"/>'
            )
        markup, lines = svg_text(
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
                svg_text(
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

    return svg_document(
        prefix=prefix,
        width=_FW_WIDTH,
        height=height,
        title="Four-way view: importance, focus, satisfaction and performance",
        desc=_fw_describe(rows),
        body=body,
        kind="four-way-view",
        defs=_fw_hatch(prefix),
    )


def _fw_rows(domains) -> list[tuple]:
    rows = []
    for domain in domains or []:
        domain = domain or {}
        rows.append(
            (
                clean(domain.get("title")) or "Untitled",
                clean(domain.get("subtitle")),
                as_number(domain.get("importance")),
                as_number(domain.get("focus")),
                as_number(domain.get("satisfaction")),
                as_number(domain.get("performance")),
            )
        )
    return rows


_FW_NARROW_WIDTH = 380
_FW_NARROW_BAR_X = 96
_FW_NARROW_BAR_W = 220
_FW_NARROW_BLOCK = 128  # a domain: title, two bars, its two ratings


def _fw_rated(value) -> str:
    return NOT_ANSWERED if value is None else f"{fmt(value)} / 10"


def _four_way_narrow(rows, prefix: str) -> str:
    """The four-way view for a phone: a block per domain, one under the other."""
    hatch = f"url(#{prefix}-hatch)"
    body = []
    for line, (label, fill, stroke) in enumerate(
        (
            ("Importance: how much it matters", BLUE, DARK_BLUE),
            ("Focus: where time goes", hatch, "#6B4400"),
        )
    ):
        y = 12 + line * 24
        body.append(
            f'<rect {attrs(x=12, y=y, width=22, height=16)} fill="{fill}" '
            f'stroke="{stroke}" stroke-width="1.5"/>'
        )
        body.append(svg_text(42, y + 13, label, size=13)[0])
    top = 64
    if not rows:
        body.append(
            svg_text(12, top + 20, "No domains to show", size=13, italic=True, fill=MUTED)[0]
        )
    for index, (title, subtitle, importance, focus, satisfaction, performance) in enumerate(rows):
        y = top + index * _FW_NARROW_BLOCK
        body.append('<g class="domain">')
        body.append(
            f"<line {attrs(x1=8, y1=y - 8, x2=_FW_NARROW_WIDTH - 8, y2=y - 8)} "
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        heading = f"{title} ({subtitle})" if subtitle else title
        body.append(
            svg_text(
                12,
                y + 12,
                heading,
                size=14.5,
                bold=True,
                max_width=_FW_NARROW_WIDTH - 24,
                css_class="domain-title",
            )[0]
        )
        for row, (label, value, fill, stroke) in enumerate(
            (("Importance", importance, BLUE, DARK_BLUE), ("Focus", focus, hatch, "#6B4400"))
        ):
            body.append(
                _fw_bar(
                    y + 24 + row * (_FW_BAR_H + 8),
                    label,
                    value,
                    fill,
                    stroke,
                    bar_x=_FW_NARROW_BAR_X,
                    bar_w=_FW_NARROW_BAR_W,
                )
            )
        ratings = f"Satisfaction {_fw_rated(satisfaction)} · Performance {_fw_rated(performance)}"
        body.append(
            svg_text(
                12, y + 104, ratings, size=13, max_width=_FW_NARROW_WIDTH - 24, css_class="value"
            )[0]
        )
        body.append("</g>")
    height = top + max(len(rows), 1) * _FW_NARROW_BLOCK
    return svg_document(
        prefix=prefix,
        width=_FW_NARROW_WIDTH,
        height=height,
        title="Four-way view: importance, focus, satisfaction and performance",
        desc=_fw_describe(rows),
        body=body,
        kind="four-way-view",
        defs=_fw_hatch(prefix),
    )

"""Tags for the workbook PDF: charts as images, and marks drawn as font glyphs.

WeasyPrint lays out every inline-block on its own, and a questionnaire row of six CSS dots costs
more than the row's text; a glyph costs what a letter costs. DejaVu Sans, the PDF's first font,
has all the glyphs used here."""

from django import template
from django.utils.html import format_html

from worksheets import charts
from worksheets.charts.labels import CHART_WIDTH_MM, printable_chart

register = template.Library()


@register.simple_tag(takes_context=True)
def chart_image(context, chart: dict, alt: str) -> str:
    """A server-made chart (plain chart data, drawn here): its shapes as an <img>, whose SVG is
    kept for the PDF's fetcher to serve (worksheets/pdf: render_html collects it in
    `chart_files`), and its words as HTML labels on top (see charts/labels.py)."""
    files = context["chart_files"]
    name = f"chart-{len(files) + 1}.svg"
    printable = printable_chart(str(charts.draw(chart)))
    files[name] = printable.svg
    # The canvas is as wide as the labels' places were worked out for.
    return format_html(
        '<div class="chart-canvas" style="width: {}mm">'
        '<img class="chart-image" src="/charts/{}" alt="{}">{}</div>',
        CHART_WIDTH_MM,
        name,
        alt,
        printable.labels,
    )


CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"  # U+2460…
CIRCLED_FILLED = "❶❷❸❹❺❻❼❽❾❿"  # U+2776…
TICKED, UNTICKED = "☑", "☐"
STAR, NO_STAR = "★", "☆"


@register.simple_tag
def scale_mark(number: int, chosen) -> str:
    """One point of a rating scale: a circled number, filled and bold when it is the choice."""
    is_chosen = number == chosen
    if 1 <= number <= len(CIRCLED):
        glyph = (CIRCLED_FILLED if is_chosen else CIRCLED)[number - 1]
    else:  # no circled glyph in the font: the number itself, bracketed when chosen
        glyph = f"[{number}]" if is_chosen else f" {number} "
    if is_chosen:
        return format_html('<span class="is-on">{}</span>', glyph)
    return glyph


@register.simple_tag
def tick_box(ticked, star=False) -> str:
    """A check box, ticked or not; `star=True`: a priority star instead of a tick."""
    on, off = (STAR, NO_STAR) if star else (TICKED, UNTICKED)
    if ticked:
        return format_html('<span class="mark is-on">{}</span>', on)
    return format_html('<span class="mark">{}</span>', off)

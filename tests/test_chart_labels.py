"""In the PDF, a chart's words are HTML laid over its shapes: at the place and size the SVG gave
them, and shaped as whole words, so names in Arabic or Chinese print as written."""

import io
import re

import pytest
from pypdf import PdfReader

from worksheets.charts.labels import BASELINE_EM, CHART_WIDTH_MM, PT_PER_MM, printable_chart
from worksheets.models import MentorMapEntry
from worksheets.pdf import workbook_pdf

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 840 100" width="100%">'
    '<title id="t">A chart</title><rect x="0" y="0" width="840" height="100" fill="#FFFFFF"/>'
    '<g class="row"><text x="100" y="50" font-size="10" fill="#595959">Start &amp; go</text>'
    '<circle cx="200" cy="50" r="8"/></g>'
    '<text x="420" y="20" font-size="20" text-anchor="middle" class="value">'
    '<tspan font-weight="bold">7</tspan><tspan font-size="13" fill="#595959"> / 10</tspan></text>'
    '<text x="800" y="90" font-size="12" text-anchor="end" font-style="italic">'
    '<title>A long label, cut</title><tspan x="800" y="80">A long</tspan>'
    '<tspan x="800" y="95">label</tspan></text>'
    "</svg>"
)
MM_PER_UNIT = CHART_WIDTH_MM / 840


def label_styles(labels: str) -> dict[str, dict[str, str]]:
    """Each label's style, by the words it starts with."""
    return {
        words: dict(rule.split(":", 1) for rule in style.split(";"))
        for style, words in re.findall(r'class="chart-label" style="([^"]+)">([^<]*)', labels)
    }


def test_the_svg_keeps_its_shapes_and_loses_its_words():
    chart = printable_chart(SVG)
    assert "<text" not in chart.svg
    assert "tspan" not in chart.svg
    assert "<circle" in chart.svg
    assert "<title" in chart.svg
    assert 'xmlns="http://www.w3.org/2000/svg"' in chart.svg


def test_each_word_lands_where_the_svg_put_it():
    chart = printable_chart(SVG)
    styles = label_styles(chart.labels)
    start, middle = styles["Start &amp; go"], styles[""]
    first_line, second_line = styles["A long"], styles["label"]

    assert float(start["left"].removesuffix("mm")) == pytest.approx(100 * MM_PER_UNIT, abs=0.01)
    baseline = float(start["top"].removesuffix("mm")) + BASELINE_EM * 10 * MM_PER_UNIT
    assert baseline == pytest.approx(50 * MM_PER_UNIT, abs=0.01)
    assert float(start["font-size"].removesuffix("pt")) == pytest.approx(
        10 * MM_PER_UNIT * PT_PER_MM, abs=0.01
    )
    assert start["color"] == "#595959"

    assert middle["text-align"] == "center"  # a box centred on x
    box = float(middle["width"].removesuffix("mm"))
    assert float(middle["left"].removesuffix("mm")) + box / 2 == pytest.approx(
        420 * MM_PER_UNIT, abs=0.01
    )

    assert first_line["text-align"] == second_line["text-align"] == "right"
    assert first_line["font-style"] == "italic"
    tops = [float(line["top"].removesuffix("mm")) for line in (first_line, second_line)]
    assert tops[0] < tops[1]


def test_words_keep_their_inline_styles_and_are_escaped_and_tooltips_are_left_out():
    labels = printable_chart(SVG).labels
    assert ">Start &amp; go</span>" in labels
    assert '<span style="font-weight:bold">7</span>' in labels
    assert '<span style="color:#595959;font-size:0.650em"> / 10</span>' in labels
    assert "A long label, cut" not in labels
    assert ">A long</span>" in labels
    assert ">label</span>" in labels


@pytest.mark.django_db
def test_an_arabic_name_on_the_mentor_map_prints_joined_and_in_order(demo):
    name = "سمير حداد"
    entry = MentorMapEntry.objects.filter(enrollment=demo).exclude(name="").first()
    entry.name = name
    entry.save()
    reader = PdfReader(io.BytesIO(workbook_pdf(demo).content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert text.count(name) == 2  # on the map's card and in the table below it

"""On a phone the charts are drawn for its width, not shrunk or cut: the questionnaire's profile
without the statements (listed above it) and its notes under each scale, the mentor map as one
column of cards under the participant."""

import re

import pytest

from worksheets import charts
from worksheets.charts.questionnaire import questionnaire_profile_svg
from worksheets.charts.svg import NOT_ANSWERED

pytestmark = pytest.mark.django_db


def view_box_width(svg: str) -> float:
    return float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))


STAGES = [
    {
        "title": "Stage one",
        "items": [
            {"number": 1, "left": "Left one", "right": "Right one", "value": 1, "second": 6},
            {"number": 2, "left": "Left two", "right": "Right two", "value": None, "second": 3},
        ],
    }
]


def test_the_narrow_questionnaire_fits_a_phone_with_its_notes_inside():
    svg = questionnaire_profile_svg(
        stages=STAGES, second_label="Prof. Park", narrow=True, id_prefix="q"
    )
    width = view_box_width(svg)
    assert width <= 400
    assert "talk about this" in svg
    assert f"you: {NOT_ANSWERED}" in svg
    for x in re.findall(r'<text[^>]* x="([\d.]+)"', svg):
        assert float(x) < width  # no word starts off the chart's right edge
    assert "Left one" not in svg  # the statements are listed above the chart on the page


def test_the_narrow_mentor_map_is_one_card_wide_with_every_group():
    groups = [
        {"title": f"Group {n}", "categories": [{"title": f"Kind {n}", "names": [f"Name {n}"]}]}
        for n in range(1, 6)
    ]
    wide = charts.draw({"kind": "mentor_map", "person": "Ana", "groups": groups, "id_prefix": "m"})
    narrow = charts.draw(
        {"kind": "mentor_map", "person": "Ana", "groups": groups, "id_prefix": "m", "narrow": True}
    )
    assert view_box_width(narrow) < 320 < view_box_width(wide)
    for n in range(1, 6):
        assert f"Group {n}" in narrow
        assert f"Name {n}" in narrow


def test_pages_get_both_drawings_with_their_own_ids():
    chart = {"kind": "mentor_map", "person": "Ana", "groups": [], "id_prefix": "map-7"}
    html = str(charts.draw_for_screens(chart))
    assert html.count("<svg") == 2
    assert 'class="chart-wide"' in html
    assert 'class="chart-narrow"' in html
    assert 'id="map-7-title"' in html
    assert 'id="map-7-narrow-title"' in html

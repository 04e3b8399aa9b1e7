"""The inline SVG charts: well-formed, accessible, escaped, and robust to missing answers."""

import xml.etree.ElementTree as ET

import pytest

from worksheets.charts.four_way import four_way_view_svg
from worksheets.charts.mentor_map import mentor_map_svg
from worksheets.charts.questionnaire import questionnaire_profile_svg

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert(1)</script> & \" ' ]]>"
LONG = "Extraordinarily long label " * 11 + "THE END"  # about 300 characters
ELLIPSIS = "\u2026"


# --- helpers ------------------------------------------------------------------------------------


def parse(markup: str) -> ET.Element:
    assert markup.startswith("<svg")
    return ET.fromstring(markup)


def tag(element: ET.Element) -> str:
    return element.tag.removeprefix(SVG)


def visible_text(element: ET.Element) -> str:
    """The text an element draws: its own and its children's, leaving out <title> tooltips."""
    parts = [element.text or ""]
    for child in element:
        if tag(child) not in ("title", "desc"):
            parts.append(visible_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def drawn_texts(root: ET.Element) -> list[str]:
    return [visible_text(text) for text in root.iter(f"{SVG}text")]


def all_drawn(root: ET.Element) -> str:
    return "\n".join(drawn_texts(root))


def tooltips(root: ET.Element) -> list[tuple[str, str]]:
    """(full text, drawn text) for every <text> that carries a <title> tooltip."""
    pairs = []
    for text in root.iter(f"{SVG}text"):
        title = text.find(f"{SVG}title")
        if title is not None:
            pairs.append((title.text, visible_text(text)))
    return pairs


def chart_title_and_desc(root: ET.Element) -> tuple[str, str]:
    ids = root.get("aria-labelledby").split()
    by_id = {element.get("id"): element for element in root.iter() if element.get("id")}
    assert len(ids) == 2
    title, desc = (by_id[i] for i in ids)
    assert (tag(title), tag(desc)) == ("title", "desc")
    assert list(root)[:2] == [title, desc]  # the svg's first children
    return title.text, desc.text


def assert_accessible_svg(markup: str) -> ET.Element:
    root = parse(markup)
    assert tag(root) == "svg"
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert len(root.get("viewBox").split()) == 4
    assert root.get("font-family") == "DejaVu Sans, Helvetica, Arial, sans-serif"
    title, desc = chart_title_and_desc(root)
    assert title.strip()
    assert desc.strip()
    return root


def assert_safe(markup: str) -> None:
    root = parse(markup)
    forbidden = {"script", "foreignObject", "image", "style", "a", "iframe"}
    assert not any(tag(element) in forbidden for element in root.iter())
    assert "<script" not in markup
    assert "]]>" not in markup
    assert "<?xml" not in markup


def mentor_groups() -> list[dict]:
    return [
        {
            "title": "Substantive feedback",
            "categories": [
                {"title": "Department colleagues", "names": ["Dr. Lee", "Prof. Park"]},
                {"title": "Professional editors", "names": []},
                {"title": "Readers", "names": ["Maya", "Journal club", "Dr. Osei"]},
            ],
        },
        {
            "title": "Access to opportunities",
            "categories": [
                {"title": "Internal mentors", "names": ["Prof. Ruiz"]},
                {"title": "Peer mentors", "names": ["Dr. Weiss"]},
                {"title": "External mentors", "names": ["Dr. Hoffmann", "Dr. Mensah"]},
            ],
        },
        {
            "title": "Professional development",
            "categories": [
                {"title": "Internal", "names": ["Postdoc office"]},
                {"title": "External", "names": ["NIH webinars"]},
            ],
        },
        {
            "title": "Emotional support",
            "categories": [
                {"title": "Friends", "names": ["Tom", "Rachel"]},
                {"title": "Family", "names": ["My parents"]},
                {"title": "Other", "names": ["Counselling service"]},
            ],
        },
        {"title": "Community", "categories": [{"title": "Community", "names": ["Climbing gym"]}]},
        {"title": "Role models", "categories": [{"title": "Role models", "names": ["Prof. Kim"]}]},
        {
            "title": "Accountability",
            "categories": [{"title": "Accountability", "names": ["Dr. Nair"]}],
        },
    ]


def domains() -> list[dict]:
    return [
        {"title": "Work", "importance": 40, "focus": 55, "satisfaction": 6, "performance": 7},
        {"title": "Home", "importance": 30, "focus": 25, "satisfaction": 5, "performance": 6},
        {"title": "Community", "importance": 10, "focus": 5, "satisfaction": 4, "performance": 3},
        {"title": "Self", "importance": 20, "focus": 15, "satisfaction": 3, "performance": 4},
    ]


def item(number, value, second=None, left=None, right=None) -> dict:
    return {
        "number": number,
        "left": left or f"Left statement {number}",
        "right": right or f"Right statement {number}",
        "value": value,
        "second": second,
    }


def stages(pairs) -> list[dict]:
    """Three stages (8, 4 and 7 items) from 19 (value, second) pairs."""
    items = [item(number, value, second) for number, (value, second) in enumerate(pairs, 1)]
    return [
        {"title": "Early stages", "items": items[:8]},
        {"title": "Middle stages", "items": items[8:12]},
        {"title": "Advanced stages", "items": items[12:]},
    ]


CHARTS = {
    "mentor map": lambda **kw: mentor_map_svg(person="Alex Rivera", groups=mentor_groups(), **kw),
    "four-way view": lambda **kw: four_way_view_svg(domains=domains(), **kw),
    "questionnaire": lambda **kw: questionnaire_profile_svg(
        stages=stages([(3, 4)] * 19), second_label="Mentor", **kw
    ),
}


# --- all three charts ---------------------------------------------------------------------------


@pytest.mark.parametrize("chart", CHARTS.values(), ids=CHARTS.keys())
def test_chart_is_well_formed_accessible_svg(chart):
    markup = chart()
    assert_accessible_svg(markup)
    assert_safe(markup)


@pytest.mark.parametrize("chart", CHARTS.values(), ids=CHARTS.keys())
def test_chart_ids_follow_id_prefix_so_two_charts_can_share_a_page(chart):
    first, second = parse(chart(id_prefix="one")), parse(chart(id_prefix="two"))
    first_ids = {e.get("id") for e in first.iter() if e.get("id")}
    second_ids = {e.get("id") for e in second.iter() if e.get("id")}
    assert first_ids
    assert all(i.startswith("one-") for i in first_ids)
    assert not first_ids & second_ids


@pytest.mark.parametrize("chart", CHARTS.values(), ids=CHARTS.keys())
def test_chart_makes_a_hostile_id_prefix_safe(chart):
    markup = chart(id_prefix='x" onload="alert(1)')
    root = assert_accessible_svg(markup)
    assert root.get("onload") is None
    assert all(" " not in e.get("id") for e in root.iter() if e.get("id"))


# --- mentor map ---------------------------------------------------------------------------------


def test_mentor_map_shows_person_groups_categories_and_names():
    root = assert_accessible_svg(mentor_map_svg(person="Alex Rivera", groups=mentor_groups()))
    drawn = all_drawn(root)
    assert "Alex Rivera" in drawn
    for group in mentor_groups():
        assert group["title"] in drawn
        for category in group["categories"]:
            assert category["title"] in drawn
            for name in category["names"]:
                assert name in drawn
    # One node per group, each joined to the participant in the middle.
    assert len(root.findall(f".//{SVG}g[@class='mentor-group']")) == 7
    assert len(root.findall(f".//{SVG}g[@class='links']/{SVG}line")) == 7
    assert len(root.findall(f".//{SVG}g[@class='participant']/{SVG}circle")) == 1


def test_mentor_map_desc_lists_the_people_in_words():
    root = parse(mentor_map_svg(person="Alex Rivera", groups=mentor_groups()))
    _, desc = chart_title_and_desc(root)
    assert "Alex Rivera" in desc
    assert "Department colleagues: Dr. Lee and Prof. Park" in desc
    assert "Professional editors: no one yet" in desc
    assert "1 of 14 categories have no one yet" in desc


def test_mentor_map_marks_empty_categories_as_no_one_yet():
    root = parse(mentor_map_svg(person="Alex Rivera", groups=mentor_groups()))
    assert drawn_texts(root).count("\u2014 no one yet") == 1


def test_mentor_map_escapes_names():
    groups = [{"title": HOSTILE, "categories": [{"title": HOSTILE, "names": [HOSTILE]}]}]
    markup = mentor_map_svg(person=HOSTILE, groups=groups)
    assert_safe(markup)
    root = assert_accessible_svg(markup)
    assert HOSTILE in drawn_texts(root)
    assert HOSTILE in chart_title_and_desc(root)[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot; &#x27; ]]&gt;" in markup


def test_mentor_map_survives_none_values_and_empty_groups():
    groups = [
        {"title": None, "categories": None},
        {"title": "Empty group", "categories": []},
        {"title": "Half filled", "categories": [{"title": None, "names": [None, "", "Dr. Lee"]}]},
        {"title": "Nobody", "categories": [{"title": "Friends", "names": None}]},
    ]
    root = assert_accessible_svg(mentor_map_svg(person=None, groups=groups))
    drawn = all_drawn(root)
    assert "Dr. Lee" in drawn
    assert "None" not in drawn
    assert "no one yet" in drawn
    assert_accessible_svg(mentor_map_svg(person="", groups=[]))


def test_mentor_map_truncates_long_labels_but_keeps_them_in_tooltips():
    category = f"Category {LONG}"
    groups = [{"title": LONG, "categories": [{"title": category, "names": [LONG]}]}]
    root = parse(mentor_map_svg(person=LONG, groups=groups))
    pairs = tooltips(root)
    assert len(pairs) == 4  # person, group title, category title, name
    assert [full for full, _ in pairs].count(category) == 1
    for full, drawn in pairs:
        assert full in (LONG, category)
        assert drawn.endswith(ELLIPSIS)
        assert len(drawn) < len(LONG) / 2
        assert "THE END" not in drawn


def test_mentor_map_keeps_short_labels_whole_without_tooltips():
    root = parse(mentor_map_svg(person="Alex Rivera", groups=mentor_groups()))
    assert tooltips(root) == []
    assert not any(ELLIPSIS in text for text in drawn_texts(root))


def test_mentor_map_fits_the_participant_and_seven_groups_in_about_900_by_700():
    root = parse(mentor_map_svg(person="Alex Rivera", groups=mentor_groups()))
    _, _, width, height = (float(n) for n in root.get("viewBox").split())
    assert width == 900
    assert 400 <= height <= 800


# --- four-way view ------------------------------------------------------------------------------


def test_four_way_view_labels_every_domain_and_value_in_text():
    root = assert_accessible_svg(four_way_view_svg(domains=domains()))
    texts = drawn_texts(root)
    for domain in domains():
        assert domain["title"] in texts
        assert f"{domain['importance']}%" in texts
        assert f"{domain['focus']}%" in texts
        assert f"{domain['satisfaction']} / 10" in texts
        assert f"{domain['performance']} / 10" in texts
    drawn = all_drawn(root)
    assert "Importance" in drawn
    assert "Focus" in drawn  # the legend names both bar fills in words


def test_four_way_view_draws_importance_and_focus_with_different_fills():
    root = parse(four_way_view_svg(domains=domains(), id_prefix="fw"))
    fills = {rect.get("fill") for rect in root.iter(f"{SVG}rect")}
    assert "url(#fw-hatch)" in fills  # focus: a hatch pattern defined in the chart
    assert root.find(f".//{SVG}pattern[@id='fw-hatch']") is not None
    assert "#0072B2" in fills  # importance: solid blue


def test_four_way_view_desc_summarises_the_data():
    _, desc = chart_title_and_desc(parse(four_way_view_svg(domains=domains())))
    assert "Work: importance 40%, focus 55%, satisfaction 6 out of 10" in desc
    assert "Biggest gap: Work, where focus is 15 points above importance." in desc


def test_four_way_view_survives_none_values():
    missing = [
        {"title": "Work", "importance": None, "focus": 55, "satisfaction": None},
        {"title": None, "importance": "not a number", "focus": None, "performance": None},
    ]
    root = assert_accessible_svg(four_way_view_svg(domains=missing))
    texts = drawn_texts(root)
    assert texts.count("not answered") == 7  # every missing, unknown or unreadable value
    assert "55%" in texts
    assert "None" not in all_drawn(root)
    assert_accessible_svg(four_way_view_svg(domains=[]))


def test_four_way_view_escapes_domain_titles():
    markup = four_way_view_svg(domains=[{"title": HOSTILE, "importance": 50, "focus": 50}])
    assert_safe(markup)
    root = parse(markup)
    assert HOSTILE in chart_title_and_desc(root)[1]
    [(full, drawn)] = tooltips(root)  # too long for the title column: cut, full text kept
    assert full == HOSTILE
    assert drawn.startswith("<script>alert(1)</script> &")


def test_four_way_view_truncates_long_domain_titles_but_keeps_them_in_tooltips():
    root = parse(four_way_view_svg(domains=[{"title": LONG, "importance": 50, "focus": 50}]))
    [(full, drawn)] = tooltips(root)
    assert full == LONG
    assert drawn.endswith(ELLIPSIS)
    assert "THE END" not in drawn


# --- questionnaire profile ----------------------------------------------------------------------


def test_questionnaire_shows_stage_titles_statements_and_ratings():
    pairs = [(value % 6 + 1, None) for value in range(19)]
    root = assert_accessible_svg(questionnaire_profile_svg(stages=stages(pairs)))
    texts = drawn_texts(root)
    for stage in stages(pairs):
        assert stage["title"] in texts
        for entry in stage["items"]:
            assert entry["left"] in texts
            assert entry["right"] in texts
    items = root.findall(f".//{SVG}g[@data-number]")
    assert [g.get("data-number") for g in items] == [str(n) for n in range(1, 20)]
    for g, (value, _) in zip(items, pairs, strict=True):
        [marker] = g.findall(f"{SVG}g[@class='marker marker-self']")
        assert visible_text(marker) == str(value)  # the value is written in its marker


def test_questionnaire_without_second_ratings_has_no_diamonds_or_talk_marks():
    root = parse(questionnaire_profile_svg(stages=stages([(1, None), (6, None)] * 9 + [(2, None)])))
    assert root.findall(f".//{SVG}polygon") == []
    assert root.findall(f".//{SVG}g[@class='item item-discuss']") == []
    assert "talk about this" not in all_drawn(root)


def test_questionnaire_marks_exactly_the_items_three_or_more_apart():
    pairs = [(1, 4), (1, 3), (6, 2), (2, 2), (5, 6), (None, 6), (6, None), (2, 6)] + [(3, 4)] * 11
    markup = questionnaire_profile_svg(stages=stages(pairs), second_label="Prof. Park (mentor)")
    root = assert_accessible_svg(markup)
    flagged = root.findall(f".//{SVG}g[@class='item item-discuss']")
    assert [g.get("data-number") for g in flagged] == ["1", "3", "8"]
    for g in flagged:
        assert "talk about this" in drawn_texts(g)
        outline = g.find(f"{SVG}rect")
        assert float(outline.get("stroke-width")) >= 2  # a bold outline, not only a colour
    assert drawn_texts(root).count("talk about this") == 3
    _, desc = chart_title_and_desc(root)
    assert "items 1, 3 and 8" in desc


def test_questionnaire_draws_second_ratings_as_diamonds_named_in_the_legend():
    pairs = [(2, 5)] + [(3, None)] * 18
    root = parse(questionnaire_profile_svg(stages=stages(pairs), second_label="Prof. Park"))
    # One diamond in the legend and one for the only item with a second rating.
    assert len(root.findall(f".//{SVG}g[@class='marker marker-second']/{SVG}polygon")) == 2
    assert "Prof. Park" in drawn_texts(root)
    assert "Prof. Park: not answered" in drawn_texts(root)


def test_questionnaire_survives_none_values():
    pairs = [(None, None)] * 19
    root = assert_accessible_svg(questionnaire_profile_svg(stages=stages(pairs)))
    assert drawn_texts(root).count("not answered") == 19
    assert root.findall(f".//{SVG}circle") == [root.find(f".//{SVG}circle")]  # legend only
    empty = [{"title": "Empty stage", "items": []}, {"title": None, "items": None}]
    assert "Empty stage" in all_drawn(parse(questionnaire_profile_svg(stages=empty)))
    assert_accessible_svg(questionnaire_profile_svg(stages=[]))


def test_questionnaire_escapes_statements_titles_and_second_label():
    hostile_stages = [
        {"title": HOSTILE, "items": [item(1, 2, 6, left=HOSTILE, right=HOSTILE)]},
    ]
    markup = questionnaire_profile_svg(stages=hostile_stages, second_label=HOSTILE)
    assert_safe(markup)
    root = assert_accessible_svg(markup)
    texts = drawn_texts(root)
    assert texts.count(HOSTILE) >= 3
    title, _ = chart_title_and_desc(root)
    assert HOSTILE in title


def test_questionnaire_truncates_long_statements_but_keeps_them_in_tooltips():
    long_stages = [{"title": LONG, "items": [item(1, 3, None, left=LONG, right="x" * 300)]}]
    root = parse(questionnaire_profile_svg(stages=long_stages))
    pairs = tooltips(root)
    assert {full for full, _ in pairs} == {LONG, "x" * 300}
    assert len(pairs) == 3  # stage title, left and right statements
    for full, drawn in pairs:
        assert drawn.endswith(ELLIPSIS)
        assert len(drawn) < len(full)
        assert "THE END" not in drawn


def test_questionnaire_uses_the_given_scale_for_its_ticks():
    root = parse(questionnaire_profile_svg(stages=stages([(7, None)] * 19), scale=(1, 10)))
    numbers = set(drawn_texts(root))
    assert {str(n) for n in range(1, 11)} <= numbers
    _, desc = chart_title_and_desc(root)
    assert "scale from 1" in desc
    assert "to 10" in desc

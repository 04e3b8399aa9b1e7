"""The server-made charts (pages and PDF alike): saved values shaped as plain chart data, and
`draw` to turn that data into SVG.

A chart is plain data until it is drawn, so the PDF can fingerprint it cheaply. The drawing lives
in one file per chart (questionnaire.py, mentor_map.py, four_way.py) on a small SVG toolkit
(svg.py); labels.py lays a chart's words over it as HTML for the PDF."""

from django.utils.safestring import mark_safe

from . import four_way, mentor_map, questionnaire


def questionnaire_stages(spec, ratings: dict, second: dict | None = None):
    number = 0
    stages = []
    for stage in spec["stages"]:
        items = []
        for item in stage["items"]:
            number += 1
            items.append(
                {
                    "number": number,
                    "left": item["left"],
                    "right": item["right"],
                    "value": ratings.get(item["slug"]),
                    "second": (second or {}).get(item["slug"]),
                }
            )
        stages.append({"title": stage["title"], "items": items})
    return stages


def mentor_map_groups(spec, names: dict):
    """names: category slug → list of names."""
    groups = []
    for category in spec["categories"]:
        if not groups or groups[-1]["title"] != category["group"]:
            groups.append({"title": category["group"], "categories": []})
        groups[-1]["categories"].append(
            {"title": category["title"], "names": names.get(category["slug"], [])}
        )
    return groups


def four_way_domains(spec, values: dict):
    """values: field name (e.g. importance_work) → number or None."""
    return [
        {
            "title": domain["title"],
            **{
                measure["slug"]: values.get(f"{measure['slug']}_{domain['slug']}")
                for measure in spec["measures"]
            },
        }
        for domain in spec["domains"]
    ]


# A chart is plain data until it is drawn: {"kind": …, **the drawing function's arguments}.
# The PDF fingerprints the data (cheap) and draws only when it has to render.
_DRAW = {
    "questionnaire": questionnaire.questionnaire_profile_svg,
    "mentor_map": mentor_map.mentor_map_svg,
    "four_way": four_way.four_way_view_svg,
}


def register(kind: str, drawing) -> None:
    """A chart kind another part draws (followup: the rounds after the course), so that
    `draw` and the PDF's chart_image know it; worksheets imports nothing of that part."""
    _DRAW[kind] = drawing


def draw(chart: dict):
    """The chart's SVG markup, marked safe (the drawing escapes every piece of text)."""
    arguments = {key: value for key, value in chart.items() if key != "kind"}
    return mark_safe(_DRAW[chart["kind"]](**arguments))


def questionnaire_chart(
    spec, ratings, *, second=None, second_label=None, id_prefix, statements=True
) -> dict:
    return {
        "kind": "questionnaire",
        "stages": questionnaire_stages(spec, ratings, second),
        "scale": (spec["scale"]["min"], spec["scale"]["max"]),
        "id_prefix": id_prefix,
        "second_label": second_label,
        "statements": statements,
    }


def narrow_version(chart: dict) -> dict:
    """The same chart laid out for a phone's width (pages show it below 576 px)."""
    return chart | {"narrow": True, "id_prefix": f"{chart['id_prefix']}-narrow"}


def mentor_map_chart(spec, names, *, person, id_prefix) -> dict:
    groups = mentor_map_groups(spec, names)
    return {"kind": "mentor_map", "person": person, "groups": groups, "id_prefix": id_prefix}


def draw_for_screens(chart: dict):
    """The chart drawn twice, wide and for a phone, each shown at its widths (app.css)."""
    wide, narrow = draw(chart), draw(narrow_version(chart))
    return mark_safe(
        f'<div class="chart-wide">{wide}</div><div class="chart-narrow">{narrow}</div>'
    )


def four_way_chart(spec, values, *, id_prefix) -> dict:
    domains = four_way_domains(spec, values)
    return {"kind": "four_way", "domains": domains, "id_prefix": id_prefix}


def questionnaire_svg(spec, ratings, **options):
    return draw(questionnaire_chart(spec, ratings, **options))


def mentor_map_svg(spec, names, **options):
    return draw(mentor_map_chart(spec, names, **options))


def four_way_svg(spec, values, **options):
    return draw(four_way_chart(spec, values, **options))

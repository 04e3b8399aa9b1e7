"""What the PDF prints of each worksheet kind, as plain data: one builder per kind, named in the
registry (worksheets/kinds.py). Each takes the section, the person's saved work (`Records`, in
context.py) and the person's name."""

from collections import defaultdict

from .. import charts
from ..models import (
    FourWayView,
    ListItem,
    MentorMapEntry,
    MentorshipAgreement,
    QuestionnaireRating,
    RolesChecklist,
    SmartGoal,
    StairSteps,
    StrategyChoice,
)


def smart_goals_pdf(section, records, person):
    fields = section.spec.get("fields", [])
    goals = [
        g for g in records.all(SmartGoal, section) if any(getattr(g, f["slug"]) for f in fields)
    ]
    return {
        "fields": fields,
        "goals": [[getattr(goal, f["slug"]) for f in fields] for goal in goals]
        or [[""] * len(fields)],
    }


def strategies_pdf(section, records, person):
    record = records.one(StrategyChoice, section)
    chosen = set(record.chosen) if record else set()
    own = record.own if record else []
    slots = max(section.spec.get("own_slots", 0), len(own))
    return {
        "items": [
            {"text": i["text"], "chosen": i["slug"] in chosen} for i in section.spec["items"]
        ],
        "own": own + [""] * (slots - len(own)),
    }


def roles_pdf(section, records, person):
    record = records.one(RolesChecklist, section)
    needed = set(record.needed) if record else set()
    priorities = set(record.priorities) if record else set()
    return {
        "priorities": section.spec.get("priorities", 3),
        "groups": [
            {
                "title": group["title"],
                "roles": [
                    {
                        "text": role["text"],
                        "needed": role["slug"] in needed,
                        "priority": role["slug"] in priorities,
                    }
                    for role in group["roles"]
                ],
            }
            for group in section.spec["groups"]
        ],
    }


def agreement_pdf(section, records, person):
    record = records.one(MentorshipAgreement, section)
    texts = record.fields if record else {}
    return {
        "mentor_name": record.mentor_name if record else "",
        "mentee_name": record.mentee_name if record else "",
        "parts": [
            {
                **part,
                "text": texts.get(part["slug"], ""),
                "mentor_comments": records.mentor_comments.get(part["slug"], []),
            }
            for part in section.spec["sections"]
        ],
        "signatures": [
            {
                "label": signature["label"],
                "name": getattr(record, f"{signature['slug']}_signature", "") if record else "",
                "date": getattr(record, f"{signature['slug']}_signed_on", None) if record else None,
            }
            for signature in section.spec.get("signatures", [])
        ],
    }


def questionnaire_pdf(section, records, person):
    ratings = {r.item: r.value for r in records.all(QuestionnaireRating, section)}
    spec = section.spec
    comparison = records.comparison
    return {
        "scale": list(range(spec["scale"]["min"], spec["scale"]["max"] + 1)),
        "stages": charts.questionnaire_stages(spec, ratings),
        # The statements are in the table just above: the chart shows item numbers only.
        "chart": charts.questionnaire_chart(
            spec, ratings, id_prefix=f"pdf-q-{section.pk}", statements=False
        )
        if ratings and not comparison
        else "",
        "comparison": comparison,
    }


def mentor_map_pdf(section, records, person):
    people = defaultdict(list)
    for entry in sorted(records.all(MentorMapEntry, section), key=lambda e: e.slot):
        if entry.name:
            people[entry.category].append({"name": entry.name, "note": entry.note})
    names = {slug: [p["name"] for p in group] for slug, group in people.items()}
    groups = []
    for category in section.spec["categories"]:
        if not groups or groups[-1]["title"] != category["group"]:
            groups.append({"title": category["group"], "categories": []})
        groups[-1]["categories"].append(
            {"title": category["title"], "people": people.get(category["slug"], [])}
        )
    return {
        # Empty rows to write in only while the map is empty (the blank workbook, or a map not
        # begun); a filled map lists its people and leaves out the areas nobody is in.
        "slots": 0 if names else section.spec.get("slots", 3),
        "groups": _filled_groups(groups) if names else groups,
        "chart": charts.mentor_map_chart(
            section.spec, names, person=person or "You", id_prefix=f"pdf-map-{section.pk}"
        )
        if names
        else "",
    }


def _filled_groups(groups: list[dict]) -> list[dict]:
    """The map's groups and areas that have someone in them."""
    kept = [
        {**group, "categories": [c for c in group["categories"] if c["people"]]} for group in groups
    ]
    return [group for group in kept if group["categories"]]


def stair_steps_pdf(section, records, person):
    record = records.one(StairSteps, section)
    return {
        "steps": [
            {
                "label": step["label"],
                "required": step["required"],
                "text": getattr(record, step["slug"].replace("-", "_")) if record else "",
            }
            for step in section.spec["steps"]
        ]
    }


def four_way_view_pdf(section, records, person):
    record = records.one(FourWayView, section)
    spec = section.spec
    values = {}
    if record:
        values = {
            f"{m['slug']}_{row}": getattr(record, f"{m['slug']}_{row}", None)
            for m in spec["measures"]
            for row in [d["slug"] for d in spec["domains"]] + ["overall"]
            if hasattr(record, f"{m['slug']}_{row}")
        }
    return {
        "notice": spec.get("notice", ""),
        "measures": spec["measures"],
        "rows": [
            {
                "title": d["title"],
                "subtitle": d.get("subtitle", ""),
                "values": [values.get(f"{m['slug']}_{d['slug']}") for m in spec["measures"]],
            }
            for d in spec["domains"]
        ],
        "overall": [
            _percent_total(m, spec, values)
            if m["kind"] == "percent"
            else values.get(f"{m['slug']}_overall")
            for m in spec["measures"]
        ],
        "chart": charts.four_way_chart(spec, values, id_prefix=f"pdf-4w-{section.pk}")
        if any(v is not None for v in values.values())
        else "",
    }


def _percent_total(measure, spec, values):
    """What a percent column adds up to, or None while it is blank."""
    given = [values.get(f"{measure['slug']}_{d['slug']}") for d in spec["domains"]]
    given = [v for v in given if v is not None]
    return sum(given) if given else None


def list_pdf(section, records, person):
    items = [
        i.text for i in sorted(records.all(ListItem, section), key=lambda i: i.position) if i.text
    ]
    minimum = section.spec.get("min_items", 1)
    return {
        "label": section.spec.get("item_label", "Item"),
        "items": items + [""] * max(0, minimum - len(items)),
    }

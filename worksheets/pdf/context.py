"""Everything the workbook PDF shows, gathered in a constant number of queries before rendering.

The result is plain data (dicts, lists, strings, numbers): the template needs no database and
no logic beyond loops and conditions."""

from collections import defaultdict

from django.utils import timezone

from sessions_app.boards.selectors import board_posts_for_pdf
from sessions_app.curriculum.cache import course_in_order

from .. import charts
from ..mentor.services import expectations_comparison
from ..models import (
    Answer,
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


class Records:
    """One participant's saved work, fetched once, looked up by section."""

    def __init__(self, enrollment):
        self.enrollment = enrollment
        if enrollment is None:  # the blank workbook
            self.answers, self.single, self.many = {}, {}, defaultdict(list)
            self.comparison = None
            self.boards = {}
            return
        self.comparison = _comparison(enrollment)
        self.boards = {b["section_id"]: b for b in board_posts_for_pdf(enrollment) if b["posts"]}
        mine = {"enrollment": enrollment}
        self.answers = {a.prompt_id: a.text for a in Answer.objects.filter(**mine)}
        self.single = {}
        for model in (StrategyChoice, RolesChecklist, MentorshipAgreement, StairSteps, FourWayView):
            for record in model.objects.filter(**mine):
                self.single[(model, record.section_id)] = record
        self.many = defaultdict(list)
        for model in (SmartGoal, QuestionnaireRating, MentorMapEntry, ListItem):
            for record in model.objects.filter(**mine):
                self.many[(model, record.section_id)].append(record)

    def one(self, model, section):
        return self.single.get((model, section.pk))

    def all(self, model, section):
        return self.many[(model, section.pk)]


def _comparison(enrollment):
    """The participant's and the mentor's questionnaire side by side, as plain data."""
    comparison = expectations_comparison(enrollment, id_prefix="pdf-comparison", statements=False)
    if comparison is None:
        return None
    return {
        "mentor": comparison["link"].mentor_name,
        "gaps": comparison["gaps"],
        "threshold": comparison["threshold"],
        "chart": comparison["chart"],
    }


def workbook_context(enrollment=None, *, blank=False) -> dict:
    """The PDF's data for one participant, or for the blank printable workbook."""
    records = Records(None if blank else enrollment)
    person = "" if blank or enrollment is None else str(enrollment.user)
    sessions = []
    for module, sections in course_in_order():
        if not sessions or sessions[-1]["title"] != module.session.title:
            sessions.append({"title": module.session.title, "modules": []})
        sessions[-1]["modules"].append(_module(module, sections, records, person))
    return {
        "blank": blank,
        "participant": person,
        "email": "" if blank or enrollment is None else enrollment.user.email,
        "cohort": "" if blank or enrollment is None else enrollment.cohort.name,
        "generated_at": timezone.localtime(),
        "sessions": sessions,
    }


def _module(module, sections, records, person):
    return {
        "title": module.title,
        "slug": module.slug,
        "session": module.session.title,
        "intro": module.intro,
        "objectives": module.objectives,
        "sections": [_section(section, records, person) for section in sections],
    }


def _section(section, records, person):
    prompts = list(section.prompts.all())
    doc = {
        "kind": section.kind,
        "worksheet_type": section.worksheet_type,
        "slug": section.slug,
        "title": section.title,
        "summary": section.summary,
        "body": section.body,
        "spec": section.spec,
        "questions": [
            {"text": p.text, "answer": records.answers.get(p.pk, "")}
            for p in prompts
            if not p.in_grid
        ],
    }
    if section.pk in records.boards:
        doc["cohort_said"] = records.boards[section.pk]["posts"]
    if section.worksheet_type == "grid":
        doc["grid"] = _grid(section, prompts, records)
    builder = WORKSHEET_BUILDERS.get(section.worksheet_type)
    if builder:
        doc["worksheet"] = builder(section, records, person)
    return doc


def _grid(section, prompts, records):
    cells = {(p.row_label, p.column_label): records.answers.get(p.pk, "") for p in prompts}
    columns = [c["label"] for c in section.spec["columns"]]
    return {
        "row_header": section.spec.get("row_header", ""),
        "columns": columns,
        "rows": [
            {"label": row["label"], "cells": [cells.get((row["label"], c), "") for c in columns]}
            for row in section.spec["rows"]
        ],
    }


def _smart_goals(section, records, person):
    fields = section.spec.get("fields", [])
    goals = [
        g for g in records.all(SmartGoal, section) if any(getattr(g, f["slug"]) for f in fields)
    ]
    return {
        "fields": fields,
        "goals": [[getattr(goal, f["slug"]) for f in fields] for goal in goals]
        or [[""] * len(fields)],
    }


def _strategies(section, records, person):
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


def _roles(section, records, person):
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


def _agreement(section, records, person):
    record = records.one(MentorshipAgreement, section)
    texts = record.fields if record else {}
    return {
        "mentor_name": record.mentor_name if record else "",
        "mentee_name": record.mentee_name if record else "",
        "parts": [
            {
                **part,
                "text": texts.get(part["slug"], ""),
                "mentor_comment": record.mentor_comments.get(part["slug"], "") if record else "",
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


def _questionnaire(section, records, person):
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


def _mentor_map(section, records, person):
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
        "slots": section.spec.get("slots", 3),
        "groups": groups,
        "chart": charts.mentor_map_chart(
            section.spec, names, person=person or "You", id_prefix=f"pdf-map-{section.pk}"
        )
        if names
        else "",
    }


def _stair_steps(section, records, person):
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


def _four_way_view(section, records, person):
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
            None if m["kind"] == "percent" else values.get(f"{m['slug']}_overall")
            for m in spec["measures"]
        ],
        "chart": charts.four_way_chart(spec, values, id_prefix=f"pdf-4w-{section.pk}")
        if any(v is not None for v in values.values())
        else "",
    }


def _list(section, records, person):
    items = [
        i.text for i in sorted(records.all(ListItem, section), key=lambda i: i.position) if i.text
    ]
    minimum = section.spec.get("min_items", 1)
    return {
        "label": section.spec.get("item_label", "Item"),
        "items": items + [""] * max(0, minimum - len(items)),
    }


WORKSHEET_BUILDERS = {
    "smart_goals": _smart_goals,
    "strategies": _strategies,
    "roles": _roles,
    "agreement": _agreement,
    "questionnaire": _questionnaire,
    "mentor_map": _mentor_map,
    "stair_steps": _stair_steps,
    "four_way_view": _four_way_view,
    "list": _list,
}
